"""The DOCX: named styles, the writer, and the raw WordprocessingML python-docx has no API for."""
