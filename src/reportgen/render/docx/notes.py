"""Word's own footnotes: the footnotes part, its relationship and the reference runs, which
python-docx has no API for (python-docx#1). Written as Word writes them, so Word and
LibreOffice number, move and edit the notes themselves.

The part and the two styles are made on the first note only: a brief without notes gets the
same bytes as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.shared import Pt
from lxml.etree import _Element as Element

from . import oxml
from .oxml import W_NS, w

# Word's built-in names and ids, so Word treats them as its own footnote styles.
NOTE_TEXT, NOTE_TEXT_ID = "footnote text", "FootnoteText"
NOTE_REFERENCE, NOTE_REFERENCE_ID = "footnote reference", "FootnoteReference"

# A reference.docx's own footnotes part is read as XML (python-docx's part registry), so that
# notes can be added to it; python-docx would otherwise keep it as opaque bytes.
PartFactory.part_type_for.setdefault(CT.WML_FOOTNOTES, XmlPart)

# Ids -1 and 0 are the separator lines Word draws above the notes; real notes count from 1.
_PART = (f'<w:footnotes xmlns:w="{W_NS}">'
         '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
         'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
         '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
         'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
         '</w:r></w:p></w:footnote></w:footnotes>')


class Footnotes:
    """The document's footnotes part, made or found on first use, and the next free id."""

    def __init__(self, doc: DocumentObject, size_pt: float) -> None:
        self.doc = doc
        self.size_pt = size_pt
        self._root: Element | None = None
        self._next = 1

    def _part_root(self) -> Element:
        if self._root is not None:
            return self._root
        part = self.doc.part
        found = [r.target_part for r in part.rels.values()
                 if r.reltype == RT.FOOTNOTES and not r.is_external]
        if found:  # a reference.docx made by Word has one: keep its separators
            self._root = found[0].element  # type: ignore[attr-defined]
            ids = [int(n.get(w("id"), "0")) for n in self._root.iter(w("footnote"))]
            self._next = max([0, *ids]) + 1
        else:
            new = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_PART),
                          part.package)
            part.relate_to(new, RT.FOOTNOTES)
            self._root = new.element
        self._styles()
        return self._root

    def _styles(self) -> None:
        styles = self.doc.styles
        names = {s.name for s in styles}
        if NOTE_TEXT not in names:
            text = styles.add_style(NOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
            text.style_id = NOTE_TEXT_ID
            text.base_style = styles["Normal"]
            text.font.size = Pt(self.size_pt)  # type: ignore[attr-defined]
            text.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]
        if NOTE_REFERENCE not in names:
            ref = styles.add_style(NOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER, builtin=True)
            ref.style_id = NOTE_REFERENCE_ID
            ref.font.superscript = True  # type: ignore[attr-defined]

    @property
    def part(self) -> XmlPart:
        """Where a link inside a note is related (its r:id must be in this part's rels)."""
        self._part_root()
        return next(r.target_part for r in self.doc.part.rels.values()
                    if r.reltype == RT.FOOTNOTES and not r.is_external)  # type: ignore[return-value]

    def add(self, content: Iterable[Element]) -> Element:
        """A new note holding ``content`` (runs); returns the run that calls it in the text."""
        root = self._part_root()
        note_id = str(self._next)
        self._next += 1
        text_id = self.doc.styles[NOTE_TEXT].style_id
        ref_id = self.doc.styles[NOTE_REFERENCE].style_id
        note = root.makeelement(w("footnote"), {w("id"): note_id})
        root.append(note)
        mark = oxml.RunFormat(style_id=ref_id)
        call = oxml.runs("x", mark)[0]
        p = oxml.paragraph(text_id, [])
        own = oxml.runs("x", mark)[0]
        own[-1].tag, own[-1].text = w("footnoteRef"), None
        oxml.append(p, [own, *oxml.runs(" "), *content])
        note.append(p)
        call[-1].tag, call[-1].text = w("footnoteReference"), None
        call[-1].attrib.clear()
        call[-1].set(w("id"), note_id)
        own[-1].attrib.clear()
        return call
