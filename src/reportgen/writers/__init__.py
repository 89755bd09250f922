"""One writer per output format, all walking the same document model.

Submodules are imported by name (``reportgen.writers.pdf``) rather than re-exported here, so that
importing one writer never pulls in another's dependencies (WeasyPrint, python-docx).
"""
