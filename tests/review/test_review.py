"""The review loop with a real client: LibreOffice edits a built DOCX with change tracking on,
through its Python-UNO bridge (``uno_edit.py``, run by Debian's python3 with python3-uno), and
``reportgen review`` reads the result back against the brief."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import ROOT, SEED

UNO_PYTHON = Path("/usr/bin/python3")
EDIT = Path(__file__).with_name("uno_edit.py")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
DIRECTOR, EDITOR, LEGAL = "Dana Director", "Eddie Editor", "Lee Legal"
ACCEPTED = ("the world still has", "the world today has")  # changed, then accepted in Word
REPLACED = ("patchwork", "mosaic")
DELETED = "WAICO is unlikely to become an enforcement body. "
CITED_AFTER = "restated the idea at the APEC leaders"  # a typed citation goes after this
COMMENTED = "soft enforcement"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=300)


def soffice(tmp: Path, source: Path, out: Path, steps: list[dict[str, str]],
            pdf: Path | None = None) -> dict[str, object]:
    plan = {"profile": str(tmp / "lo-profile"), "input": str(source), "output": str(out),
            "pdf": str(pdf) if pdf else None, "steps": steps}
    (tmp / "plan.json").write_text(json.dumps(plan))
    done = subprocess.run([str(UNO_PYTHON), str(EDIT), str(tmp / "plan.json")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def add_comment(path: Path, words: str, text: str, author: str) -> None:
    """A reviewer's comment, written with python-docx's comments API into the file LibreOffice
    saved: LibreOffice 7.4 headless crashes when it lays out a comment (inserted through UNO,
    or in a document it opens)."""
    document = docx.Document(str(path))
    for p in document.paragraphs:
        for run_ in p.runs:
            if words in run_.text:
                before, _, after = run_.text.partition(words)
                run_.text = before
                middle = p.add_run(words)
                run_._r.addnext(middle._r)
                if after:
                    tail = p.add_run(after)
                    middle._r.addnext(tail._r)
                document.add_comment(middle, text=text, author=author, initials="DD")
                document.save(str(path))
                return
    raise AssertionError(f"{words!r} not in one run")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not UNO_PYTHON.exists() or shutil.which("soffice") is None:
        pytest.fail("LibreOffice and python3-uno are needed: run scripts/test-deps.sh")
    tmp = tmp_path_factory.mktemp("review")
    work = tmp / "brief"
    shutil.copytree(SEED.parent, work, ignore=shutil.ignore_patterns("*.pdf", "*.docx"))
    brief = work / SEED.name
    built = run("build", str(brief), "-f", "docx", "-o", str(tmp), "-q", cwd=tmp)
    assert built.returncode == 0, built.stderr
    original = tmp / f"{SEED.stem}.docx"
    steps = [
        {"do": "replace", "find": ACCEPTED[0], "with": ACCEPTED[1], "author": EDITOR},
        {"do": "accept_all"},
        {"do": "replace", "find": REPLACED[0], "with": REPLACED[1], "author": EDITOR},
        {"do": "delete", "find": DELETED, "author": LEGAL},
        {"do": "insert_after", "find": CITED_AFTER + "\u2019 meeting on 1 November 2025",
         "text": " [1]", "author": LEGAL},
    ]
    out = tmp / "edited.docx"
    seen = soffice(tmp, original, out, steps, pdf=tmp / "libreoffice.pdf")
    add_comment(out, COMMENTED, "Which source says so?", DIRECTOR)
    unchanged = tmp / "unchanged.docx"
    soffice(tmp, original, unchanged, [])
    return {"tmp": tmp, "brief": brief, "edited": out, "unchanged": unchanged,
            "lo_pdf": tmp / "libreoffice.pdf", "seen": seen, "original": original}


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_bookmark_anchors_survive_libreoffice(edited: dict[str, Path]) -> None:
    marks = edited["seen"]["bookmarks"]  # type: ignore[index]
    ours = [m for m in marks if m.startswith("_rg_")]
    with zipfile.ZipFile(edited["original"]) as z:
        built = re.findall(r'w:name="(_rg_[^"]+)"', z.read("word/document.xml").decode())
    assert len(built) > 80 and sorted(ours) == sorted(built)
    with zipfile.ZipFile(edited["edited"]) as z:
        saved = re.findall(r'w:name="(_rg_[^"]+)"', z.read("word/document.xml").decode())
    assert sorted(saved) == sorted(built)


def test_review_lists_each_change_at_its_yaml_line(edited: dict[str, Path]) -> None:
    done = run("review", str(edited["edited"]), "--brief", str(edited["brief"]),
               cwd=edited["tmp"])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    text = edited["brief"].read_text()
    lines = out.splitlines()
    groups = [ln.rstrip(":") for ln in lines if not ln.startswith(" ")]
    assert groups[:3] == sorted([DIRECTOR, EDITOR, LEGAL])
    replaced = next(ln for ln in lines if "replaced" in ln)
    assert f":{_line_of(text, REPLACED[0])}:" in replaced and ": summary:" in replaced
    assert f'"{REPLACED[0]}" with "{REPLACED[1]}"' in replaced
    deleted = next(ln for ln in lines if "deleted" in ln)
    assert f":{_line_of(text, DELETED.split()[0] + ' is unlikely')}:" in deleted
    inserted = next(ln for ln in lines if "inserted" in ln)
    assert '"[1]"' in inserted and f":{_line_of(text, 'November 2025')}:" in inserted
    comment = next(ln for ln in lines if "comment" in ln)
    assert "Which source says so?" in comment and COMMENTED in comment
    assert f":{_line_of(text, COMMENTED)}:" in comment
    assert ACCEPTED[1] not in out  # accepted in Word: no longer a tracked change


def test_unchanged_docx_saved_by_libreoffice_has_no_changes(edited: dict[str, Path]) -> None:
    done = run("review", str(edited["unchanged"]), cwd=edited["brief"].parent)
    assert done.returncode == 0, done.stderr
    assert "no changes and no comments" in done.stdout


def test_apply_accepted_rewrites_only_the_accepted_words(edited: dict[str, Path]) -> None:
    brief = edited["tmp"] / "accepted" / SEED.name
    shutil.copytree(edited["brief"].parent, brief.parent)
    before = brief.read_bytes()
    done = run("review", str(edited["edited"]), "--brief", str(brief), "--apply", "accepted",
               cwd=edited["tmp"])
    assert done.returncode == 0, done.stderr
    after = brief.read_bytes()
    old, new = before.decode().splitlines(True), after.decode().splitlines(True)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0].replace(*ACCEPTED) == changed[0][1]
    assert REPLACED[0] in after.decode() and DELETED.strip() in after.decode()


def _words(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return " ".join(text.replace("\u00a0", " ").split())


def test_apply_all_builds_to_what_libreoffice_shows(edited: dict[str, Path]) -> None:
    folder = edited["tmp"] / "all"
    brief = folder / SEED.name
    shutil.copytree(edited["brief"].parent, folder)
    done = run("review", str(edited["edited"]), "--brief", str(brief), "--apply", "all",
               cwd=edited["tmp"])
    assert done.returncode == 0, done.stderr
    yaml_text = brief.read_text()
    assert "November 2025 [@nature-2025]\n  [@waico-proposal-2025" in yaml_text
    built = run("build", str(brief), "-f", "pdf", "-o", str(folder), "-q", cwd=folder)
    assert built.returncode == 0, built.stderr
    ours, theirs = _words(folder / f"{SEED.stem}.pdf"), _words(edited["lo_pdf"])
    for phrase in ("the world today has", "only a mosaic of national and regional rules",
                   "1 November 2025 [1] [2, 3]"):
        assert phrase in theirs and phrase in ours, phrase
    assert "unlikely to become an enforcement body" not in theirs
    assert "unlikely to become an enforcement body" not in ours


def _rewrite(src: Path, dst: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, change(data) if info.filename == name else data)


def _bad_inputs(edited: dict[str, Path]) -> dict[str, tuple[Path, str]]:
    tmp, src = edited["tmp"], edited["edited"]
    foreign = tmp / "foreign.docx"
    docx.Document().save(str(foreign))
    stripped = tmp / "stripped.docx"
    _rewrite(src, stripped, "word/document.xml",
             lambda d: re.sub(rb'<w:bookmarkStart w:id="\d+" w:name="_rg_[^"]*"/>', b"", d))
    external = tmp / "external.docx"
    _rewrite(src, external, "word/_rels/document.xml.rels", lambda d: d.replace(
        b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/attachedTemplate" Target="http://example.org/t.dotm"'
        b' TargetMode="External"/></Relationships>'))
    bomb = tmp / "bomb.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>")
        z.writestr("word/media/zeros.bin", b"\0" * (80 * 2**20))
    bomb.write_bytes(buf.getvalue())
    return {"foreign": (foreign, "no reportgen anchors"),
            "stripped": (stripped, "no reportgen anchors"),
            "external": (external, "external relationship"),
            "bomb": (bomb, "uncompressed")}


@pytest.mark.parametrize("case", ["foreign", "stripped", "external", "bomb"])
def test_bad_docx_is_refused_and_the_yaml_kept(edited: dict[str, Path], case: str) -> None:
    path, message = _bad_inputs(edited)[case]
    before = edited["brief"].read_bytes()
    done = run("review", str(path), "--brief", str(edited["brief"]), "--apply", "all",
               cwd=edited["tmp"])
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert "the YAML is unchanged" in done.stderr
    assert edited["brief"].read_bytes() == before


def test_a_brief_changed_since_the_build_is_not_applied(edited: dict[str, Path]) -> None:
    folder = edited["tmp"] / "moved"
    shutil.copytree(edited["brief"].parent, folder)
    brief = folder / SEED.name
    brief.write_text(brief.read_text().replace("only a patchwork of national",
                                               "only a patchwork of many national"))
    before = brief.read_bytes()
    done = run("review", str(edited["edited"]), "--brief", str(brief), "--apply", "all",
               cwd=edited["tmp"])
    assert done.returncode == 2
    assert f"{brief}: error: has changed since" in done.stderr
    assert brief.read_bytes() == before


def test_comments_to_yaml_and_markdown_report(edited: dict[str, Path]) -> None:
    folder = edited["tmp"] / "comments"
    shutil.copytree(edited["brief"].parent, folder)
    brief = folder / SEED.name
    before = brief.read_text()
    report = folder / "review.md"
    done = run("review", str(edited["edited"]), "--brief", str(brief), "--comments-to-yaml",
               "--report", str(report), cwd=edited["tmp"])
    assert done.returncode == 0, done.stderr
    after = brief.read_text()
    added = [ln for ln in after.splitlines() if ln not in before.splitlines()]
    assert len(added) == 1 and added[0].strip().startswith(f"# review: {DIRECTOR}")
    assert "Which source says so?" in added[0]
    assert after.replace(added[0] + "\n", "", 1) == before
    md = report.read_text()
    assert f"## {DIRECTOR}" in md and f"## {LEGAL}" in md and "mosaic" in md
