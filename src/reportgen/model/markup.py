"""The one error of the prose reader, shared by ``markdown`` and the syntax it delegates to."""

from __future__ import annotations


class MarkupError(ValueError):
    """Prose uses markup a brief cannot hold (a heading, a nested list, a broken citation...).

    ``snippet`` is the offending text (a source line, or the broken citation itself), so the
    loader can point at it inside a multi-line YAML block; ``hint`` says what to write instead.
    """

    def __init__(self, message: str, snippet: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.snippet = snippet
        self.hint = hint
