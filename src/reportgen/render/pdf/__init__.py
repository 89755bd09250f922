"""The PDF: variant names (no WeasyPrint needed), the confined URL fetcher, the writer, and
the worker process that renders PDFs next to the main process."""
