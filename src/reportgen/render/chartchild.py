"""The chart engine's side of ``chartengine``: a child process that draws with vl-convert.

It imports nothing of reportgen (it is started as a file, so its start-up costs the Python
interpreter and vl-convert only) and trusts nothing it is sent. Before vl-convert loads, it
bounds its own data segment (``RLIMIT_DATA``: V8 lives under it, unlike an address-space limit,
because V8 reserves address space it never writes) and asks Linux to kill it when its parent
dies, so a crash, a runaway chart or a killed build never leaves an engine behind.

Requests and answers are length-prefixed JSON on stdin and (a copy of) stdout; the real fd 1 is
sent to fd 2, which the parent captures, so nothing the engine prints can break the protocol.
"""

from __future__ import annotations

import base64
import ctypes
import json
import os
import resource
import signal
import struct
import sys
from typing import IO, Any

HEADER = struct.Struct(">Q")
PR_SET_PDEATHSIG = 1


def read_message(stream: IO[bytes]) -> dict[str, Any] | None:
    """One request, or None at the end of the input (the parent has gone)."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    body = stream.read(HEADER.unpack(head)[0])
    return dict(json.loads(body))


def write_message(stream: IO[bytes], message: dict[str, Any]) -> None:
    body = json.dumps(message).encode("utf-8")
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


def _die_with_parent(parent: int) -> None:
    """SIGKILL when the parent dies (Linux); if it is already gone, stop now."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the closed stdin still ends the loop
        pass
    if os.getppid() != parent:
        os._exit(0)


def _answer(vlc: Any, request: dict[str, Any], fonts: set[str]) -> dict[str, Any]:
    for folder in request.get("fonts", ()):
        if folder not in fonts:
            vlc.register_font_directory(folder)
            fonts.add(folder)
    if request["op"] == "svg":
        locale = request.get("locale")
        svg = vlc.vegalite_to_svg(request["spec"], config=request["config"],
                                  allowed_base_urls=[], format_locale=locale,
                                  time_format_locale=locale)
        return {"svg": str(svg)}
    if request["op"] == "png":
        png = vlc.svg_to_png(request["svg"], scale=request["scale"])
        return {"png": base64.b64encode(bytes(png)).decode("ascii")}
    return {"pong": True}


def main() -> None:
    memory, parent = int(sys.argv[1]), int(sys.argv[2])
    hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
    if hard != resource.RLIM_INFINITY:
        memory = min(memory, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (memory, hard))
    _die_with_parent(parent)
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to the captured stderr, not into the protocol
    import vl_convert as vlc

    fonts: set[str] = set()
    write_message(answers, {"ready": True})
    while (request := read_message(requests)) is not None:
        try:
            answer = _answer(vlc, request, fonts)
        except Exception as exc:  # the engine's own complaint: the parent locates it
            answer = {"error": str(exc) or type(exc).__name__}
        sys.stderr.flush()
        write_message(answers, answer)


if __name__ == "__main__":
    main()
