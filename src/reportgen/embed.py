"""The brief's YAML inside its PDF and DOCX, and back out (``--embed-source``, ``extract``).

Someone who receives only the PDF by e-mail can take the brief out, edit it and rebuild; the
rebuilt file has the same bytes when nothing was changed. Opt-in only: a brief's YAML may hold
internal comments that must not reach the public by accident. Brand files are never embedded.

- PDF: an associated file (``/AF`` on the catalog, ``/AFRelationship /Source``, MIME type
  ``application/yaml``, modification date = the brief's date), the conforming way in PDF/A-3
  (ISO 19005-3, 6.8). PDF/A-1 and PDF/A-2 forbid it: ``check_variant`` refuses the combination.
- DOCX: a custom XML part (``customXml/itemN.xml``, related from the document part, which Word
  keeps on save) holding the file base64-encoded, so every byte survives XML's newline rules.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET
from xml.sax.saxutils import quoteattr

from .errors import InputError, Problem
from .render.pdf.variants import allows_attachments

MIME = "application/yaml"  # RFC 9512
NS = "urn:reportgen:embedded-source:1"
CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"


@dataclass(frozen=True)
class Embedded:
    """One embedded file: its name (no folders) and its exact bytes."""

    name: str
    data: bytes


def source_file(path: Path) -> Embedded:
    return Embedded(path.name, path.read_bytes())


def check_variant(variant: str | None, where: str = "--embed-source") -> None:
    """Refuse embedding into PDF/A-1 and PDF/A-2, which forbid such attachments."""
    if not allows_attachments(variant):
        raise InputError([Problem(
            where, f"{variant} forbids embedded files other than PDF/A documents "
            "(ISO 19005-2, 6.8), so the brief's YAML cannot go inside",
            hint="use --pdf-variant pdf/a-3b (archival, allows the source) or pdf/ua-1, "
                 "or build without --embed-source")])


def pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def embed_pdf(data: bytes, files: list[Embedded], day: dt.date) -> bytes:
    """The PDF with ``files`` attached as its /Source associated files."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        specs = pikepdf.Array()
        for file in files:
            spec = pikepdf.AttachedFileSpec(
                pdf, file.data, description="The brief this PDF was built from (reportgen YAML)",
                filename=file.name, mime_type=MIME, mod_date=pdf_date(day),
                creation_date=pdf_date(day), relationship=pikepdf.Name.Source)
            pdf.attachments[file.name] = spec
            specs.append(spec.obj)
        pdf.Root.AF = specs
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def extract_pdf(data: bytes) -> list[Embedded]:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [Embedded(PurePosixPath(name).name, spec.get_file().read_bytes())
                for name, spec in sorted(pdf.attachments.items())]


def embed_docx(data: bytes, files: list[Embedded], day: dt.date) -> bytes:
    """The DOCX with each file in a custom XML part related from the document part."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {info.filename: (info, src.read(info)) for info in src.infolist()}
    taken = {int(m) for m in re.findall(r"^customXml/item(\d+)\.xml$", "\n".join(members), re.M)}
    rels_xml = members[DOCUMENT_RELS][1]
    rel_ids = {r.get("Id") for r in ET.fromstring(rels_xml)}
    added: list[tuple[str, bytes]] = []
    number = max(taken, default=0)
    for file in files:
        number += 1
        part = f"customXml/item{number}.xml"
        rel_id = next(f"rIdSource{i}" for i in range(1, 1000) if f"rIdSource{i}" not in rel_ids)
        rel_ids.add(rel_id)
        relationship = f'<Relationship Id="{rel_id}" Type="{CUSTOM_XML_REL}" Target="../{part}"/>'
        end = b"</Relationships>"
        rels_xml = rels_xml.replace(end, relationship.encode() + end)
        text = base64.b64encode(file.data).decode("ascii")
        added.append((part, (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<source xmlns="{NS}" name={quoteattr(file.name)} media-type="{MIME}" '
            f'modified="{day.isoformat()}">{text}</source>').encode()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        first = next(iter(members.values()))[0]
        for name, (info, content) in members.items():
            dst.writestr(info, rels_xml if name == DOCUMENT_RELS else content)
        for part, content in added:  # same stamp and attributes as the writer's own members
            member = zipfile.ZipInfo(part, date_time=first.date_time)
            member.compress_type, member.create_system = first.compress_type, first.create_system
            member.external_attr = first.external_attr
            dst.writestr(member, content)
    return out.getvalue()


def extract_docx(data: bytes) -> list[Embedded]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for name in sorted(src.namelist()):
            if not re.fullmatch(r"customXml/item\d+\.xml", name):
                continue
            root = ET.fromstring(src.read(name))
            if root.tag == f"{{{NS}}}source":
                found.append(Embedded(PurePosixPath(root.get("name", "")).name,
                                      base64.b64decode(root.text or "")))
    return found


def extract(path: Path) -> list[Embedded]:
    """The files embedded in a PDF or DOCX built with ``--embed-source`` (empty if none)."""
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise InputError([Problem(str(path), "not a PDF or DOCX file",
                                  expected="a .pdf or .docx built with --embed-source")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(str(path), f"cannot read: {exc.strerror}")]) from None
    try:
        return extract_pdf(data) if suffix == ".pdf" else extract_docx(data)
    except Exception as exc:  # pikepdf, zipfile and XML errors: a damaged or foreign file
        raise InputError([Problem(str(path), f"cannot read the embedded files: {exc}",
                                  hint="is this the file reportgen built?")]) from None


def embed(fmt: str, data: bytes, files: list[Embedded], day: dt.date) -> bytes:
    """``data`` (a rendered ``fmt``) with ``files`` inside."""
    return embed_pdf(data, files, day) if fmt == "pdf" else embed_docx(data, files, day)


def embed_all(rendered: list[tuple[str, bytes, float]], brief_path: Path, day: dt.date,
              variant: str | None) -> list[tuple[str, bytes, float]]:
    """``build.render_all``'s output with the brief's YAML inside every file."""
    if any(fmt == "pdf" for fmt, _, _ in rendered):
        check_variant(variant)  # build.write_formats asks first; this keeps the function safe
    files = [source_file(brief_path)]
    return [(fmt, embed(fmt, data, files, day), seconds) for fmt, data, seconds in rendered]
