"""The brief: its YAML format (``schema``), the checks about meaning that turn a valid brief into
the document model (``resolve``, with ``ids``, ``numbering`` and ``placement``), and ``load``,
which reads a file through ``reportgen.source`` and reports every problem at file:line:column.
"""
