"""E-mail: composing the message, the .eml draft, and delivery to a real SMTP server.

Servers are aiosmtpd instances on 127.0.0.1 started by these tests (see ``mailserver.py``), so
STARTTLS, AUTH and refusals go through smtplib exactly as in use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any, cast

import pytest

from mailserver import free_port, make_certificates, silent_server, smtp_server
from reportgen.brief.load import Loaded
from reportgen.errors import InputError, OutputError
from reportgen.model import Brief, blocks_text, plain_text
from reportgen.render.email.addresses import default_sender, parse_addresses
from reportgen.render.email.message import (
    DOCX_TYPE,
    attachment_warnings,
    compose_message,
    describe,
    limit_from_env,
    mime_type,
    write_eml,
)
from reportgen.render.email.smtp import (
    SmtpSettings,
    send_message,
    settings_from_env,
    transmitted_bytes,
)
from reportgen.theme import HOUSE, Theme

NOW = dt.datetime(2025, 12, 8, 9, 30, tzinfo=dt.UTC)
SENDER = "Open Policy Briefs <briefs@example.org>"
TO = ["Ada Lovelace <ada@example.org>"]


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory, seed: Loaded) -> Path:
    """outputs/<slug>.pdf and .docx as the writers make them (a blank-page PDF and an empty
    document if a writer is not importable, so these tests do not depend on WeasyPrint)."""
    folder = tmp_path_factory.mktemp("outputs")
    slug = seed.brief.meta.slug
    try:
        from reportgen.render.pdf.writer import render_pdf

        pdf = render_pdf(seed.brief, HOUSE)
    except ImportError:
        import io

        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buf = io.BytesIO()
        writer.write(buf)
        pdf = buf.getvalue()
    (folder / f"{slug}.pdf").write_bytes(pdf)
    from docx import Document

    Document().save(str(folder / f"{slug}.docx"))
    return folder


@pytest.fixture(scope="session")
def pdf(outputs: Path, seed: Loaded) -> Path:
    return outputs / f"{seed.brief.meta.slug}.pdf"


@pytest.fixture(scope="session")
def docx(outputs: Path, seed: Loaded) -> Path:
    return outputs / f"{seed.brief.meta.slug}.docx"


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_certificates(tmp_path_factory.mktemp("certs"))


def compose(brief: Brief, attachments: list[Path] | None = None, *, theme: Theme = HOUSE,
            **kw: Any) -> EmailMessage:
    args: dict[str, Any] = {"sender": SENDER, "to": TO, "subject": None, "now": NOW, **kw}
    return compose_message(brief, theme, attachments=attachments or [], **args)


def settings(port: int, **kw: Any) -> SmtpSettings:
    base: dict[str, Any] = {"host": "127.0.0.1", "port": port, "security": "none",
                            "timeout": 3.0, "local_hostname": "client.test"}
    base.update(kw)
    return SmtpSettings(**base)


def words(text: str) -> str:
    """Text with markup removed and whitespace collapsed, for comparing wrapped parts."""
    text = re.sub(r"</?(?:span|strong|em|a|code)\b[^>]*>", "", text)  # inline: no gap
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u00a0", " ")
    return " ".join(text.split())


def reparse(data: bytes) -> EmailMessage:
    return cast(EmailMessage, message_from_bytes(data, policy=policy.default))


def one_line(exc: pytest.ExceptionInfo[Any]) -> str:
    text = str(exc.value)
    assert "\n" not in text, text
    return text.removeprefix("reportgen: error: ")


# ---------------------------------------------------------------------------------------------
# The message


def test_structure_headers_and_types(seed: Loaded, pdf: Path, docx: Path) -> None:
    msg = compose(seed.brief, [pdf, docx], cc=["cc@example.org"], bcc=["hidden@example.org"])
    assert msg.get_content_type() == "multipart/mixed"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == [
        "multipart/alternative", "application/pdf", DOCX_TYPE]
    assert [p.get_content_type() for p in parts[0].iter_parts()] == ["text/plain", "text/html"]
    assert [a.get_filename() for a in msg.iter_attachments()] == [pdf.name, docx.name]
    assert msg["Subject"] == seed.brief.meta.title
    assert msg["Date"] == format_datetime(NOW)
    assert re.fullmatch(r"<[^@<>\s]+@example\.org>", msg["Message-ID"])
    assert msg["Content-Language"] == "en"
    assert str(msg["Bcc"]) == "hidden@example.org"  # kept in the composed message and drafts
    # The email package repeats MIME-Version in every part; only the top level may carry it.
    assert [p for p in msg.walk() if p is not msg and "MIME-Version" in p] == []
    assert msg.as_bytes(policy=policy.SMTP).isascii()  # 7-bit clean for any relay
    assert mime_type(Path("x.DOCX")) == ("application", DOCX_TYPE.split("/")[1])
    assert mime_type(Path("x.bin")) == ("application", "octet-stream")


def test_message_id_domain_and_subject_option(seed: Loaded) -> None:
    msg = compose(seed.brief, subject="  The WAICO brief  ", message_id_domain="mail.example.net")
    assert msg["Subject"] == "The WAICO brief"
    assert msg["Message-ID"].endswith("@mail.example.net>")
    assert msg.get_content_type() == "multipart/alternative"  # nothing to mix in


def test_body_holds_summary_takeaways_and_signoff(seed: Loaded, pdf: Path) -> None:
    brief = seed.brief
    msg = compose(brief, [pdf])
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    body_html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    summary = " ".join(blocks_text(brief.summary).split())
    assert summary in words(text)
    assert summary in words(body_html)
    for takeaway in brief.takeaways:
        assert " ".join(plain_text(takeaway).split()) in words(text)
        assert " ".join(plain_text(takeaway).split()) in words(body_html)
    assert max(len(line) for line in text.splitlines()) <= 78  # wrapped, except a long URL
    # Sign-off: the organization, no link in either part.
    assert text.rstrip().endswith("— Open Policy Briefs")
    signoff = re.search(r"<p class=\"signoff\"[^>]*>(.*?)</p>", body_html, re.S)
    assert signoff and signoff.group(1) == "— Open Policy Briefs"
    assert "http" not in text.rstrip().splitlines()[-1]


def test_html_has_theme_colours_inlined(seed: Loaded) -> None:
    theme = Theme(primary="#aa0000", light="#fafafa", organization="Brand Org")
    body_html = compose(seed.brief, theme=theme).get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<style" not in body_html  # inlined by css-inline, then dropped
    assert re.search(r'<h1 style="[^"]*color: #aa0000', body_html)
    assert re.search(r'class="summary" style="[^"]*background-color: #fafafa', body_html)
    assert "— Brand Org" in body_html


def test_bad_brand_values_cannot_break_out_of_css(seed: Loaded) -> None:
    theme = Theme(primary="red}</style><script>alert(1)</script>")
    body_html = compose(seed.brief, theme=theme).get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script" not in body_html
    assert f"color: {HOUSE.primary}" in body_html


def test_brief_text_is_escaped(seed: Loaded) -> None:
    meta = dataclasses.replace(seed.brief.meta, title="<b>Bold</b> & <script>x()</script>")
    brief = dataclasses.replace(seed.brief, meta=meta)
    msg = compose(brief)
    body_html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in body_html and "<b>" not in body_html
    assert "&lt;script&gt;" in body_html
    text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "<b>Bold</b> & <script>x()</script>" in text  # plain text is not HTML


def test_brand_mail_template_cannot_include_a_file_outside_it(seed: Loaded,
                                                              tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "email.txt.j2").write_text('{% include "pw" %}')
    (templates / "pw").symlink_to(secret)
    theme = dataclasses.replace(HOUSE, template_dirs=(templates, *HOUSE.template_dirs))
    with pytest.raises(InputError) as info:
        compose(seed.brief, theme=theme)
    assert "symbolic link" in info.value.problems[0].message


@pytest.mark.parametrize(("source", "message", "line"), [
    ("Hello\n{{ no_such_name }}\n", "template error: 'no_such_name' is undefined", 2),
    ("{% if %}\n", "template syntax error", 1),
    ("{{ title + 1 }}\n", "template error: TypeError", 1),
])
def test_mail_template_mistakes_are_located(seed: Loaded, tmp_path: Path, source: str,
                                            message: str, line: int) -> None:
    """The e-mail's templates go through the PDF's error mapping: file, line and hint."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "email.txt.j2").write_text(source)
    theme = dataclasses.replace(HOUSE, template_dirs=(templates, *HOUSE.template_dirs))
    with pytest.raises(InputError) as info:
        compose(seed.brief, theme=theme)
    [problem] = info.value.problems
    assert problem.file == str(templates / "email.txt.j2")
    assert problem.message.startswith(message) and problem.line == line
    assert problem.hint


def test_citations_point_to_a_source_list_in_both_bodies(seed: Loaded, pdf: Path) -> None:
    brief = seed.brief
    for attachments in ([pdf], []):  # forwarded without the PDF, the numbers still resolve
        msg = compose(brief, attachments)
        text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        body_html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert "regional rules [1]." in text and "\n3]" not in text  # never split
        shown = {int(n) for group in re.findall(r"\[([\d, ]+)\]", text.split("Sources\n")[0])
                 for n in group.split(",")}
        listed = [int(n) for n in re.findall(r"^\[(\d+)\] ", text, re.M)]
        assert listed == sorted(shown)  # every number shown, and only those, listed once
        nature = brief.source("nature-2025")
        assert ("[1] Nature. China wants to lead the world on AI regulation — will the\n"
                "    plan work? 1 December 2025.\n    <https://doi.org/qhbv>") in text
        sources = text.split("Sources\n-------\n")[1]
        assert not re.search(r"\d\n +(January|February|March|April|May|June|July|August|"
                             r"September|October|November|December) \d{4}", sources)
        html_list = re.findall(r'<p class="source"[^>]*>(.*?)</p>', body_html, re.S)
        assert len(html_list) == len(listed)
        assert words(html_list[0]) == f"[1] Nature. {nature.title} 1 December 2025. {nature.url}"
        assert f'<a href="{nature.url}"' in html_list[0]
        # Sources never cited in the summary or takeaways are not listed.
        uncited = [s for s in brief.sources if s.number not in shown]
        assert uncited and not any(s.title in body_html for s in uncited)


# ---------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("bad", [
    "not an address", "ada@", "@example.org", "ada@example", "ada@@example.org",
    "ada smith@example.org", "ada@example.org; bob@example.org", "ada@exa_mple.org",
    "ada@example.org\r\nBcc: evil@example.net", "", "jöhn@example.org", "undisclosed:;",
])
def test_invalid_addresses_refused(seed: Loaded, bad: str) -> None:
    with pytest.raises(InputError) as exc:
        compose(seed.brief, to=[bad])
    assert exc.value.problems[0].field == "--to"
    assert exc.value.problems[0].hint


def test_addresses_parsed_with_names_commas_and_idn() -> None:
    found = parse_addresses(['"Doe, Jane" <jane@example.org>, bob@localhost',
                             "eve@bücher.example"], "--cc")
    assert [a.addr_spec for a in found] == ["jane@example.org", "bob@localhost",
                                            "eve@xn--bcher-kva.example"]
    assert found[0].display_name == "Doe, Jane"


def test_default_sender() -> None:
    assert default_sender("me@example.org", env={"REPORTGEN_MAIL_FROM": "x@example.org"}) \
        == "me@example.org"
    assert default_sender(None, env={"REPORTGEN_MAIL_FROM": "x@example.org",
                                     "REPORTGEN_SMTP_USER": "u@example.org"}) == "x@example.org"
    assert default_sender(None, env={"REPORTGEN_SMTP_USER": "u@example.org"}) == "u@example.org"
    with pytest.raises(InputError) as exc:
        default_sender(None, env={"REPORTGEN_SMTP_USER": "alice"})
    assert exc.value.problems[0].field == "--from"


def test_invalid_address_never_reaches_the_server(seed: Loaded) -> None:
    with smtp_server() as srv:
        with pytest.raises(InputError):
            compose(seed.brief, bcc=["bob@exa mple.org"])
        # A message built by hand is checked again before connecting.
        msg = compose(seed.brief)
        del msg["To"]
        msg["To"] = "not-an-address"
        with pytest.raises(InputError) as exc:
            send_message(msg, settings(srv.port))
        assert exc.value.problems[0].field == "--to"
        assert srv.handler.sessions == 0 and srv.handler.received == []


def test_crlf_in_subject_refused(seed: Loaded) -> None:
    for subject in ("Hello\r\nBcc: evil@example.net", "Hello\nX-Evil: 1", "a\x00b",
                    "Hello\u2028Bcc: evil@example.net"):
        with pytest.raises(InputError) as exc:
            compose(seed.brief, subject=subject)
        assert exc.value.problems[0].field == "--subject"


def test_crlf_in_title_cannot_add_headers(seed: Loaded) -> None:
    meta = dataclasses.replace(seed.brief.meta, title="Brief\r\nBcc: evil@example.net\nX-Evil: 1")
    msg = compose(dataclasses.replace(seed.brief, meta=meta))
    raw = msg.as_bytes(policy=policy.SMTP)
    assert b"\r\nBcc:" not in raw and b"\nX-Evil:" not in raw
    back = reparse(raw)
    assert "Bcc" not in back and "X-Evil" not in back
    assert back["Subject"] == "Brief Bcc: evil@example.net X-Evil: 1"


def test_missing_or_truncated_attachment_refused(seed: Loaded, pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="attachment not found"):
        compose(seed.brief, [tmp_path / "missing.pdf"])
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
    with pytest.raises(InputError, match="incomplete"):
        compose(seed.brief, [cut])
    bad_docx = tmp_path / "bad.docx"
    bad_docx.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="incomplete"):
        compose(seed.brief, [bad_docx])


def test_non_ascii_filename_rfc2231(seed: Loaded, pdf: Path, tmp_path: Path) -> None:
    named = tmp_path / "résumé-politique.pdf"
    shutil.copyfile(pdf, named)
    raw = compose(seed.brief, [named]).as_bytes(policy=policy.SMTP)
    assert b"filename*=utf-8''r%C3%A9sum%C3%A9-politique.pdf" in raw
    (part,) = reparse(raw).iter_attachments()
    assert part.get_filename() == "résumé-politique.pdf"


def test_size_budget(pdf: Path) -> None:
    assert attachment_warnings([pdf]) == []  # the seed's PDF is far below 10 MB
    (warning,) = attachment_warnings([pdf], limit_bytes=1000)
    assert "over the 1000 B limit" in warning and "REPORTGEN_MAIL_LIMIT_MB" in warning
    assert limit_from_env(None, env={}) == 10 * 1024 * 1024
    assert limit_from_env(None, env={"REPORTGEN_MAIL_LIMIT_MB": "2.5"}) == int(2.5 * 1024 * 1024)
    assert limit_from_env(1, env={"REPORTGEN_MAIL_LIMIT_MB": "2.5"}) == 1024 * 1024
    with pytest.raises(InputError):
        limit_from_env(None, env={"REPORTGEN_MAIL_LIMIT_MB": "ten"})


# ---------------------------------------------------------------------------------------------
# Dry run and draft


def test_describe(seed: Loaded, pdf: Path) -> None:
    msg = compose(seed.brief, [pdf], cc=["cc@example.org"], bcc=["hidden@example.org"])
    text = describe(msg)
    assert "To:       Ada Lovelace <ada@example.org>" in text
    assert "Cc:       cc@example.org" in text
    assert "Bcc:      hidden@example.org" in text
    assert f"Subject:  {seed.brief.meta.title}" in text
    assert re.search(rf"{re.escape(pdf.name)}\s+\d+\.\d KB\s+application/pdf", text)


def test_eml_draft_reparses_to_the_same_message(seed: Loaded, pdf: Path, docx: Path,
                                                tmp_path: Path) -> None:
    msg = compose(seed.brief, [pdf, docx], bcc=["hidden@example.org"])
    path = tmp_path / "drafts" / "brief.eml"
    size = write_eml(msg, path)
    data = path.read_bytes()
    assert size == len(data) and b"\r\n" in data
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    back = reparse(data)
    assert back.items() == msg.items()  # same headers, Bcc kept in a draft
    assert [p.get_content_type() for p in back.walk()] == [p.get_content_type() for p in msg.walk()]
    for ours, theirs in zip(msg.iter_attachments(), back.iter_attachments(), strict=True):
        assert theirs.get_filename() == ours.get_filename()
        assert theirs.get_content() == ours.get_content()
    assert next(back.iter_attachments()).get_content() == pdf.read_bytes()
    for kind in ("plain", "html"):
        ours_text = msg.get_body((kind,)).get_content()  # type: ignore[union-attr]
        theirs_text = back.get_body((kind,)).get_content()  # type: ignore[union-attr]
        assert theirs_text.replace("\r\n", "\n") == ours_text.replace("\r\n", "\n")
    assert back.as_bytes(policy=policy.SMTP) == data  # byte for byte

    write_eml(msg, path, unsent=True)  # Outlook opens it ready to send
    draft = reparse(path.read_bytes())
    assert draft["X-Unsent"] == "1"
    assert b"X-Unsent" not in transmitted_bytes(draft)
    assert "X-Unsent" not in msg


# ---------------------------------------------------------------------------------------------
# Sending


def test_send_plain_delivers_exact_attachment(seed: Loaded, pdf: Path) -> None:
    msg = compose(seed.brief, [pdf], cc=["cc@example.org"], bcc=["Hidden <hidden@example.org>"])
    with smtp_server() as srv:
        send_message(msg, settings(srv.port))
    (got,) = srv.handler.received
    assert got.mail_from == "briefs@example.org"
    assert got.rcpt_tos == ["ada@example.org", "cc@example.org", "hidden@example.org"]
    assert b"hidden@example.org" not in got.data  # Bcc only in the envelope
    received = got.message
    assert "Bcc" not in received
    assert received["Subject"] == seed.brief.meta.title
    (attachment,) = received.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()  # byte-identical to outputs/
    summary = " ".join(blocks_text(seed.brief.summary).split())
    assert summary in words(received.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert summary in words(received.get_body(("html",)).get_content())  # type: ignore[union-attr]


def test_starttls_and_auth(seed: Loaded, pdf: Path, certs: Any) -> None:
    with smtp_server(tls=certs, users={"alice": "s3cret"}) as srv:
        send_message(compose(seed.brief, [pdf]), settings(
            srv.port, security="starttls", cafile=certs.ca, username="alice", password="s3cret"))
    (got,) = srv.handler.received
    assert got.message["Subject"] == seed.brief.meta.title


def test_implicit_tls(seed: Loaded, certs: Any) -> None:
    with smtp_server(tls=certs, implicit_tls=True) as srv:
        send_message(compose(seed.brief), settings(srv.port, security="ssl", cafile=certs.ca))
    assert len(srv.handler.received) == 1


def test_connection_refused(seed: Loaded) -> None:
    port = free_port()
    with pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(port))
    assert one_line(exc) == (f"cannot connect to 127.0.0.1:{port}: connection refused; "
                             "check REPORTGEN_SMTP_HOST/PORT")
    assert exc.value.exit_code == 1


def test_bad_password(seed: Loaded, certs: Any) -> None:
    with smtp_server(tls=certs, users={"alice": "s3cret"}) as srv, \
            pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(
            srv.port, security="starttls", cafile=certs.ca, username="alice", password="wrong"))
    assert one_line(exc) == (
        f"authentication failed for 'alice' at 127.0.0.1:{srv.port}: 535 5.7.8 Authentication "
        "credentials invalid; check REPORTGEN_SMTP_USER and REPORTGEN_SMTP_PASSWORD")
    assert srv.handler.received == []


def test_authentication_required(seed: Loaded, certs: Any) -> None:
    with smtp_server(tls=certs, users={"alice": "s3cret"}) as srv, \
            pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(srv.port, security="starttls",
                                                   cafile=certs.ca))
    assert one_line(exc).startswith(f"127.0.0.1:{srv.port} requires authentication: 530")


def test_untrusted_certificate(seed: Loaded, certs: Any) -> None:
    with smtp_server(tls=certs) as srv, pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(srv.port, security="starttls"))
    assert one_line(exc).startswith(
        f"TLS failure with 127.0.0.1:{srv.port}: certificate verify failed")
    assert "REPORTGEN_SMTP_CAFILE" in str(exc.value)


def test_server_without_starttls(seed: Loaded) -> None:
    with smtp_server() as srv, pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(srv.port, security="starttls"))
    assert one_line(exc).startswith(
        f"TLS failure with 127.0.0.1:{srv.port}: the server does not support STARTTLS")


def test_ssl_against_plain_port(seed: Loaded) -> None:
    with smtp_server() as srv, pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(srv.port, security="ssl"))
    assert one_line(exc) == (f"TLS failure with 127.0.0.1:{srv.port}: the server does not speak "
                             "TLS on this port; use REPORTGEN_SMTP_SECURITY=starttls (port 587)")


def test_rejected_recipient(seed: Loaded) -> None:
    with smtp_server(reject={"nobody@example.org"}) as srv:
        with pytest.raises(OutputError) as exc:
            send_message(compose(seed.brief, to=["nobody@example.org"]), settings(srv.port))
        assert one_line(exc) == (
            f"recipient refused by 127.0.0.1:{srv.port}: nobody@example.org: "
            "550 5.1.1 mailbox unavailable; nothing was sent")
        assert srv.handler.received == []
        with pytest.raises(OutputError) as exc:
            send_message(compose(seed.brief, to=["ada@example.org", "nobody@example.org"]),
                         settings(srv.port))
        assert one_line(exc) == (
            f"sent to 1 of 2 recipients; refused by 127.0.0.1:{srv.port}: "
            "nobody@example.org: 550 5.1.1 mailbox unavailable")
        assert [r.rcpt_tos for r in srv.handler.received] == [["ada@example.org"]]


def test_timeout(seed: Loaded) -> None:
    with silent_server() as port, pytest.raises(OutputError) as exc:
        send_message(compose(seed.brief), settings(port, timeout=0.2))
    assert one_line(exc) == (
        f"SMTP server 127.0.0.1:{port} did not answer within 0.2 s (during connect); "
        "check REPORTGEN_SMTP_HOST/PORT or raise REPORTGEN_SMTP_TIMEOUT")


# ---------------------------------------------------------------------------------------------
# Settings


def test_settings_from_env() -> None:
    env = {"REPORTGEN_SMTP_HOST": "smtp.example.org", "REPORTGEN_SMTP_USER": "alice",
           "REPORTGEN_SMTP_PASSWORD": "pw"}
    s = settings_from_env(env=env, prompt=None)
    assert (s.host, s.port, s.security, s.username, s.password) == (
        "smtp.example.org", 587, "starttls", "alice", "pw")
    assert "pw" not in repr(s)
    s = settings_from_env(env=env, security="ssl", port=2465, host="other.example.org")
    assert (s.host, s.port, s.security) == ("other.example.org", 2465, "ssl")
    assert settings_from_env(env={**env, "REPORTGEN_SMTP_SECURITY": "SSL"}).port == 465


def test_password_comes_from_env_or_prompt_only() -> None:
    import inspect

    assert "password" not in inspect.signature(settings_from_env).parameters
    env = {"REPORTGEN_SMTP_HOST": "smtp.example.org", "REPORTGEN_SMTP_USER": "alice"}
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed"

    s = settings_from_env(env=env, prompt=prompt)
    assert s.password == "typed" and asked == ["SMTP password for alice at smtp.example.org: "]
    with pytest.raises(InputError, match="no password"):
        settings_from_env(env=env, prompt=lambda text: None)  # not a terminal


@pytest.mark.parametrize(("env", "field"), [
    ({}, "--smtp-host"),
    ({"REPORTGEN_SMTP_PORT": "smtp"}, "REPORTGEN_SMTP_PORT"),
    ({"REPORTGEN_SMTP_SECURITY": "tls"}, "REPORTGEN_SMTP_SECURITY"),
    ({"REPORTGEN_SMTP_TIMEOUT": "-1"}, "REPORTGEN_SMTP_TIMEOUT"),
    ({"REPORTGEN_SMTP_CAFILE": "/nonexistent/ca.pem"}, "REPORTGEN_SMTP_CAFILE"),
    ({"REPORTGEN_SMTP_SECURITY": "none", "REPORTGEN_SMTP_USER": "a",
      "REPORTGEN_SMTP_PASSWORD": "p"}, "REPORTGEN_SMTP_SECURITY"),
])
def test_bad_settings(env: dict[str, str], field: str) -> None:
    full = {"REPORTGEN_SMTP_HOST": "smtp.example.org", **env} if field != "--smtp-host" else env
    with pytest.raises(InputError) as exc:
        settings_from_env(env=full, prompt=None)
    assert exc.value.problems[0].field == field


def test_plaintext_auth_allowed_to_loopback_only() -> None:
    env = {"REPORTGEN_SMTP_HOST": "127.0.0.1", "REPORTGEN_SMTP_SECURITY": "none",
           "REPORTGEN_SMTP_USER": "a", "REPORTGEN_SMTP_PASSWORD": "p"}
    assert settings_from_env(env=env).port == 25
