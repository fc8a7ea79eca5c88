"""The search index, written from each page's entries as JSON text in page order.

The page cache keeps every page's search entries as the JSON text they take in the index, so
a build writes the index from those texts one page at a time, as UTF-8 rather than \\uXXXX
escapes (less than half the bytes wherever a host does not compress it), instead of the
search plugin assembling and escaping one string of every entry.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from mkdocs.config.defaults import MkDocsConfig

_UNSAFE_IN_SCRIPTS = re.compile("[\u2028\u2029\ud800-\udfff]")


def utf8_dumps(value: Any) -> str:
    """JSON as the search plugin writes it (compact), with text as UTF-8 rather than \\uXXXX
    escapes. U+2028/2029 stay escaped (JavaScript before ES2019 ends a string there), and so
    does anything UTF-8 cannot hold."""
    text = json.dumps(value, separators=(",", ":"), default=str, ensure_ascii=False)
    return _UNSAFE_IN_SCRIPTS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def search_plugin_index(config: MkDocsConfig) -> tuple[Any, bool]:
    """The search plugin's index, and whether its entries can be handed over page by page."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    return index, index is None or isinstance(getattr(index, "entries", None), list)


def write_search_index(stream: TextIO, search: Any, pages: Iterable[str]) -> None:
    """The index the search plugin writes, from each page's entries as JSON text in page
    order, written piece by piece."""
    config = {key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    stream.write(f'{{"config":{utf8_dumps(config)},"docs":[')
    first = True
    for text in pages:
        if len(text) > 2:
            stream.write(text[1:-1] if first else f",{text[1:-1]}")
            first = False
    stream.write("]}")


def written_later(prev: Any) -> str:
    """For the search plugin: the real index is written after it (`write_search_index`)."""
    return '{"config":{},"docs":[]}'


def write_offline_search_index(site_dir: Path) -> None:
    """Browsers cannot fetch JSON from file:// pages, but they run scripts: the index becomes
    search/search_index.js, which the page's search loads on demand (showcase.js)."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        with index.open("rb") as data, (index.parent / "search_index.js").open("wb") as script:
            script.write(b"var __index = ")
            shutil.copyfileobj(data, script)
            script.write(b";\n")
