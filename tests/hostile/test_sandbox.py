"""Threat: a brand kit downloaded from a partner is code. Its templates must not reach Python's
object graph or the file system, must not run for ever, and a brief must not pick an arbitrary
folder on the machine as its brand."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from harness import brand_folder, brief_file, refused, run, succeeded

SECRET = "SECRET-7f3a9"
BASE = '{% extends "base.html.j2" %}\n'

# Ways a template has been seen to reach Python or files; each must fail to render.
ESCAPES = {
    "globals": "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "path_methods": "{{ theme.template_dirs[0].joinpath('{secret}').read_text() }}",
    "logo_path": "{{ theme.logo.path.parent.joinpath('{secret}').read_text() }}",
    "format_attr": "{{ '{0.__class__.__init__.__globals__}'.format(cycler) }}",
    "lambda_globals": "{{ format_date.__globals__ }}",
}


def _hostile(tmp_path: Path, expression: str) -> tuple[Path, Path, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    marker = tmp_path / "pwned"
    code = expression.replace("{marker}", str(marker)).replace("{secret}", str(secret))
    template = BASE + "{% block colophon %}<p>" + code + "</p>{% endblock colophon %}\n"
    brand = brand_folder(tmp_path / "brand", templates={"brief.html.j2": template})
    return brand, marker, secret


@pytest.mark.parametrize("name", ["globals", "path_methods"])  # brand check tries them all
def test_template_cannot_escape_the_sandbox(tmp_path: Path, name: str) -> None:
    brand, marker, _ = _hostile(tmp_path, ESCAPES[name])
    brief = brief_file(tmp_path / "briefs")
    out = tmp_path / "out"
    result = run("build", brief, "--brand", brand, "--format", "pdf", "--out", out, cwd=tmp_path)
    refused(result, "brief.html.j2")
    assert not marker.exists()
    assert SECRET not in result.text
    assert not (out / "small-brief.pdf").exists()


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_brand_check_reports_a_hostile_template(tmp_path: Path, name: str) -> None:
    brand, marker, _ = _hostile(tmp_path, ESCAPES[name])
    result = run("brand", "check", brand, cwd=tmp_path)
    refused(result, "brief.html.j2:2")
    assert not marker.exists()
    assert SECRET not in result.text


def test_email_templates_are_sandboxed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}\n"
    brand = brand_folder(tmp_path / "brand", templates={"email.txt.j2": text})
    brief = brief_file(tmp_path / "briefs")
    result = run("email", brief, "--to", "a@example.org", "--from", "b@example.org",
                 "--attach", "none", "--brand", brand, cwd=tmp_path)
    refused(result, "email.txt.j2")
    assert not marker.exists()


def test_template_context_holds_no_paths(tmp_path: Path) -> None:
    """Every value a template can see is plain data: no object with file-system methods."""
    probe = BASE + (
        "{% block colophon %}"
        "{% for v in [theme.logo, theme.template_dirs, theme.reference_docx, logo_url] %}"
        "<p>{{ v.read_text is defined or v.open is defined or v.joinpath is defined }}</p>"
        "{% endfor %}{% endblock colophon %}\n")
    brand = brand_folder(tmp_path / "brand", templates={"brief.html.j2": probe})
    brief = brief_file(tmp_path / "briefs")
    out = tmp_path / "out"
    result = run("build", brief, "--brand", brand, "--format", "pdf", "--out", out,
                 cwd=tmp_path)
    if result.code == 0:  # a theme without those attributes may also refuse: both are fine
        text = subprocess.run(["pdftotext", str(out / "small-brief.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "True" not in text
    else:
        refused(result, "brief.html.j2")


@pytest.mark.parametrize("loop", [
    "{% for i in range(10**12) %}{{ i }}{% endfor %}",
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
])
def test_template_has_an_operation_budget(tmp_path: Path, loop: str) -> None:
    template = BASE + "{% block colophon %}" + loop + "{% endblock colophon %}\n"
    brand = brand_folder(tmp_path / "brand", templates={"brief.html.j2": template})
    result = run("brand", "check", brand, cwd=tmp_path, timeout=60, memory=1024**3)
    refused(result, "brief.html.j2")


def test_brand_check_renders_templates(tmp_path: Path) -> None:
    broken = BASE + "{% block colophon %}\n<p>{{ meta.title + 1 }}</p>\n{% endblock %}\n"
    brand = brand_folder(tmp_path / "brand", templates={"brief.html.j2": broken})
    refused(run("brand", "check", brand, cwd=tmp_path), "brief.html.j2:3")


def test_brand_check_names_a_self_including_template(tmp_path: Path) -> None:
    looping = BASE + '{% block colophon %}{% include "brief.html.j2" %}{% endblock %}\n'
    brand = brand_folder(tmp_path / "brand", templates={"brief.html.j2": looping})
    refused(run("brand", "check", brand, cwd=tmp_path, timeout=60), "brief.html.j2")


def test_self_extending_template_is_named_at_build(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand",
                         templates={"brief.html.j2": '{% extends "brief.html.j2" %}\n'})
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--brand", brand, "--format", "pdf", "--out", tmp_path / "o",
                 cwd=tmp_path)
    refused(result, "brief.html.j2")


# --- which folder a brief may name as its brand ------------------------------------------


def test_brief_may_not_name_an_absolute_brand(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "elsewhere" / "brand")
    brief = brief_file(tmp_path / "briefs", {"meta:": f"brand: {brand}\nmeta:"})
    refused(run("validate", brief, cwd=tmp_path), "brief.yaml:2:8", "relative")


def test_brief_may_not_climb_out_of_its_folder(tmp_path: Path) -> None:
    brand_folder(tmp_path / "brand")
    brief = brief_file(tmp_path / "briefs", {"meta:": "brand: ../brand\nmeta:"})
    refused(run("validate", brief, cwd=tmp_path), "brief.yaml:2:8")


def test_brief_may_use_a_brand_inside_its_git_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    brand_folder(repo / "brands" / "ours")
    brief = brief_file(repo / "briefs", {"meta:": "brand: ../brands/ours\nmeta:"})
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    succeeded(run("validate", brief, cwd=tmp_path))


def test_brand_option_may_point_anywhere(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "elsewhere" / "brand")
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--brand", brand.resolve(), "--format", "docx",
                 "--out", tmp_path / "out", cwd=tmp_path)
    succeeded(result)


def test_brief_may_not_read_a_bibliography_outside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text("[]", encoding="utf-8")
    brief = brief_file(tmp_path / "briefs", {"meta:": "bibliography: ../refs.json\nmeta:"})
    refused(run("validate", brief, cwd=tmp_path), "brief.yaml:2:", "outside")
