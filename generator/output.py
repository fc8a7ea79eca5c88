"""Virtual files: what the core produces, independent of any site engine."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    saved: str | Path | None = None  # the text, kept in a file nobody modifies in place
    digest: str | None = None  # sha256 (hex) of its bytes (a text's in UTF-8), when known

    def __post_init__(self) -> None:
        if (self.text is not None) + (self.source is not None) + (self.saved is not None) != 1:
            raise ValueError("a virtual file has text, a saved text or a source: one of them")

    @property
    def is_text(self) -> bool:
        return self.source is None

    def read_text(self) -> str:
        if self.text is not None:
            return self.text
        if self.saved is None:
            raise ValueError(f"{self.path} is a copy of {self.source}, not text")
        return Path(self.saved).read_text(encoding="utf-8")


_FICLONE = 0x40049409  # linux/fs.h: share the blocks, copy-on-write (Btrfs, XFS)


def copy_file(source: str | Path, target: str | Path) -> None:
    """A new file at `target` (which must not exist) with the bytes and modification time of
    `source`: cloned where the file system can, else copied. Never a hard link: a tool that
    rewrites one in place must not change the other."""
    with open(source, "rb") as src:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)  # the umask decides the mode, as for any file a build writes
        try:
            with open(fd, "wb", closefd=False) as dst:
                if not _clone(src.fileno(), fd):
                    shutil.copyfileobj(src, dst, 1 << 20)
            times = os.fstat(src.fileno())
            os.utime(fd if os.utime in os.supports_fd else target,
                     ns=(times.st_atime_ns, times.st_mtime_ns))
        except BaseException:
            os.close(fd)
            os.unlink(target)
            raise
        os.close(fd)


def _clone(source: int, target: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import fcntl

    try:
        fcntl.ioctl(target, _FICLONE, source)
    except OSError:
        return False
    return True


def place(source: str | Path, target: str | Path) -> None:
    """Put a copy of `source` at `target` (see `copy_file`), replacing whatever is there and
    making its folder when missing."""
    try:
        os.unlink(target)  # never write through a file that may be another's link
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    copy_file(source, target)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """For a private folder nobody else writes to (the preview's): a hard link where
    possible, else a copy. Never for a folder that is published."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        copy_file(source, target)


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
    """The digest a page's text is known by (render cache, page cache): the sha256 of its
    UTF-8 bytes, as the digest of the file that holds it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sealed(data: object) -> bytes:
    """JSON that proves itself: the first line is the sha256 of the rest, so a truncated,
    garbled or edited file is told apart from the one written (`unsealed`)."""
    return b"".join(sealed_parts(data))


def sealed_parts(data: object) -> tuple[bytes, bytes]:
    """`sealed`'s first line and the rest, to be written one after the other (a county's
    memo is tens of MB: not copied once more to join them)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(body).hexdigest().encode() + b"\n", body


def unsealed(raw: bytes) -> object:
    """The data `sealed` wrote. Raises ValueError for anything else."""
    head, _, body = raw.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != head:
        raise ValueError("not a sealed file, or not as it was written")
    return json.loads(body)


def export(files: Iterable[VirtualFile], folder: Path,
           source: Callable[[VirtualFile], str | Path | None] = lambda f: f.source) -> None:
    """Write virtual files to a folder (for inspection or another engine); a copied file's
    bytes come from `source(file)` (BuildResult.source proves a photo's first)."""
    for file in files:
        target = folder / file.path
        if file.is_text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.read_text(), encoding="utf-8")
        else:
            copied = source(file)
            assert copied is not None
            place(copied, target)


class LazyFiles(Sequence[VirtualFile]):
    """Files made as they are iterated, not held in a list (a county publishes a hundred
    thousand photo files). Subclasses give `__iter__` and `__len__`."""

    folder: str | None = None  # the folder of the site every one of them lies in, if one

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


def outside(files: Sequence[VirtualFile], folder: str) -> Iterator[VirtualFile]:
    """The files of `files` but those of its parts that lie wholly in `folder` of the site
    (which are not made at all: a hundred thousand photo files)."""
    parts = files._parts if isinstance(files, FileList) else (files,)
    return itertools.chain.from_iterable(
        part for part in parts if getattr(part, "folder", None) != folder)
