"""Fonts per script: which families draw Chinese, Arabic ... (``stacks``), and whether the
installed and brand fonts cover every character of a brief (``coverage``)."""
