"""URL slugs: Chinese names become pinyin (`东山村` → `dongshancun`)."""

from __future__ import annotations

import hashlib
import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII slug; Han characters are spelled in toneless pinyin, run together.

    Never empty: text with nothing spellable gets a short stable hash.
    """
    from pypinyin import Style, lazy_pinyin  # imported when needed: it takes half a second

    parts: list[str] = []
    for chunk in lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: [s], v_to_u=False):
        parts.append(chunk.lower())
    joined = "".join(parts) if _HAN.search(text) else " ".join(parts)
    slug = _NOT_SLUG.sub("-", joined.replace("ü", "v").lower()).strip("-")
    if not slug:
        slug = "item-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return slug
