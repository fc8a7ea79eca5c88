"""Built pages of earlier builds, reused when their Markdown and shared inputs are the same.

A site engine turns each Markdown page into an HTML file and a few search entries. Both are a
function of the page's Markdown (its digest), its path, and what every page shares:
configuration, theme, navigation, the engine's version (the memo's salt, "shared"). A page
whose key is kept is restored from the cache instead of being converted and templated again,
once both its files prove to be the ones stored (their digests, through the stat memo).

Layout under the cache folder (.cache/showcase/pages/):

    index.json         sealed: key → [sha256 of the HTML, sha256 of the search entries]
    html/<key>.html    the page as built
    search/<key>.json  the page's search entries as JSON text, as the index holds them

Knows nothing of MkDocs: the adapter decides what "shared" holds.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from generator.build.files import FileDigests
from generator.build.memo import Memo
from generator.output import place, replacing


@dataclass(frozen=True)
class PageStats:
    built: int = 0  # pages converted and templated in this build
    reused: int = 0  # pages whose HTML and search entries came from the cache


class PageCache:
    def __init__(self, folder: Path, shared: str, files: FileDigests) -> None:
        self.folder = folder
        self.html = folder / "html"
        self.search = folder / "search"
        self.memo = Memo(folder / "index.json", salt=hashlib.sha256(shared.encode()).hexdigest())
        self.files = files

    def key(self, path: str, markdown_digest: str) -> str:
        """The key of a page at `path` whose Markdown has this digest."""
        return hashlib.sha256(f"{path}\n{markdown_digest}".encode()).hexdigest()[:32]

    def lookup(self, key: str) -> bool:
        """Whether a page is cached whole and as stored (else it must be built)."""
        kept = self.memo.get(key)
        if not isinstance(kept, list) or len(kept) != 2:
            return False
        try:
            return (self.files.digest(self.html / f"{key}.html") == kept[0]
                    and self.files.digest(self.search / f"{key}.json") == kept[1])
        except OSError:
            return False

    def html_digest(self, key: str) -> str | None:
        """The digest of the HTML under `key`, once this build has looked it up or stored it."""
        kept = self.memo.used.get(key)
        return kept[0] if isinstance(kept, list) and len(kept) == 2 else None

    def restore(self, key: str, target: str | Path) -> None:
        """Put the cached HTML at `target`."""
        place(self.html / f"{key}.html", target)

    def search_entries(self, key: str) -> str:
        """The search entries of a page restored or stored in this build (JSON text)."""
        return (self.search / f"{key}.json").read_text(encoding="utf-8")

    def store(self, key: str, built: str | Path, search: str) -> None:
        """Keep a page just built at `built` with its search entries."""
        with open(built, "rb") as stream:
            html = hashlib.sha256(stream.read()).hexdigest()
        cached = self.html / f"{key}.html"
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.unlink(missing_ok=True)
        place(built, cached)
        entries = search.encode("utf-8")
        with replacing(self.search / f"{key}.json") as stream:
            stream.write(entries)
        self.files.written(cached, html)
        self.files.written(self.search / f"{key}.json", hashlib.sha256(entries).hexdigest())
        self.memo.put(key, [html, hashlib.sha256(entries).hexdigest()])

    def save(self) -> int:
        """Keep this build's pages; drop every other cached page. Returns how many were
        dropped."""
        self.memo.save()
        dropped = 0
        for folder, suffix in ((self.html, ".html"), (self.search, ".json")):
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if name.endswith(suffix) and name[:-len(suffix)] not in self.memo.used:
                    (folder / name).unlink(missing_ok=True)
                    dropped += suffix == ".html"
        return dropped
