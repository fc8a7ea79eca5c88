"""One build's state: what it found of earlier builds and what it leaves for the next.

Layout under the cache folder (.cache/showcase/):

    files.json    sealed: the stat → digest memo of every file read or checked (files.py)
    content.json  sealed: valid content files as plain data, by their bytes' digest
    rendered/     pages rendered, with what they read (rendercache.py)
    pages/        pages built by the site engine (pagecache.py)
    images/       photo renditions, a folder each with its sealed rendition.json, and
                  index.json: all those records in one file (the media stage's)

Every manifest's salt holds the digest of the generator's own code: a new version of it
trusts nothing an older one kept, except the photos, whose keys name their own inputs.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import shutil
from pathlib import Path

from generator.build.files import FileDigests
from generator.build.memo import Memo
from generator.build.pagecache import PageCache
from generator.build.rendercache import RenderCache

# what earlier versions kept here, which no build reads any more
_EARLIER = ("content.pickle", "content.pickle.new", "models", "templates",
            "rendered/index.pickle", "rendered/text", "images/sources.pickle",
            "images/sources.json", "images/renditions.json")


@functools.cache
def code_digest() -> str:
    """The generator's source: any change to how things are read or made changes it."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class BuildState:
    def __init__(self, folder: Path, project: Path) -> None:
        self.folder = folder
        self.files = FileDigests(folder / "files.json", project)
        for name in _EARLIER:
            earlier = folder / name
            if earlier.is_dir():
                shutil.rmtree(earlier, ignore_errors=True)
            elif earlier.exists():
                with contextlib.suppress(OSError):
                    earlier.unlink()

    def content(self, salt: str) -> Memo:
        return Memo(self.folder / "content.json", f"{code_digest()} {salt}")

    def renditions(self) -> Memo:
        return Memo(self.folder / "images" / "index.json", code_digest())

    def rendered(self, salt: str, sources: dict[str, str]) -> RenderCache:
        return RenderCache(self.folder / "rendered", f"{code_digest()} {salt}", sources,
                           self.files)

    def pages(self, shared: str) -> PageCache:
        return PageCache(self.folder / "pages", f"{code_digest()}\n{shared}", self.files)

    def save(self) -> None:
        self.files.save()
