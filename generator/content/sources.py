"""Where the data came from, and how the build hands stages its files.

A page depends on the source files it read. Every object the stages hand to templates can say
which ones: its `read_from`: names of files as shown from the project folder
("content/villages/东山村.yaml", "assets/villages/东山村/枇杷.jpg") or of folders, with a
trailing slash ("content/villages/"), meaning every file the folder gave (which ones, and each
one's bytes). An item names its file; a result derived from many items, such as which items
lie in a village, names the folders it looked through. The render stage records where what it
hands out was read from; the build keeps them with the page (generator/build/).

The stages know nothing of how the build remembers things between builds: they are given a
`Files` (digests and bytes of files, from the build's stat memo) and a `Kept` (entries an
earlier build left).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol


class Files(Protocol):
    def digest(self, path: Path) -> str:
        """The sha256 (hex) of the file's bytes. Raises OSError."""

    def read(self, path: Path) -> tuple[bytes, str]:
        """The file's bytes and their sha256. Raises OSError."""

    def written(self, path: Path, digest: str) -> None:
        """The build has just written this file."""


class Kept(Protocol):
    def get(self, key: str) -> Any:
        """What an earlier build put under `key`, or None."""

    def put(self, key: str, value: Any) -> None:
        """Keep plain data (JSON) for the next build."""


class Sourced(list):
    """A list read from `read_from` (besides what its members are read from)."""

    read_from: tuple[str, ...] = ()

    def __init__(self, members: Iterable[Any] = (), read_from: tuple[str, ...] = ()) -> None:
        super().__init__(members)
        self.read_from = read_from


class SourcedDict(dict):
    """A mapping read from `read_from` (besides what its values are read from)."""

    read_from: tuple[str, ...] = ()

    def __init__(self, values: dict[Any, Any], read_from: tuple[str, ...] = ()) -> None:
        super().__init__(values)
        self.read_from = read_from


def folder_digest(files: Iterable[tuple[str, str]]) -> str:
    """The digest a folder is known by: the names and digests of the files it gave."""
    return hashlib.sha256("\n".join(f"{name}\0{digest}" for name, digest in sorted(files))
                          .encode()).hexdigest()
