"""What WeasyPrint 70 leaves undone for PDF/UA-1 and PDF/A, done on the written PDF with pikepdf.

WeasyPrint tags a PDF (structure tree, /MarkInfo, /Lang, /DisplayDocTitle) but its output fails
PDF/UA-1 and PDF/A validators in a few known places (upstream Kozea/WeasyPrint#2482, #2508,
#1836, #1661, #2917). Each function below repairs one of them, from the PDF alone:

- the running header and footer (page margin boxes) are marked content that no structure element
  in the tree reaches: they become ``/Artifact`` of ``/Type /Pagination`` (ISO 14289-1, 7.8);
- a link annotation whose OBJR sits in a child of the Link element (a link holding ``<em>``)
  moves up into that Link element (7.18.5), and every link gets ``/Contents`` (7.18.1);
- table header cells get ``/Scope`` (7.5): ``/Column`` in a header row, ``/Row`` otherwise;
- every annotation gets the Print flag (ISO 19005-2, 6.3.2; outloud warns without it);
- a PDF/A file that is tagged also declares ``pdfuaid:part`` in its XMP;
- the metadata stream is written without a Filter (ISO 19005-2/-3, 6.6.2.1; qpdf never
  compresses XMP).

The file is saved with a content-derived second /ID element, so the same input gives the same
bytes; the first element (reportgen's brief-derived identifier) is kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name, NumberTree

from .variants import is_pdfa

PRINT_FLAG = 4  # annotation flag bit 3 (ISO 32000-1, table 165)


def conform(data: bytes, *, declare_ua: bool = False) -> bytes:
    """The PDF ``data`` repaired for PDF/UA-1 (when tagged) and PDF/A.

    ``declare_ua`` adds ``pdfuaid:part=1`` to the XMP (for a tagged PDF/A file).
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" in root:
            elements = list(struct_elements(root))
            artifact_untagged_content(pdf, {e.objgen for e in elements if e.is_indirect})
            put_links_in_link_elements(pdf)
            scope_header_cells(elements)
            if declare_ua:
                declare_pdf_ua(pdf)
        for page in pdf.pages:
            for annot in page.get("/Annots", Array()):
                annot.F = int(annot.get("/F", 0)) | PRINT_FLAG
                if annot.get("/Subtype") == Name.Link and "/Contents" not in annot:
                    annot.Contents = link_description(annot)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def struct_elements(root: Dictionary) -> Iterator[Dictionary]:
    """Every structure element reachable from the structure tree root, in document order."""
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [root.StructTreeRoot.get("/K", Array())]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(reversed(list(node)))
            continue
        if not isinstance(node, Dictionary) or node.get("/Type") in (Name.OBJR, Name.MCR):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        yield node
        stack.append(node.get("/K", Array()))


# A marked-content sequence as pydyf writes it: ``/Span <</MCID 7>> BDC``. WeasyPrint shows text
# as glyph codes in hex strings, so the pattern cannot match inside a text operand.
_MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def artifact_untagged_content(pdf: pikepdf.Pdf, reachable: set[tuple[int, int]]) -> None:
    """Mark content that the ParentTree maps to an element outside the tree (``reachable`` holds
    the objgen of every element in it) as pagination artifacts, and drop it from the
    ParentTree.

    WeasyPrint builds structure elements for page margin boxes (running header, footer, page
    numbers) but links them to nothing: a screen reader never reaches them, yet they are tagged
    content, which PDF/UA-1 7.1 forbids; they are pagination artifacts (7.8). The content
    streams are edited as bytes: parsing and rewriting them with pikepdf took four times as long
    as the rest of this module.
    """
    parents = NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parents:
            continue
        by_mcid = parents[int(key)]
        orphans = {mcid for mcid, elem in enumerate(by_mcid)
                   if isinstance(elem, Dictionary) and elem.objgen not in reachable}
        if not orphans:
            continue
        page.contents_coalesce()
        content = _MARKED.sub(
            lambda m, orphans=orphans: _ARTIFACT if int(m[1]) in orphans else m[0],
            page.obj.Contents.read_bytes())
        page.obj.Contents.write(content)
        for mcid in orphans:
            by_mcid[mcid] = None


def put_links_in_link_elements(pdf: pikepdf.Pdf) -> None:
    """Move each link annotation's OBJR into the nearest Link element (PDF/UA-1 7.18.5).

    For ``<a>…<em>Nature</em>…</a>`` WeasyPrint gives the emphasis its own annotation and puts
    its OBJR in a NonStruct child of the Link element.
    """
    parents = NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    for page in pdf.pages:
        for annot in page.get("/Annots", Array()):
            if annot.get("/Subtype") != Name.Link or "/StructParent" not in annot:
                continue
            key = int(annot.StructParent)
            elem = parents.get(key)
            if not isinstance(elem, Dictionary) or elem.get("/S") == Name.Link:
                continue
            link = elem.get("/P")
            while isinstance(link, Dictionary) and link.get("/S") not in (Name.Link, None):
                link = link.get("/P")
            if not isinstance(link, Dictionary) or link.get("/S") != Name.Link:
                continue
            kids, link_kids = _kids(elem), _kids(link)
            objr = [k for k in kids if isinstance(k, Dictionary) and k.get("/Obj") == annot]
            elem.K = Array([k for k in kids if not (isinstance(k, Dictionary)
                                                    and k.get("/Obj") == annot)])
            link.K = Array([*link_kids, *objr])
            parents[key] = link


def _kids(elem: Dictionary) -> list[object]:
    """A structure element's /K as a list: it may be absent, one kid, or an array."""
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def scope_header_cells(elements: list[Dictionary]) -> None:
    """Give every TH a /Scope: /Column in a header row (THead, or a row of TH only), else
    /Row (PDF/UA-1 7.5; WeasyPrint writes /Headers on data cells but no /Scope)."""
    for elem in elements:
        if elem.get("/S") != Name.TH:
            continue
        attrs = elem.get("/A")
        if not isinstance(attrs, Dictionary):
            attrs = Dictionary(O=Name.Table)
            elem.A = attrs
        if "/Scope" in attrs:
            continue
        row = elem.get("/P")
        section = row.get("/P") if isinstance(row, Dictionary) else None
        cells = _kids(row) if isinstance(row, Dictionary) else []
        only_headers = all(isinstance(c, Dictionary) and c.get("/S") == Name.TH for c in cells)
        in_head = isinstance(section, Dictionary) and section.get("/S") == Name.THead
        attrs.Scope = Name.Column if in_head or only_headers else Name.Row


# PDF/A allows only predefined XMP schemas unless the file declares the others (ISO 19005-2,
# 6.6.2.3.3); pdfuaid is not predefined, so it comes with its extension schema.
UA_XMP = b"""<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
"""


def declare_pdf_ua(pdf: pikepdf.Pdf) -> None:
    """``pdfuaid:part=1`` in the XMP of a tagged PDF/A file (ISO 14289-1, 5), with the
    extension schema that PDF/A requires for it; the stream is left uncompressed."""
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return
    xmp = stream.read_bytes()
    if b"pdfuaid" in xmp or b"</rdf:RDF>" not in xmp:
        return
    stream.write(xmp.replace(b"</rdf:RDF>", UA_XMP + b"</rdf:RDF>", 1))


def link_description(annot: Dictionary) -> pikepdf.String:
    """/Contents for a link: its web address, or the name of the place it goes to."""
    action = annot.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return pikepdf.String(str(action.URI))
    dest = annot.get("/Dest", action.get("/D") if isinstance(action, Dictionary) else None)
    return pikepdf.String(f"Go to {dest}" if isinstance(dest, pikepdf.String) else "Go to page")


def conform_variant(data: bytes, variant: str) -> bytes:
    """``conform`` with what ``variant`` needs: a tagged PDF/A file also declares PDF/UA-1."""
    return conform(data, declare_ua=is_pdfa(variant))
