"""Built pages of earlier builds, reused when nothing they show has changed.

A site engine turns each Markdown page into an HTML file and a few search entries. Both are a
function of the page's Markdown (its digest), its path, and what every page shares:
configuration, theme, navigation and the engine's version ("shared"). `PageCache` files them
under a key hashed from exactly those, so a page whose inputs did not change is linked from
the cache instead of being converted and templated again. Nothing is keyed by time: the file
stamps kept beside each HTML file only detect a cached file that something wrote over in place.

Layout under the cache folder (e.g. .cache/showcase/pages/):

    index.json         key → [size, mtime_ns, inode] of the HTML file
    html/<key>.html    the page as built (a hard link to the file in the site, where possible)
    search/<key>.json  the page's search entries as JSON text, as the index holds them (read
                       one page at a time while the index is written: at a thousand villages
                       they are twelve megabytes nobody needs to hold)

Knows nothing of MkDocs: the adapter decides what "shared" holds and does the linking.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.bulk import load_json, load_known
from generator.output import place, replacing

# Bump when what a page's output depends on changes in a way the key does not capture.
CACHE_VERSION = 4


@dataclass(frozen=True)
class PageStats:
    built: int = 0  # pages converted and templated in this build
    reused: int = 0  # pages whose HTML and search entries came from the cache


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


class PageCache:
    def __init__(self, folder: Path, shared: str) -> None:
        self.folder = folder
        self.html = folder / "html"
        self.search = folder / "search"
        self.shared = hashlib.sha256(f"{CACHE_VERSION}\n{shared}".encode()).hexdigest()
        self.known: dict[str, Any] = load_known(load_json, folder / "index.json")
        self.used: dict[str, Any] = {}

    def key(self, path: str, markdown_digest: str) -> str:
        """The key of a page at `path` whose Markdown has this digest."""
        return hashlib.sha256(f"{self.shared}\n{path}\n{markdown_digest}".encode()
                              ).hexdigest()[:32]

    def lookup(self, key: str) -> bool:
        """Whether a page is cached whole (else it must be built)."""
        try:
            return (_stamp(self.html / f"{key}.html") == self.known.get(key)
                    and (self.search / f"{key}.json").is_file())
        except OSError:
            return False  # missing, or written over since it was stored

    def restore(self, key: str, target: str | Path) -> None:
        """Put the cached HTML at `target`."""
        place(self.html / f"{key}.html", target)
        self.used[key] = self.known[key]

    def search_entries(self, key: str) -> str:
        """The search entries of a page restored or stored in this build (JSON text)."""
        return (self.search / f"{key}.json").read_text(encoding="utf-8")

    def store(self, key: str, built: str | Path, search: str) -> None:
        """Keep a page just built at `built` (linked, else copied) with its search entries."""
        self.html.mkdir(parents=True, exist_ok=True)
        self.search.mkdir(parents=True, exist_ok=True)
        cached = self.html / f"{key}.html"
        if cached.exists():
            cached.unlink()
        place(built, cached)
        (self.search / f"{key}.json").write_text(search, encoding="utf-8")
        self.used[key] = _stamp(cached)

    def save(self) -> int:
        """Write the index of this build's pages; drop every other cached page. Returns how
        many were dropped."""
        if self.used != self.known:
            with replacing(self.folder / "index.json") as stream:
                stream.write(json.dumps(self.used).encode())
        dropped = 0
        for folder, suffix in ((self.html, ".html"), (self.search, ".json")):
            if folder.is_dir():
                for file in folder.iterdir():
                    if file.suffix == suffix and file.stem not in self.used:
                        file.unlink(missing_ok=True)
                        dropped += suffix == ".html"
        return dropped
