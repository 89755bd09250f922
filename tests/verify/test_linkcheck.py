"""Link checking against a local HTTP server on 127.0.0.1 (no other address is touched)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reportgen.brief.load import load_brief
from reportgen.errors import Problem
from reportgen.verify.linkcheck import LinkOptions, check_links, check_urls

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []  # noqa: RUF012 - shared on purpose: what the server saw

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        Handler.hits.append((self.command, self.path))
        path = self.path
        if path == "/hang":
            time.sleep(3)
        if path == "/nohead" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/moved", "/http-to-https"):
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/temporary":
            self.send_response(302)
            self.send_header("Location", "/ok")
        else:
            self.send_response({"/gone": 404, "/broken": 500}.get(path, 200))
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def options(tmp_path: Path, **changes: float) -> LinkOptions:
    return LinkOptions(**{"timeout": 0.5, "total": 20.0, "delay": 0.0,  # type: ignore[arg-type]
                          "cache": tmp_path / "cache.json", **changes})


def brief_linking(folder: Path, base: str) -> Path:
    """valid_small.yaml with links to the local server in prose and sources."""
    text = (FIXTURES / "valid_small.yaml").read_text(encoding="utf-8")
    text = text.replace("https://example.org/act", f"{base}/gone")
    text = text.replace("More rules will come [@eu-ai-act].",
                        f"More rules [will come]({base}/moved) [@eu-ai-act].")
    text = re.sub(r"url: https://eur-lex\S+", f"url: {base}/ok", text)
    text = re.sub(r"url: https://www.coe.int\S+", f"url: {base}/broken", text)
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_outcome(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/{p}" for p in ("ok", "moved", "temporary", "gone", "broken", "hang",
                                      "nohead")]
    results = check_urls(urls, options(tmp_path))
    got = {u.rsplit("/", 1)[1]: (r.kind, r.status) for u, r in results.items()}
    assert got == {"ok": ("ok", 200), "moved": ("moved", 301), "temporary": ("redirect", 302),
                   "gone": ("dead", 404), "broken": ("error", 500), "hang": ("timeout", None),
                   "nohead": ("ok", 200)}
    assert results[f"{server}/moved"].final == f"{server}/ok"
    assert ("HEAD", "/nohead") in Handler.hits and ("GET", "/nohead") in Handler.hits


def test_cache_answers_for_a_day_but_not_for_timeouts(server: str, tmp_path: Path) -> None:
    urls = [f"{server}/ok", f"{server}/gone", f"{server}/hang"]
    check_urls(urls, options(tmp_path))
    Handler.hits.clear()
    again = check_urls(urls, options(tmp_path))
    assert again[f"{server}/ok"].cached and again[f"{server}/gone"].kind == "dead"
    assert not again[f"{server}/hang"].cached
    assert [p for _, p in Handler.hits] == ["/hang"]


def test_total_limit_leaves_the_rest_unchecked(server: str, tmp_path: Path) -> None:
    results = check_urls([f"{server}/hang"], options(tmp_path, timeout=5.0, total=0.3))
    assert results[f"{server}/hang"].kind == "unchecked"


def test_problems_at_yaml_positions_with_a_summary(server: str, tmp_path: Path) -> None:
    path = brief_linking(tmp_path, server)
    problems = check_links(load_brief(path), options(tmp_path))
    lines = path.read_text(encoding="utf-8").split("\n")

    def where(p: Problem) -> str:
        return lines[p.line - 1][p.column - 1:]  # type: ignore[operator]

    by_kind = {p.message.split(" ")[0] if p.severity == "error" else p.severity: p
               for p in problems}
    dead = by_kind["dead"]
    assert dead.field == "sections[0].body" and where(dead).startswith(f"{server}/gone")
    moved = next(p for p in problems if "has moved (301)" in p.message)
    assert where(moved).startswith(f"{server}/moved)") and moved.severity == "warning"
    broken = next(p for p in problems if "server error (500)" in p.message)
    assert broken.field == "sources[2].url" and where(broken).startswith(f"{server}/broken")
    summary = problems[-1]
    assert summary.severity == "info" and summary.line is None
    assert summary.message.startswith("links: 4 checked (1 dead, 1 error, 1 moved, 1 ok;")


def test_build_and_plain_check_never_request(server: str, tmp_path: Path) -> None:
    from reportgen.pipeline import check_brief

    path = brief_linking(tmp_path, server)
    Handler.hits.clear()
    check_brief(path, links=False)
    load_brief(path)
    assert Handler.hits == []
