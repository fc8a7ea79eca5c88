"""Pages rendered in earlier builds, reused when nothing they read has changed.

While a page renders, `deps` notes the names of what it reads (entries, photo lists, the list
of items). `Fingerprints` gives each name a digest computed from this build's linked site. The
index keeps, for the shared inputs (generator code, templates, site.yaml, settings), each
page's names and the fingerprint each name had. The next build computes the fingerprints of
the same names from its own site: when the shared inputs and every name of a page come out
the same, the page's text is the one kept from before, and the page is not rendered (a county's
pages read fifteen thousand names: comparing them is a fraction of hashing every page's key).
Nothing is keyed by time.

Texts are kept as files named by the digest of their text, and handed on as `VirtualFile`s
that point at them, so a build does not hold thousands of pages in memory; the site engine
reads each one when it builds that page.

Layout under the cache folder (e.g. .cache/showcase/rendered/):

    index.pickle     the shared inputs, name → fingerprint, page path → (names read, digest of
                     the text)
    text/<digest>.md the page's Markdown
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.build.bulk import load_known, load_pickle
from generator.content.link import Entry, Site
from generator.content.registry import COLLECTIONS
from generator.media.stage import MediaIndex
from generator.output import VirtualFile, replacing, text_digest
from generator.pages.routes import RouteIndex

# Bump when what a page's text depends on changes in a way the fingerprints do not capture.
CACHE_VERSION = 2


@dataclass(frozen=True)
class RenderStats:
    rendered: int = 0  # pages whose template ran in this build
    reused: int = 0  # pages whose text came from an earlier build


class Fingerprints:
    """The digest of everything `deps` can name, for one linked site (computed on demand)."""

    def __init__(self, site: Site, media: MediaIndex, trips: RouteIndex) -> None:
        self.site = site
        self.trips = trips
        self.photos = media.fingerprints()
        self.entries: dict[str, Entry] = {e.key: e for c in COLLECTIONS
                                          for e in site.entries[c.key]}
        self._known: dict[str, str] = {}

    def __call__(self, name: str) -> bytes:
        found = self._known.get(name)
        if found is None:
            value = self._compute(name).encode()
            found = self._known[name] = hashlib.blake2b(value, digest_size=16).digest()
        return found

    def unchanged(self, names: tuple[str, ...], known: dict[str, bytes]) -> bool:
        """Whether every name has the fingerprint `known` gives it."""
        mine = self._known
        for name in names:
            found = mine.get(name)
            if (found if found is not None else self(name)) != known.get(name):
                return False
        return True

    def _compute(self, name: str) -> str:
        kind, _, key = name.partition(":")
        if kind == "photos":
            return self.photos.get(key, "none")
        if kind == "members":
            members = "\n".join(f"{e.key}\0{e.page}" for e in self.site.entries.get(key, []))
            return hashlib.sha256(members.encode()).hexdigest()
        entry = self.entries.get(key)
        if entry is None:
            return "gone"
        if kind == "entry":  # its page address and its file
            return f"{entry.page}\0{entry.source.digest}"
        if kind == "title":
            return f"{entry.page}\0{entry.name}"
        if kind == "placed":
            return repr(self.site.placed_in(entry))
        if kind == "visits":
            return repr(self.trips.summary(entry))
        if kind == "card":
            return f"{entry.page}\0{entry.name}\0{entry.source.outline.card!r}"
        if kind == "products":
            return f"{entry.page}\0{entry.name}\0{entry.source.outline.products}"
        raise ValueError(f"no fingerprint for {name!r}")


def shared_inputs(templates: Sequence[Path], code: bytes, settings: Any, site: Site,
                  other: str) -> str:
    """What every page's text depends on besides the names it reads; `templates`: the
    folders templates are looked up in, in order."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\n".encode() + code)
    for rank, folder in enumerate(templates):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(f"\n{rank} {path.relative_to(folder).as_posix()}\n".encode())
                digest.update(path.read_bytes())
    for name in ("Jinja2", "MarkupSafe"):
        digest.update(f"\n{name} {metadata.version(name)}".encode())
    digest.update(f"\n{settings!r}\n{site.info_digest}\n{other}".encode())
    return digest.hexdigest()


Record = tuple[tuple[str, ...], str]  # names a page read, digest of its text


class RenderCache:
    def __init__(self, folder: Path | None, shared: str) -> None:
        self.folder = folder
        self.shared = shared
        # missing, damaged, foreign or made with other shared inputs: everything is rendered
        index = {} if folder is None else load_known(load_pickle, folder / "index.pickle")
        pages, names = index.get("pages"), index.get("names")
        same = (index.get("version") == CACHE_VERSION and index.get("shared") == shared
                and isinstance(pages, dict) and isinstance(names, dict))
        self.known: dict[str, Record] = pages if same else {}
        self.known_names: dict[str, bytes] = names if same else {}
        self.used: dict[str, Record] = {}
        self.used_names: dict[str, bytes] = {}
        self.writable = folder is not None
        self._texts: set[str] | None = None

    def _text_file(self, digest: str) -> str:
        return f"{self.folder}/text/{digest}.md"

    def _kept_texts(self) -> set[str]:
        """Names of the texts in the cache, listed once (not a question per page)."""
        if self._texts is None:
            try:
                self._texts = set(os.listdir(f"{self.folder}/text"))
            except OSError:
                self._texts = set()
        return self._texts

    def lookup(self, page: str, fingerprints: Fingerprints) -> VirtualFile | None:
        """The page as an earlier build rendered it, if nothing it read has changed."""
        record = self.known.get(page)
        if record is None or not self.writable:
            return None
        names, digest = record
        if not fingerprints.unchanged(names, self.known_names):
            return None
        if f"{digest}.md" not in self._kept_texts():
            return None
        self.used[page] = record
        self.used_names.update({name: self.known_names[name] for name in names})
        return VirtualFile(page, saved=self._text_file(digest), digest=digest)

    def store(self, page: str, names: set[str], fingerprints: Fingerprints,
              text: str) -> VirtualFile:
        """Keep a page just rendered; the file handed on reads it from the cache."""
        digest = text_digest(text)
        if self.writable:
            saved = Path(self._text_file(digest))
            try:
                if not saved.is_file():
                    with replacing(saved) as stream:
                        stream.write(text.encode("utf-8"))
            except OSError:
                self.writable = False  # a read-only cache: keep texts in memory
            else:
                self._kept_texts().add(saved.name)
                # one string per name in the index, however many pages read it
                ordered = tuple(sorted(map(sys.intern, names)))
                self.used[page] = (ordered, digest)
                self.used_names.update({name: fingerprints(name) for name in ordered})
                return VirtualFile(page, saved=saved, digest=digest)
        return VirtualFile(page, text=text, digest=digest)

    def save(self) -> None:
        """Write the index of this build's pages; remove texts no page uses any more."""
        if self.folder is None or not self.writable:
            return
        try:
            if self.used != self.known or self.used_names != self.known_names:
                index = {"version": CACHE_VERSION, "shared": self.shared,
                         "names": self.used_names, "pages": self.used}
                with replacing(self.folder / "index.pickle") as stream:
                    pickle.dump(index, stream, protocol=pickle.HIGHEST_PROTOCOL)
            wanted = {f"{digest}.md" for _, digest in self.used.values()}
            texts = self.folder / "text"
            for name in self._kept_texts() - wanted:
                os.unlink(texts / name)
        except OSError:
            pass  # the next build renders what it cannot find
