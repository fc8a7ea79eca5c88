"""Virtual files: what the core produces, independent of any site engine."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
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
    saved: str | Path | None = None  # the text, kept in a file nobody modifies in place
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
        return Path(self.saved).read_text(encoding="utf-8")


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


_PHOTO_NAME = re.compile(r"([0-9a-f]{16})-([1-9][0-9]{0,5})\.(jpg|webp|avif|png)")
_EXTENSIONS = ("jpg", "webp", "avif", "png")


def _packed(name: str) -> int | str:
    """A photo file's name ("0a1b…-720.webp") as one number, a third of the memory of the
    text; any other name as it is. `_unpacked` gives the name back exactly."""
    match = _PHOTO_NAME.fullmatch(name)
    if match is None:
        return name
    key, width, extension = match.groups()
    return int(key, 16) << 24 | int(width) << 4 | _EXTENSIONS.index(extension)


def _unpacked(packed: int | str) -> str:
    if isinstance(packed, str):
        return packed
    return f"{packed >> 24:016x}-{packed >> 4 & 0xFFFFF}.{_EXTENSIONS[packed & 0xF]}"


_RECORD = 11  # bytes of a packed photo name: 64-bit key, 20-bit width, 4-bit format
_BUCKET = _RECORD * 8 - 4  # a packed name's top four bits (its key's first hex digit)


def _records(data: bytes) -> set[int]:
    return {int.from_bytes(data[i:i + _RECORD], "big") for i in range(0, len(data), _RECORD)}


def _bytes(packed: Iterable[int]) -> bytearray:
    return bytearray(b"".join(p.to_bytes(_RECORD, "big") for p in packed))


@dataclass
class Unwanted:
    """Names in a folder that no file is wanted under: photo names as bytes, sixteen runs of
    them by their first hex digit, and other names as they are."""

    buckets: dict[int, bytearray]
    others: set[str]

    def __iter__(self) -> Iterator[str]:
        yield from self.others
        for bucket in self.buckets.values():
            yield from map(_unpacked, _records(bucket))


def add_missing(wanted: Iterable[tuple[str, str | Path]], folder: Path) -> Unwanted:
    """Place every wanted file the folder lacks; return the names there that nobody wants
    (for `remove_unwanted`, once nobody reads the old site). Names there are content hashes
    (photo key, width, format), so a file present under its name is the right file.

    A county publishes a hundred thousand photo files: the names found are kept as eleven
    bytes each, and only those sharing the first hex digit of the name being placed are a set
    at a time (wanted names in key order, as the media stage gives them, make each run a set
    once; any order gives the same result)."""
    found = Unwanted({}, set())
    if folder.is_dir():
        with os.scandir(folder) as entries:
            for entry in entries:
                packed = _packed(entry.name)
                if isinstance(packed, str):
                    found.others.add(packed)
                else:
                    found.buckets.setdefault(packed >> _BUCKET, bytearray()).extend(
                        packed.to_bytes(_RECORD, "big"))
    base = str(folder)
    current: int | None = None
    present: set[int] = set()
    for name, source in wanted:
        packed = _packed(name)
        if isinstance(packed, str):
            if packed in found.others:
                found.others.discard(packed)
                continue
        else:
            bucket = packed >> _BUCKET
            if bucket != current:
                if current is not None:
                    found.buckets[current] = _bytes(present)
                current, present = bucket, _records(found.buckets.pop(bucket, b""))
            if packed in present:
                present.discard(packed)
                continue
        place(source, f"{base}/{name}")
    if current is not None:
        found.buckets[current] = _bytes(present)
    return found


def remove_unwanted(unwanted: Iterable[str], folder: Path) -> None:
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
