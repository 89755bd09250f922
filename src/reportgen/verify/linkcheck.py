"""``reportgen check --links``: is every web address in a brief still there?

Only on request, never during a build. Each distinct address is requested once: HEAD first,
then GET when the server refuses HEAD or answers it with an error (many do, wrongly),
redirects followed and reported. Requests run concurrently, at most ``per_host`` at a time to
one host with ``delay`` seconds between them, each bounded by ``timeout`` and all by ``total``.
Definite answers from a server (reachable, moved, gone) are cached for a day in the user's cache
folder; timeouts and server errors are not, since they may pass. No route, no DNS or a proxy
that refuses the connection says nothing about the address: such links are "not checked:
offline", said once in the summary and never cached.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from ..errors import OutputError, Problem
from ..files import write_atomic

if TYPE_CHECKING:
    import httpx

    from ..brief.load import Loaded

CACHE_SECONDS = 24 * 3600
USER_AGENT = "reportgen-linkcheck/1 (checks the links of a policy brief)"
# A Markdown link's target, [text](https://...) or [text](<https://...>), or an autolink.
_MD_LINK = re.compile(r"\]\(\s*<?(https?://[^\s>)]+(?:\([^\s)]*\)[^\s>)]*)*)>?|<(https?://[^\s>]+)>")


@dataclass(frozen=True)
class LinkOptions:
    timeout: float = 10.0  # seconds for one request
    total: float = 120.0  # seconds for all of them
    concurrency: int = 8
    per_host: int = 2
    delay: float = 0.5  # seconds between two requests to one host
    cache: Path | None = None  # file; None: the user's cache folder


@dataclass(frozen=True)
class Result:
    kind: Literal["ok", "redirect", "moved", "dead", "error", "timeout", "unchecked", "offline"]
    status: int | None = None
    final: str | None = None  # where a redirect ends
    reason: str | None = None
    cached: bool = False


@dataclass(frozen=True)
class Link:
    url: str
    file: str
    line: int | None
    column: int | None
    field: str


# ---------------------------------------------------------------------------------------------
# Where the links are


def prose_fields(loaded: Loaded) -> Iterator[tuple[tuple[str | int, ...], str]]:
    raw = loaded.raw
    yield ("summary",), raw.summary
    for i, t in enumerate(raw.takeaways):
        yield ("takeaways", i), t
    for i, sec in enumerate(raw.sections):
        yield ("sections", i, "body"), sec.body
        for j, sub in enumerate(sec.subsections):
            yield ("sections", i, "subsections", j, "body"), sub.body
    for r, row in enumerate(raw.comparison.rows):
        for c, cell in enumerate(row.cells):
            yield ("comparison", "rows", r, "cells", c), cell
    if raw.comparison.note:
        yield ("comparison", "note"), raw.comparison.note


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def links_of(loaded: Loaded) -> list[Link]:
    """Every web address in the brief's prose and sources, with its position."""
    file = str(loaded.path)
    locate = loaded.locate or (lambda _: (None, None))
    lines = loaded.path.read_text(encoding="utf-8-sig").split("\n")
    found: list[Link] = []
    for path, text in prose_fields(loaded):
        line, col = locate(path)
        for m in _MD_LINK.finditer(text):
            url = m.group(1) or m.group(2)
            found.append(Link(url, file, *_find(lines, url, line, col), _dotted(path)))
    for i, src in enumerate(loaded.raw.sources):
        if src.url:
            found.append(Link(src.url, file, *locate(("sources", i, "url")),
                              f"sources[{i}].url"))
    bib = loaded.bibliography
    printed = {s.id for s in loaded.brief.sources}
    for src in bib.sources if bib else ():
        if src.url and src.id in printed:
            place = bib.url_place(src.id)  # type: ignore[union-attr]
            found.append(Link(src.url, place.file, place.line, place.column, "url"))
    return found


def _find(lines: list[str], url: str, line: int | None,
          col: int | None) -> tuple[int | None, int | None]:
    """The address's own position: searched from the start of the field's value."""
    if line is None:
        return line, col
    for n in range(line - 1, min(len(lines), line + 200)):
        at = lines[n].find(url, (col or 1) - 1 if n == line - 1 else 0)
        if at != -1:
            return n + 1, at + 1
    return line, col


# ---------------------------------------------------------------------------------------------
# Cache


def cache_file(options: LinkOptions) -> Path:
    if options.cache is not None:
        return options.cache
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reportgen")) / "links.json"


def _raw_cache(path: Path, now: float) -> dict[str, dict[str, object]]:
    """The cache file's fresh entries (an unreadable or foreign file counts as empty)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for url, item in data.items() if isinstance(data, dict) else ():
        try:
            if now - float(item["at"]) < CACHE_SECONDS and isinstance(item["result"], dict):
                out[url] = item
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _read_cache(path: Path, now: float) -> dict[str, Result]:
    out = {}
    for url, item in _raw_cache(path, now).items():
        try:
            out[url] = Result(**{**item["result"], "cached": True})  # type: ignore[dict-item]
        except TypeError:
            continue
    return out


def _write_cache(path: Path, results: dict[str, Result], now: float) -> None:
    keep: dict[str, object] = dict(_raw_cache(path, now))
    for url, res in results.items():
        if not res.cached and res.kind in ("ok", "redirect", "moved", "dead"):
            keep[url] = {"at": now, "result": {k: v for k, v in asdict(res).items()
                                               if k != "cached"}}
    try:
        write_atomic(path, json.dumps(keep, indent=1).encode("utf-8"))
    except (OutputError, OSError) as exc:  # costs only time on the next run, but say so
        logging.getLogger("reportgen").warning("link cache not saved: %s", exc)


# ---------------------------------------------------------------------------------------------
# Requests


@dataclass
class _Hosts:
    """Per-host politeness: a few requests at a time, a pause between them."""

    per_host: int
    delay: float
    locks: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)

    async def turn(self, host: str) -> asyncio.Semaphore:
        sem = self.locks.setdefault(host, asyncio.Semaphore(self.per_host))
        await sem.acquire()
        wait = self.last.get(host, 0.0) + self.delay - time.monotonic()
        self.last[host] = max(time.monotonic(), self.last.get(host, 0.0) + self.delay)
        if wait > 0:
            await asyncio.sleep(wait)
        return sem


def _outcome(response: httpx.Response) -> Result:
    status = response.status_code
    if response.history:
        first = response.history[0].status_code
        final = str(response.url)
        if status >= 400:
            return Result("dead", status, final)
        return Result("moved" if first in (301, 308) else "redirect", first, final)
    if status >= 400:
        return Result("dead" if status < 500 else "error", status)
    return Result("ok", status)


async def _request(client: httpx.AsyncClient, url: str, timeout: float) -> Result:
    import httpx

    try:
        response = await client.head(url, timeout=timeout)
        if response.status_code >= 400:  # some servers refuse or mishandle HEAD
            async with client.stream("GET", url, timeout=timeout) as response:
                pass
        return _outcome(response)
    except httpx.TimeoutException:
        return Result("timeout", reason=f"no answer within {timeout:g} s")
    except httpx.TooManyRedirects:
        return Result("dead", reason="too many redirects")
    except (httpx.ConnectError, httpx.ProxyError) as exc:  # no server answered: no verdict
        return Result("offline", reason=str(exc) or type(exc).__name__)
    except httpx.HTTPError as exc:
        return Result("error", reason=str(exc) or type(exc).__name__)


async def _check_all(urls: Iterable[str], options: LinkOptions) -> dict[str, Result]:
    import httpx

    hosts = _Hosts(options.per_host, options.delay)
    limit = asyncio.Semaphore(options.concurrency)
    results: dict[str, Result] = {}

    async def one(client: httpx.AsyncClient, url: str) -> None:
        async with limit:
            sem = await hosts.turn(urlsplit(url).hostname or "")
            try:
                results[url] = await _request(client, url, options.timeout)
            finally:
                sem.release()

    async with httpx.AsyncClient(follow_redirects=True, max_redirects=10,
                                 headers={"User-Agent": USER_AGENT}) as client:
        tasks = [asyncio.ensure_future(one(client, u)) for u in urls]
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=options.total)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
    return results


def check_urls(urls: Iterable[str], options: LinkOptions = LinkOptions()) -> dict[str, Result]:
    """A Result for every address: from the cache when fresh, else requested."""
    now = time.time()
    path = cache_file(options)
    cached = _read_cache(path, now)
    wanted = list(dict.fromkeys(urls))
    results = {u: cached[u] for u in wanted if u in cached}
    fresh = asyncio.run(_check_all([u for u in wanted if u not in results], options))
    results.update(fresh)
    _write_cache(path, fresh, now)
    for u in wanted:
        results.setdefault(u, Result("unchecked", reason=f"not checked within the total limit "
                                     f"of {options.total:g} s"))
    return results


# ---------------------------------------------------------------------------------------------
# Problems


def _problem(link: Link, res: Result) -> Problem | None:
    def p(severity: str, message: str, hint: str | None = None) -> Problem:
        return Problem(link.file, message, link.line, link.column, link.field, hint=hint,
                       severity=severity)  # type: ignore[arg-type]

    status = f" ({res.status})" if res.status else ""
    match res.kind:
        case "ok" | "offline":  # offline: said once, in the summary
            return None
        case "moved":
            return p("warning", f"{link.url} has moved{status} to {res.final}",
                     "update the link to the new address")
        case "redirect":
            return p("info", f"{link.url} redirects{status} to {res.final}")
        case "dead":
            where = f" (after redirects, at {res.final})" if res.final else ""
            return p("error", f"dead link {link.url}: {res.reason or 'HTTP' + status}{where}",
                     "find the document's new address, or an archived copy")
        case "error" if res.status:
            return p("warning", f"{link.url} answered with a server error{status}",
                     "it may be temporary; check again later")
        case _:
            return p("warning", f"{link.url}: {res.reason}", "check again later")


def check_links(loaded: Loaded, options: LinkOptions = LinkOptions()) -> list[Problem]:
    """Problems for dead, moved and unanswered links at their positions, and a summary."""
    links = links_of(loaded)
    results = check_urls((link.url for link in links), options)
    problems = [p for link in links if (p := _problem(link, results[link.url]))]
    counts: dict[str, int] = {}
    for res in results.values():
        counts[res.kind] = counts.get(res.kind, 0) + 1
    cached = sum(r.cached for r in results.values())
    parts = [f"{n} {kind}" for kind, n in sorted(counts.items())]
    offline = [u for u, r in results.items() if r.kind == "offline"]
    if offline:
        problems.append(Problem(
            str(loaded.path), f"links: {len(offline)} not checked: offline (no route, no DNS "
            f"or the proxy refused: {results[offline[0]].reason})",
            hint="check the links again with a network connection; nothing was cached",
            severity="warning"))
    problems.append(Problem(
        str(loaded.path), f"links: {len(results)} checked ({', '.join(parts) or 'none'}; "
        f"{cached} from the cache of the last day)", severity="info"))
    return problems
