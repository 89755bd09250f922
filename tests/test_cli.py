"""The command line end to end, in subprocesses, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import ROOT, SEED
from reportgen.manifest import MANIFEST

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
Built = tuple[Path, subprocess.CompletedProcess[str]]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("out")
    return out, run("build", str(SEED), "--out", str(out))


def test_help_lists_commands_and_exit_codes() -> None:
    res = run("--help")
    assert res.returncode == 0
    for word in ("build", "validate", "schema", "Exit codes", "bad input"):
        assert word in res.stdout
    build_help = run("build", "--help").stdout
    assert "--format" in build_help and "--out" in build_help and "Exit codes" in build_help


def test_build_writes_both_files_and_reports_them(built: Built) -> None:
    out, res = built
    assert res.returncode == 0, res.stderr
    pdf, docx_path = out / "china-ai-governance.pdf", out / "china-ai-governance.docx"
    lines = res.stdout.splitlines()
    assert any(line.startswith(f"wrote {pdf} (") and " KB, " in line for line in lines)
    assert any(line.startswith(f"wrote {docx_path} (") for line in lines)
    assert len(PdfReader(pdf).pages) >= 2
    assert docx.Document(str(docx_path)).core_properties.title
    # no temp files; the build manifest beside the outputs (--changed)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, docx_path.name, pdf.name]


def test_build_is_reproducible(built: Built, tmp_path: Path) -> None:
    out, _ = built
    res = run("build", str(SEED), "--out", str(tmp_path), "-q")
    assert res.returncode == 0 and res.stdout == ""
    for name in ("china-ai-governance.pdf", "china-ai-governance.docx"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_format_option_limits_outputs(tmp_path: Path) -> None:
    res = run("build", str(SEED), "--format", "docx", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert [p.suffix for p in tmp_path.iterdir() if p.name != MANIFEST] == [".docx"]
    bad = run("build", str(SEED), "--format", "pdf,odt", "--out", str(tmp_path))
    assert bad.returncode == 2
    assert "unknown format 'odt'" in bad.stderr and "Traceback" not in bad.stderr


def test_docx_and_validate_do_not_import_weasyprint() -> None:
    code = (
        "import sys\n"
        "from reportgen.batch import Job, build_one\n"
        "import tempfile, pathlib\n"
        f"job = Job(pathlib.Path({str(SEED)!r}), pathlib.Path(tempfile.mkdtemp()), ('docx',))\n"
        "assert build_one(job).error is None\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert res.returncode == 0, res.stderr


def test_bad_input_exits_2_with_location_and_keeps_old_outputs(
        built: Built, tmp_path: Path) -> None:
    out, _ = built
    work = tmp_path / "out"
    shutil.copytree(out, work)
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    broken = tmp_path / "china-ai-governance.yaml"
    text = SEED.read_text(encoding="utf-8").replace("[@eu-ai-act]", "[@eu-ai-akt]", 1)
    broken.write_text(text, encoding="utf-8")
    res = run("build", str(broken), "--out", str(work))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "[@eu-ai-akt]" in ln)
    assert f"{broken}:{line}:" in res.stderr
    assert "unknown source 'eu-ai-akt'" in res.stderr and "did you mean 'eu-ai-act'" in res.stderr
    assert "nothing was written" in res.stderr or "left as they were" in res.stderr
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


def test_validate_reports_all_files(tmp_path: Path) -> None:
    ok = run("validate", str(SEED))
    assert ok.returncode == 0 and "ok (" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: [\n", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    res = run("validate", str(SEED), str(bad), str(empty), str(tmp_path / "missing.yaml"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert f"{bad}:2:" in res.stderr and "YAML syntax error" in res.stderr
    assert f"{empty}:1:1: error: the file is empty" in res.stderr
    assert "missing.yaml: error: file not found" in res.stderr
    assert "3 errors" in res.stderr


def test_schema_is_json_schema_and_committed_copy_is_current() -> None:
    res = run("schema")
    assert res.returncode == 0
    schema = json.loads(res.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"meta", "summary", "sources", "comparison"} <= set(schema["properties"])
    committed = ROOT / "schema" / "brief.schema.json"
    assert committed.read_text(encoding="utf-8") == res.stdout, "run `make schema`"
    assert SEED.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/brief.schema.json")


def test_installed_wheel_finds_its_templates(tmp_path: Path) -> None:
    """An installed package must render without the repository's templates/ folder."""
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheel_dir), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheel_dir.glob("reportgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportgen/templates/base.html.j2" in names
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(SEED), "--out", str(out), "-q"],
        cwd=tmp_path, env={**ENV, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"},
        capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert (out / "china-ai-governance.pdf").stat().st_size > 10_000


def test_email_send_end_to_end_over_starttls(tmp_path: Path) -> None:
    """The CLI builds the missing PDF, then delivers it; the attachment arrives byte-identical."""
    from mailserver import make_certificates, smtp_server

    certs = make_certificates(tmp_path / "certs")
    out = tmp_path / "out"
    env = {**ENV, "REPORTGEN_SMTP_PASSWORD": "s3cret", "REPORTGEN_SMTP_CAFILE": str(certs.ca)}
    with smtp_server(tls=certs, users={"alice": "s3cret"}) as srv:
        res = subprocess.run(
            [sys.executable, "-m", "reportgen", "email", str(SEED), "--to", "a@example.org",
             "--bcc", "hidden@example.org", "--from", "desk@example.org", "--outputs", str(out),
             "--send", "--smtp-host", srv.host, "--smtp-port", str(srv.port),
             "--smtp-user", "alice"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    assert "built " in res.stdout and "sent to 2 recipient(s)" in res.stdout
    (got,) = srv.handler.received
    assert sorted(got.rcpt_tos) == ["a@example.org", "hidden@example.org"]
    msg = got.message
    assert msg["Bcc"] is None
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == "china-ai-governance.pdf"
    assert attachment.get_content() == (out / "china-ai-governance.pdf").read_bytes()


def test_email_dry_run_and_draft(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dry = run("email", str(SEED), "--to", "a@example.org", "--from", "desk@example.org",
              "--attach", "pdf,docx", "--outputs", str(out))
    assert dry.returncode == 0, dry.stderr
    assert "dry run: nothing sent" in dry.stdout
    assert "china-ai-governance.pdf" in dry.stdout and "china-ai-governance.docx" in dry.stdout
    draft = tmp_path / "draft.eml"
    res = run("email", str(SEED), "--to", "a@example.org", "--from", "desk@example.org",
              "--outputs", str(out), "--out", str(draft))
    assert res.returncode == 0, res.stderr
    assert "built " not in res.stdout  # outputs are up to date: nothing rebuilt
    assert draft.read_bytes().startswith(b"From: ") or b"\r\nSubject: " in draft.read_bytes()


def test_email_refuses_bad_address_and_injection_before_building(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run("email", str(SEED), "--to", "not an address", "--from", "desk@example.org",
              "--outputs", str(out))
    assert res.returncode == 2 and "--to" in res.stderr and "Traceback" not in res.stderr
    res = run("email", str(SEED), "--to", "a@example.org", "--from", "desk@example.org",
              "--subject", "Hi\r\nBcc: evil@example.org", "--outputs", str(out))
    assert res.returncode == 2 and "--subject" in res.stderr
    assert not out.exists()  # nothing built, nothing sent


def test_email_connection_refused_is_one_line(tmp_path: Path) -> None:
    from mailserver import free_port

    port = free_port()
    res = run("email", str(SEED), "--to", "a@example.org", "--from", "desk@example.org",
              "--attach", "none", "--send", "--smtp-host", "127.0.0.1", "--smtp-port",
              str(port), "--smtp-security", "none", "--outputs", str(tmp_path))
    assert res.returncode == 1
    assert f"cannot connect to 127.0.0.1:{port}: connection refused" in res.stderr
    assert "Traceback" not in res.stderr


def test_brand_init_then_build_with_it(tmp_path: Path) -> None:
    kit = tmp_path / "acme"
    res = run("brand", "init", str(kit), "--name", "Acme Institute")
    assert res.returncode == 0, res.stderr
    assert (kit / "brand.yml").is_file() and (kit / "templates" / "base.html.j2").is_file()
    assert f"reportgen build --brand {kit.as_posix()}" in res.stdout
    again = run("brand", "init", str(kit))
    assert again.returncode == 2 and "not empty" in again.stderr
    check = run("brand", "check", str(kit))
    assert check.returncode == 0 and "ok" in check.stdout
    out = tmp_path / "out"
    res = run("build", str(SEED), "--brand", str(kit), "--out", str(out), "-q")
    assert res.returncode == 0, res.stderr
    footer = PdfReader(out / "china-ai-governance.pdf").pages[0].extract_text()
    assert "Acme Institute" in footer


def test_bad_brand_exits_2_and_keeps_outputs(built: Built, tmp_path: Path) -> None:
    out, _ = built
    work = tmp_path / "out"
    shutil.copytree(out, work)
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.yml").write_text("color:\n  primary: notacolour\n", encoding="utf-8")
    res = run("build", str(SEED), "--brand", str(brand), "--out", str(work))
    assert res.returncode == 2
    assert f"{brand / 'brand.yml'}:2:" in res.stderr and "Traceback" not in res.stderr
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


def test_two_briefs_with_one_slug_are_refused(tmp_path: Path) -> None:
    twin = tmp_path / "twin.yaml"
    shutil.copy(SEED, twin)
    out = tmp_path / "out"
    res = run("build", str(SEED), str(twin), "--out", str(out), "--format", "docx")
    assert res.returncode == 2
    assert "slug 'china-ai-governance' is also the slug of" in res.stderr
    assert "Traceback" not in res.stderr


def test_validate_checks_the_brand_a_brief_names(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    text = SEED.read_text(encoding="utf-8").replace(
        "\nmeta:", "\nbrand: no-such-brand\nmeta:", 1)
    brief.write_text(text, encoding="utf-8")
    line = text.splitlines().index("brand: no-such-brand") + 1
    res = run("validate", str(brief))
    assert res.returncode == 2
    assert f"{brief}:{line}:8: error: brand: brand folder not found" in res.stderr


def test_attach_option_is_named_in_its_error(tmp_path: Path) -> None:
    res = run("email", str(SEED), "--to", "a@example.org", "--from", "desk@example.org",
              "--attach", "xls", "--outputs", str(tmp_path))
    assert res.returncode == 2
    assert "--attach: error: unknown format 'xls'" in res.stderr
    assert "e.g. --attach pdf,docx" in res.stderr


def test_refused_resource_is_a_warning_and_quiet_hides_it(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    (brand / "templates").mkdir(parents=True)
    (brand / "brand.yml").write_text('color:\n  primary: "#336699"\n', encoding="utf-8")
    (brand / "templates" / "brief.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block colophon %}'
        '<img src="file:///etc/passwd" alt="x">{% endblock %}', encoding="utf-8")
    out = tmp_path / "out"
    res = run("build", str(SEED), "--brand", str(brand), "--out", str(out), "--format", "pdf")
    assert res.returncode == 0, res.stderr
    assert "warning: " in res.stderr and "/etc/passwd" in res.stderr
    quiet = run("build", str(SEED), "--brand", str(brand), "--out", str(out), "-f", "pdf", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_pdf_variant_option_builds_a_tagged_pdf_reproducibly(tmp_path: Path) -> None:
    for out in ("a", "b"):
        res = run("build", str(SEED), "--format", "pdf", "--pdf-variant", "pdf/ua-1",
                  "--out", str(tmp_path / out))
        assert res.returncode == 0, res.stderr
    first = (tmp_path / "a" / "china-ai-governance.pdf").read_bytes()
    assert (tmp_path / "b" / "china-ai-governance.pdf").read_bytes() == first
    reader = PdfReader(tmp_path / "a" / "china-ai-governance.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"].value is True
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_unknown_pdf_variant_exits_2_with_the_allowed_names(tmp_path: Path) -> None:
    res = run("build", str(SEED), "--pdf-variant", "nope", "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "--pdf-variant: error: unknown PDF variant 'nope'" in res.stderr
    assert all(name in res.stderr for name in ("none", "pdf/ua-1", "pdf/a-3b", "pdf/a-2b"))
    assert not (tmp_path / "out").exists()


def test_brand_pdf_variant_and_the_option_that_switches_it_off(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.yml").write_text("defaults:\n  reportgen:\n    pdf_variant: pdf/a-3b\n",
                                     encoding="utf-8")
    pdf = tmp_path / "out" / "china-ai-governance.pdf"
    res = run("build", str(SEED), "--brand", str(brand), "-f", "pdf", "--out", str(pdf.parent))
    assert res.returncode == 0, res.stderr
    assert "/OutputIntents" in PdfReader(pdf).trailer["/Root"]
    res = run("build", str(SEED), "--brand", str(brand), "-f", "pdf", "--out", str(pdf.parent),
              "--pdf-variant", "none")
    assert res.returncode == 0, res.stderr
    assert "/OutputIntents" not in PdfReader(pdf).trailer["/Root"]
    (brand / "brand.yml").write_text("defaults:\n  reportgen:\n    pdf_variant: bogus\n",
                                     encoding="utf-8")
    res = run("build", str(SEED), "--brand", str(brand), "--out", str(tmp_path / "new"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"{brand / 'brand.yml'}:3:18: error: defaults.reportgen.pdf_variant: " \
           "unknown PDF variant 'bogus'" in res.stderr
    assert "pdf/ua-1" in res.stderr and not (tmp_path / "new").exists()


def test_docx_build_with_a_pdf_variant_does_not_import_weasyprint(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from reportgen.cli import main\n"
        f"main(['build', {str(SEED)!r}, '-f', 'docx', '--pdf-variant', 'pdf/ua-1', '-q',\n"
        f"      '--out', {str(tmp_path)!r}], standalone_mode=False)\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert res.returncode == 0, res.stderr
    assert [p.suffix for p in tmp_path.iterdir() if p.name != MANIFEST] == [".docx"]
