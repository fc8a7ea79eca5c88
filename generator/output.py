"""Virtual files: what the core produces, independent of any site engine."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, overload


@dataclass(frozen=True, slots=True)  # one per published photo file: a hundred thousand
class VirtualFile:
    """A file of the built site: text (a Markdown page, in memory or `saved` in a file of the
    render cache, read when needed) or a copy of a source file (a photo)."""

    path: str  # POSIX path relative to the site root, e.g. villages/dongshancun.md
    text: str | None = None
    source: str | Path | None = None  # str for the many small files of a photo
    saved: Path | None = None  # the text, kept in a file nobody modifies in place
    digest: str | None = None  # of the text, when known (sha256, hex)

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.text, self.source, self.saved)) != 1:
            raise ValueError("a virtual file has text, a saved text or a source: one of them")

    @property
    def is_text(self) -> bool:
        return self.source is None

    def read_text(self) -> str:
        if self.text is not None:
            return self.text
        if self.saved is None:
            raise ValueError(f"{self.path} is a copy of {self.source}, not text")
        return self.saved.read_text(encoding="utf-8")


def place(source: str | Path, target: str | Path) -> None:
    """Put a copy of `source` at `target`: a hard link where possible (cached renditions are
    never modified in place), else a plain copy (another file system, Windows shares)."""
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        if not os.path.exists(source):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except FileExistsError:
        os.unlink(target)
    except OSError:
        pass
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A stream for the new contents of `path`, put in its place only once complete: a build
    that stops half-way never leaves a half-written cache or index behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temp.open("wb") as stream:
            yield stream
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def text_digest(text: str) -> str:
    """The digest a page's text is known by (render cache, page cache)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


CARRIED = "media"  # the folder of content-named files a new build takes over from the old


def carried(files: Iterable[VirtualFile]) -> Iterator[tuple[str, str | Path]]:
    """(name, source) of every file with a source in the CARRIED folder, as they come."""
    prefix = CARRIED + "/"
    for f in files:
        if f.source is not None and f.path.startswith(prefix):
            yield f.path[len(prefix):], f.source


def add_missing(wanted: Iterable[tuple[str, str | Path]], folder: Path) -> set[str]:
    """Place every wanted file the folder lacks; return the names there that nobody wants
    (for `remove_unwanted`, once nobody reads the old site). Names there are content hashes
    (photo key, width, format), so a file present under its name is the right file. One set
    of names is held, not two: a county publishes a hundred thousand photo files."""
    unwanted = set(os.listdir(folder)) if folder.is_dir() else set()
    base = str(folder)
    for name, source in wanted:
        if name in unwanted:
            unwanted.discard(name)
        else:
            place(source, f"{base}/{name}")
    return unwanted


def remove_unwanted(unwanted: set[str], folder: Path) -> None:
    base = str(folder)
    for name in unwanted:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{base}/{name}")


def export(files: Iterable[VirtualFile], folder: Path) -> None:
    """Write virtual files to a folder (for inspection or another engine)."""
    for file in files:
        target = folder / file.path
        if file.is_text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.read_text(), encoding="utf-8")
        else:
            assert file.source is not None
            place(file.source, target)


class LazyFiles(Sequence[VirtualFile]):
    """Files made as they are iterated, not held in a list (a county publishes a hundred
    thousand photo files). Subclasses give `__iter__` and `__len__`."""

    @overload
    def __getitem__(self, index: int) -> VirtualFile: ...
    @overload
    def __getitem__(self, index: slice) -> list[VirtualFile]: ...

    def __getitem__(self, index: int | slice) -> VirtualFile | list[VirtualFile]:
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class FileList(LazyFiles):
    """Several sequences of files as one, without copying them into a list."""

    def __init__(self, *parts: Sequence[VirtualFile]) -> None:
        self._parts = parts

    def __iter__(self) -> Iterator[VirtualFile]:
        return itertools.chain.from_iterable(self._parts)

    def __len__(self) -> int:
        return sum(len(part) for part in self._parts)
