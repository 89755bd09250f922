"""Brand folders: ``load`` (brand folder -> Theme) and ``init`` (a new brand kit).

One module per brand.yml section, as Posit's brand_yml is organized: ``colours``, ``assets``
(logo and font files), ``typography``, ``options`` (reportgen's settings, templates,
reference.docx); ``compat`` holds the brand_yml workarounds and ``structure`` its validation;
``to_theme`` builds the Theme; ``report`` collects the problems.
"""
