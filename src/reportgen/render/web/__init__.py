"""The web edition: one self-contained HTML file a CMS can take as it is.

``writer`` renders ``web/brief.html.j2`` (brand-overridable, sandboxed like every template);
``cites`` numbers each citation so the source list can link back to it; ``fonts`` subsets brand
fonts to WOFF2 inside the file; ``metadata`` writes what Zotero, Scholar, social cards and
search engines read; ``chartdata`` turns a chart's inlined data into a table for screen readers.
Nothing in the file asks for anything outside it: its Content-Security-Policy says so.
"""
