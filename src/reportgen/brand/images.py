"""Raster images from a brand (the logo): read only when their size is sane, and read whole.

A PNG of a few kilobytes can declare 20,000 x 20,000 pixels and inflate to gigabytes in every
PDF and DOCX; a truncated file fails deep inside a writer with an empty message. Both are found
here, at ``brand check``, from the header first (no pixel is decoded before the count is known)
and then by decoding the image once.
"""

from __future__ import annotations

import warnings
from pathlib import Path

MAX_PIXELS = 25_000_000  # 5,000 x 5,000: ten times what a logo printed 4 cm wide at 600 dpi needs


def raster_problem(path: Path) -> str | None:
    """Why the PNG or JPEG at ``path`` cannot be used, or None when it can."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (f"is {width:,} x {height:,} = {width * height:,} pixels; at most "
                            f"{MAX_PIXELS:,} pixels are used (scale it down, e.g. to 2,000 "
                            "pixels wide)")
                image.load()
    except Image.DecompressionBombError:
        return (f"declares far more than {MAX_PIXELS:,} pixels, the most that are used "
                "(scale it down, e.g. to 2,000 pixels wide)")
    except UnidentifiedImageError:
        return "is not an image Pillow can read"
    except (OSError, SyntaxError, ValueError) as exc:
        reason = str(exc) or type(exc).__name__
        return f"cannot be decoded ({reason}): the file is truncated or damaged"
    return None
