"""Pages rendered by earlier builds, reused while every source they read is unchanged.

The render stage hands over each page it renders with its reads: the names of the files and
folders that reached its templates, and of the templates it loaded (content/sources.py). The
memo keeps, per page, those names, one digest of what each of them was, and the digest of the
text. A later build computes the same digest from its own sources (`sources`: name → digest,
as the stages read them) and reuses the kept text when it comes out the same. What every page
may show besides its reads (the generator's code, site.yaml, settings) is the memo's salt.
A page that read a name the build has no digest for is rendered again next time.

Layout under the cache folder (.cache/showcase/rendered/):

    index.json     sealed: page → [names read, digest of their sources, sha256 of the text]
    <sha256>.md    a page's Markdown, used only while its bytes have that digest
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.build.files import FileDigests
from generator.build.memo import Memo
from generator.output import VirtualFile, replacing, text_digest


def _covered(name: str, reads: set[str]) -> bool:
    """A file whose folder was read whole (folder names end with "/")."""
    return not name.endswith("/") and f"{name.rpartition('/')[0]}/" in reads


class RenderCache:
    def __init__(self, folder: Path, salt: str, sources: dict[str, str],
                 files: FileDigests) -> None:
        self.folder = folder
        self.memo = Memo(folder / "index.json", salt)
        self.sources = sources
        self.files = files
        self.texts: set[str] = set()  # the texts this build hands on

    def _digest(self, names: list[str]) -> str | None:
        parts = []
        for name in names:
            found = self.sources.get(name)
            if found is None:
                return None
            parts.append(f"{name}\0{found}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def lookup(self, page: str) -> VirtualFile | None:
        """The page as an earlier build rendered it, if nothing it read has changed."""
        kept = self.memo.get(page)
        if not isinstance(kept, list) or len(kept) != 3:
            return None
        names, digest, text = kept
        if self._digest(names) != digest:
            return None
        path = self.folder / f"{text}.md"
        try:
            if self.files.digest(path) != text:
                return None
        except OSError:
            return None
        self.texts.add(text)
        return VirtualFile(page, saved=path, digest=text)

    def store(self, page: str, reads: set[str], text: str) -> VirtualFile:
        """Keep a page just rendered; the file handed on reads it from the cache."""
        digest = text_digest(text)
        path = self.folder / f"{digest}.md"
        try:
            with replacing(path) as stream:
                stream.write(text.encode("utf-8"))
        except OSError:  # a read-only cache: the text stays in memory
            return VirtualFile(page, text=text, digest=digest)
        self.files.written(path, digest)
        self.texts.add(digest)
        names = sorted(name for name in reads if not _covered(name, reads))
        sources = self._digest(names)
        if sources is not None:
            self.memo.put(page, [names, sources, digest])
        return VirtualFile(page, saved=path, digest=digest)

    def save(self) -> None:
        """Keep this build's pages; remove the texts no page uses any more."""
        self.memo.save()
        try:
            for name in os.listdir(self.folder):
                if name.endswith(".md") and name[:-3] not in self.texts:
                    os.unlink(self.folder / name)
        except OSError:
            pass  # left for the next build
