"""A source's archived copy as plain text: .txt, .md, .html or .pdf beside the brief.

PDF text comes from pypdf rather than pdfminer.six: it is pure Python, already installed for the
tests, several times faster on text PDFs, and keeps each printed line on its own line, so a word
hyphenated at a line end ("regu-" / "lated") can be joined again by ``quotes.normalize``.
pdfminer.six lays text out more faithfully for multi-column pages, which matters less here than
one fewer dependency and speed: a quote is searched for as a run of words, not by position.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..files import confined

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")

# Elements whose content is not text a reader sees.
_SKIP = {"script", "style", "noscript", "template", "head"}
# Elements that end a line of text (so words of two paragraphs never run together).
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
           "blockquote", "section", "article", "header", "footer", "figcaption", "pre", "dd",
           "dt", "ul", "ol", "table", "hr"}


class ArchiveError(Exception):
    """An archive that cannot be read; the message says why in the user's words."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML page as a reader sees it: no scripts, styles or markup."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def markdown_text(md: str) -> str:
    """Markdown without its markup, so '*regulated*' in the archive matches 'regulated'."""
    from markdown_it import MarkdownIt

    return html_text(MarkdownIt("commonmark").render(md))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ArchiveError(f"cannot read the PDF: {exc}",
                           "save the page again as PDF, or as .txt or .html") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ArchiveError("the PDF holds no text (a scan?)",
                           "run OCR on it, or archive the text as .txt")
    return text


def locate(brief_path: Path, name: str, folder: Path | None = None) -> Path:
    """The archive file named in a brief: in the archive folder the user named (``folder``,
    kept outside the repository for licensed copies) when it holds that name, else in the
    brief's folder (or below). Either way it must stay inside the folder it was found in."""
    if Path(name).suffix.lower() not in SUFFIXES:
        raise ArchiveError(f"'{name}' is not a text, Markdown, HTML or PDF file",
                           "archives end in " + ", ".join(SUFFIXES))
    if folder is not None and (folder / name).exists():
        inside = confined(folder / name, folder)
        if inside is None:
            raise ArchiveError(f"'{name}' lies outside the archive folder {folder}",
                               "name a file inside the folder given with --archive-dir")
        if inside.is_file():
            return inside
    inside = confined(brief_path.parent / name, brief_path.parent)
    if inside is None:
        raise ArchiveError(f"'{name}' lies outside the brief's folder",
                           "keep archives beside the brief, e.g. in a sources/ folder next to "
                           "it, or in an archive folder given with --archive-dir")
    if not inside.is_file():
        where = f"in {folder} or beside the brief" if folder else "beside the brief"
        raise ArchiveError(f"archive file not found {where}: {name}",
                           "the path is relative to the brief's folder; for a copy kept "
                           "outside the repository, give its folder with --archive-dir DIR "
                           "or REPORTGEN_ARCHIVE_DIR")
    return inside


def read_archive(brief_path: Path, name: str, folder: Path | None = None) -> str:
    """The plain text of the archive ``name`` (see ``locate``); ArchiveError if not. Only read:
    nothing is ever written to an archive folder."""
    path = locate(brief_path, name, folder)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_text(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchiveError(f"'{name}' is not UTF-8 text",
                           "save it as UTF-8 in your editor") from None
    except OSError as exc:
        raise ArchiveError(f"cannot read '{name}': {exc.strerror}") from None
    if suffix in (".html", ".htm"):
        return html_text(text)
    if suffix in (".md", ".markdown"):
        return markdown_text(text)
    return text
