"""Reading located input files: every format reportgen reads goes through here.

A *located document* (``Located``) is the parsed data of one file together with the position of
every key and value in it, so that any later check, by field path, can report file:line:column.
Today it reads YAML (briefs, brand.yml); JSON bibliographies and chart data can build the same
``Located`` from their own parser.

Public API (import from the submodules; this package imports nothing on its own, so a module
that only needs ``did_you_mean`` does not pay for PyYAML or pydantic):

* ``located``: ``Located`` (data + positions: ``key``, ``value``, ``find``, ``line_text``,
  ``problem``), ``Position``, ``line_col``, ``in_file_order``;
* ``yaml``: ``read_yaml`` (file -> ``Located``, or ``InputError``), ``read_located`` (the same,
  also returning the problems that did not stop the reading), ``read_data`` (a chart's
  ``.vl.yaml``: the same checks, plain values), ``compose``, ``path_at``,
  ``plain``, ``short``;
* ``text``: ``decode``, ``control_characters``, ``XML_ILLEGAL``, ``C1_CONTROL`` (for any text
  format);
* ``limits``: ``read_limited`` (a regular file of at most ``MAX_FILE_BYTES``) and
  ``yaml_problems`` (depth, string length and alias expansion, from the parser's events);
* ``explain``: ``Explainer`` (pydantic errors -> positioned ``Problem`` records in plain words),
  ``inner_model``, ``describe``;
* ``suggest``: ``did_you_mean``, ``closest``.

``FieldPath`` and its one spelling ``dotted`` live in ``errors`` (the bottom module), beside
the ``Problem`` that carries them. A problem found by field path before its position is known
is ``errors.Problem.at(path, ...)``; the reader's ``Located`` then places it (see
``brief.load.locate``).
"""
