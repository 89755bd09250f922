"""Accessibility metadata that python-docx has no API for.

Word's "Alt Text" for a table is ``w:tblCaption`` (the title a screen reader announces before the
table) and ``w:tblDescription`` (a longer summary). WCAG 2.1 1.3.1 and Word's accessibility checker
ask for them; the brief's table caption and note supply both.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement


def describe_table(tbl: BaseOxmlElement, caption: str, description: str) -> None:
    """Set a table's caption and description. They are the last children of ``w:tblPr``
    in the schema's order (after ``w:tblLook``), so appending keeps the order valid."""
    tbl_pr = tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
        element = tbl_pr.makeelement(qn(tag), {qn("w:val"): value})
        tbl_pr.append(element)
