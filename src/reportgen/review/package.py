"""An edited DOCX opened as untrusted input: size, zip bomb, DTD and external-link checks."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import InputError, Problem
from ..render.docx.reference import MAX_PARTS, MAX_RATIO, MAX_UNCOMPRESSED
from ..source.limits import read_limited

MAX_DOCX_BYTES = 64 * 1024 * 1024  # the seed's DOCX is ~130 KB; pictures make the rest
_RATIO_FROM = 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
HINT = "give the .docx file that reportgen built (and reviewers edited), saved as Word .docx"


@dataclass(frozen=True)
class Package:
    """The parts review reads, parsed; ``links`` maps hyperlink relationship ids to URLs."""

    path: Path
    document: etree._Element
    comments: etree._Element | None
    links: dict[str, str]
    identifier: str  # dc:identifier of the core properties: the brief's slug


def _refuse(path: Path, message: str, hint: str = HINT) -> InputError:
    return InputError([Problem(str(path), message, hint=hint)])


def _bounds(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise _refuse(path, f"has {len(infos):,} parts; at most {MAX_PARTS:,} are read")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise _refuse(path, f"is {total / 2**20:,.0f} MB uncompressed; at most "
                      f"{MAX_UNCOMPRESSED // 2**20} MB are read")
    for i in infos:
        if i.file_size > _RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise _refuse(path, f"part {i.filename} inflates "
                          f"{i.file_size // max(i.compress_size, 1):,} times: a zip bomb, "
                          "not a document")


def _xml(path: Path, z: zipfile.ZipFile, name: str) -> etree._Element | None:
    if name not in z.namelist():
        return None
    try:
        root = etree.fromstring(z.read(name), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _refuse(path, f"part {name} is not valid XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise _refuse(path, f"part {name} has a DTD (<!DOCTYPE>), which Word never writes")
    return root


def _links(path: Path, rels: etree._Element | None) -> dict[str, str]:
    """Hyperlinks are the only external targets allowed: a linked template, picture or object
    would make Word (or us) fetch something from elsewhere."""
    links: dict[str, str] = {}
    for rel in rels.iter(_RELS) if rels is not None else ():
        if rel.get("TargetMode") != "External":
            continue
        if rel.get("Type") != _HYPERLINK:
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            raise _refuse(path, f"has an external relationship ({kind} -> "
                          f"{rel.get('Target')!r}): it would load content from elsewhere",
                          "remove the linked template, picture or object in Word, or save "
                          "again from the DOCX reportgen built")
        links[rel.get("Id") or ""] = rel.get("Target") or ""
    return links


def open_docx(path: Path, data: bytes | None = None) -> Package:
    """Read ``path`` (or ``data``, its bytes) as an edited brief; any other file is an
    InputError saying why."""
    if data is None:
        data = read_limited(path, MAX_DOCX_BYTES, "DOCX")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(path, "is not a DOCX file (not a zip package)") from None
    with z:
        _bounds(path, z.infolist())
        document = _xml(path, z, "word/document.xml")
        if document is None:
            raise _refuse(path, "is not a Word document (no word/document.xml)")
        links = _links(path, _xml(path, z, "word/_rels/document.xml.rels"))
        for name in z.namelist():
            if name.endswith(".rels") and name != "word/_rels/document.xml.rels":
                _links(path, _xml(path, z, name))
        core = _xml(path, z, "docProps/core.xml")
        ident = core.findtext("{http://purl.org/dc/elements/1.1/}identifier") \
            if core is not None else None
        return Package(path, document, _xml(path, z, "word/comments.xml"), links,
                       (ident or "").strip())
