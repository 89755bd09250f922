"""A brand's reference.docx: checked as untrusted input, then reduced to what the writer uses.

A reference.docx travels with a brand kit and lends its parts to every DOCX built with it, so it
is read like any download:

* **Bounds** before a byte is inflated: at most ``MAX_PARTS`` parts, ``MAX_UNCOMPRESSED`` bytes
  in all, and no part over 1 MB that inflates more than ``MAX_RATIO`` times (a zip bomb).
* **No DTD**: an XML part with a document type declaration (entities, external subsets) is
  refused; Word never writes one.
* **Only what the writer uses is kept** (``KEPT``): the styles, numbering, theme, fonts and
  settings, the default and first-page headers and footers with their images, and the document
  part whose page setup is reused. Everything else is removed with a warning: external
  relationships (``TargetMode="External"``, such as an ``attachedTemplate`` URL, which Word
  fetches when the file is opened: remote-template injection), ``customXml`` parts, macros,
  embedded objects, comments, and even-page headers (``evenAndOddHeaders``; briefs have one
  header for every page after the first).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...errors import Problem

MAX_PARTS = 1_000
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_RATIO = 100
_RATIO_FROM = 1024 * 1024  # small parts may compress well (a page of spaces) and cost nothing

KEPT = re.compile(r"""^(?:
    \[Content_Types\]\.xml | _rels/\.rels | docProps/(?:core|app)\.xml
  | word/(?:document|styles|stylesWithEffects|numbering|settings|webSettings|fontTable
          |footnotes|endnotes)\.xml
  | word/theme/theme\d*\.xml | word/(?:header|footer)\d*\.xml | word/media/[^/]+
  | word/fonts/[^/]+ | word/_rels/[^/]+\.rels
)$""", re.VERBOSE)

# Removed parts worth a warning: code and objects that run or load when Word opens the file.
# (Thumbnails and custom properties go without one.)
_ACTIVE = re.compile(r"vbaProject|vbaData|embeddings/|activeX|glossary/|oleObject", re.I)
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_blank_text=False)


@dataclass
class Reference:
    """A checked and reduced reference.docx: its bytes, what was removed, what is wrong."""

    data: bytes = b""
    removed: list[str] = field(default_factory=list)  # one warning per kind of thing removed
    problems: list[Problem] = field(default_factory=list)  # errors: do not use it


def _error(path: Path, message: str, hint: str) -> Reference:
    return Reference(problems=[Problem(str(path), message, hint=hint)])


def _bounds(path: Path, infos: list[zipfile.ZipInfo]) -> Reference | None:
    hint = ("save it again from Word (File > Save As > .docx); a style template is a few "
            "hundred KB")
    if len(infos) > MAX_PARTS:
        return _error(path, f"reference.docx has {len(infos):,} parts; at most {MAX_PARTS:,} "
                      "are read", hint)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        return _error(path, f"reference.docx is {total / 2**20:,.0f} MB uncompressed; at most "
                      f"{MAX_UNCOMPRESSED // 2**20} MB are read", hint)
    for i in infos:
        if i.file_size > _RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return _error(path, f"reference.docx: part {i.filename} inflates "
                          f"{i.file_size // max(i.compress_size, 1):,} times (uncompressed "
                          f"{i.file_size / 2**20:,.0f} MB): a zip bomb, not a document", hint)
    return None


def _parse(path: Path, name: str, data: bytes) -> tuple[etree._Element | None, Problem | None]:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        return None, Problem(str(path), f"reference.docx: part {name} is not valid XML: {exc}",
                             hint="save it again from Word")
    if root.getroottree().docinfo.doctype:
        return None, Problem(str(path), f"reference.docx: part {name} has a DTD (a <!DOCTYPE> "
                             "declaration), which Word never writes and which can define "
                             "entities", hint="save the document again from Word, or remove "
                             "reference.docx from the brand")
    return root, None


def _target(rels_name: str, target: str) -> str:
    """A relationship's target as a part name (rels of 'word/x.xml' live in 'word/_rels/')."""
    if target.startswith("/"):
        return target.lstrip("/")
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_dir, target))


def _source(rels_name: str) -> str:
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def load_reference(path: Path) -> Reference:
    """Check ``path`` and return it reduced to the parts the DOCX writer uses."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            bad = _bounds(path, infos)
            if bad is not None:
                return bad
            parts = {i.filename: z.read(i) for i in infos if not i.is_dir()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return _error(path, f"reference.docx is not a Word document ({exc})",
                      "save it from Word (File > Save As > .docx), or remove it")
    if "word/styles.xml" not in parts or "[Content_Types].xml" not in parts:
        return _error(path, "reference.docx is not a Word document with styles",
                      "save it from Word (File > Save As > .docx), or remove it to use the "
                      "brand alone")
    trees: dict[str, etree._Element] = {}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            tree, problem = _parse(path, name, data)
            if problem is not None:
                return Reference(problems=[problem])
            assert tree is not None
            trees[name] = tree
    return _reduce(parts, trees)


def _reduce(parts: dict[str, bytes], trees: dict[str, etree._Element]) -> Reference:
    dropped = {n for n in parts if not KEPT.match(n)}
    even = _even_headers(trees)
    dropped |= even
    dropped |= {n for n in parts if n.endswith(".rels") and _source(n) in dropped}
    external = _strip_relationships(trees, dropped)
    settings = trees.get("word/settings.xml")
    had_even = settings is not None and _drop(settings, f"{{{_W}}}evenAndOddHeaders")
    if settings is not None:
        _drop(settings, f"{{{_W}}}attachedTemplate")
    ct = trees["[Content_Types].xml"]
    for override in list(ct):
        if override.get("PartName", "").lstrip("/") in dropped:
            ct.remove(override)
    custom = sorted(n for n in dropped if n.lower().startswith("customxml/"))
    active = sorted(n for n in dropped - set(custom) - even if _ACTIVE.search(n))
    removed = []
    if external:
        removed.append("removed external links, which Word would fetch when the document "
                       "is opened: " + "; ".join(external))
    if custom:
        removed.append("removed customXml parts: " + ", ".join(custom))
    if had_even or even:
        removed.append("removed even-page headers and footers (evenAndOddHeaders): a "
                       "brief has one header for every page after the first")
    if active:
        removed.append("removed parts reportgen does not use: " + ", ".join(active))
    return Reference(_write(parts, trees, dropped), removed)


def _strip_relationships(trees: dict[str, etree._Element], dropped: set[str]) -> list[str]:
    """Remove external relationships and those to dropped parts, and the elements that use
    them; return the external ones as 'type -> target'."""
    external: list[str] = []
    removed_ids: dict[str, set[str]] = {}
    for name, tree in trees.items():
        if not name.endswith(".rels") or name in dropped:
            continue
        for rel in list(tree):
            target = rel.get("Target", "")
            is_external = rel.get("TargetMode") == "External"
            if is_external or _target(name, target) in dropped:
                if is_external:
                    external.append(f"{rel.get('Type', '').rsplit('/', 1)[-1]} -> {target}")
                removed_ids.setdefault(_source(name), set()).add(rel.get("Id", ""))
                tree.remove(rel)
    for name, ids in removed_ids.items():
        if name in trees:
            _drop_references(trees[name], ids)
    return external


def _even_headers(trees: dict[str, etree._Element]) -> set[str]:
    """The parts of even-page headers and footers named in the document's section settings."""
    document = trees.get("word/document.xml")
    rels = trees.get("word/_rels/document.xml.rels")
    if document is None or rels is None:
        return set()
    ids = {ref.get(f"{{{_R}}}id") for tag in ("headerReference", "footerReference")
           for ref in document.iter(f"{{{_W}}}{tag}") if ref.get(f"{{{_W}}}type") == "even"}
    return {_target("word/_rels/document.xml.rels", rel.get("Target", "")) for rel in rels
            if rel.get("Id") in ids and rel.get("TargetMode") != "External"}


def _drop_references(tree: etree._Element, ids: set[str]) -> None:
    """Remove elements that point at a removed relationship (r:id, r:embed, r:link...)."""
    for element in list(tree.iter()):
        if any(k.startswith(f"{{{_R}}}") and v in ids for k, v in element.attrib.items()):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


def _drop(tree: etree._Element, tag: str) -> bool:
    found = list(tree.iter(tag))
    for element in found:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return bool(found)


def _write(parts: dict[str, bytes], trees: dict[str, etree._Element], dropped: set[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name in dropped:
                continue
            if name in trees:
                data = etree.tostring(trees[name], xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            z.writestr(name, data)
    return out.getvalue()


_CHECKED: dict[tuple[str, int, int], Reference] = {}


def checked_reference(path: Path) -> Reference:
    """``load_reference``, once per file version in a process: the brand check and the writer
    share one reading (a changed file, as in ``watch``, is read again)."""
    try:
        stat = path.stat()
    except OSError:
        return load_reference(path)  # reports the missing file in its words
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CHECKED:
        if len(_CHECKED) >= 8:  # a long watch over many edits: keep the newest few
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = load_reference(path)
    return _CHECKED[key]
