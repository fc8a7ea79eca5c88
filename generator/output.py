"""Virtual files: what the core produces, independent of any site engine."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VirtualFile:
    """A file of the built site: text (a Markdown page) or a copy of a source file."""

    path: str  # POSIX path relative to the site root, e.g. villages/dongshancun.md
    text: str | None = None
    source: str | Path | None = None  # str for the many small files of a photo

    def __post_init__(self) -> None:
        if (self.text is None) == (self.source is None):
            raise ValueError("a virtual file has either text or a source, not both")


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


CARRIED = "media"  # the folder of content-named files a new build takes over from the old


def carried(files: list[VirtualFile]) -> dict[str, str | Path]:
    """Name → source of every file with a source in the CARRIED folder."""
    prefix = CARRIED + "/"
    return {f.path[len(prefix):]: f.source for f in files
            if f.source is not None and f.path.startswith(prefix)}


def add_missing(wanted: dict[str, str | Path], folder: Path) -> None:
    """Place every wanted file the folder lacks. Names there are content hashes (photo key,
    width, format), so a file that is present under its name is the right file."""
    if not wanted and not folder.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    present = set(os.listdir(folder))
    base = str(folder)
    for name, source in wanted.items():
        if name not in present:
            place(source, f"{base}/{name}")


def remove_unwanted(wanted: dict[str, str | Path], folder: Path) -> None:
    if not folder.is_dir():
        return
    base = str(folder)
    for name in set(os.listdir(folder)) - wanted.keys():
        os.unlink(f"{base}/{name}")


def export(files: list[VirtualFile], folder: Path) -> None:
    """Write virtual files to a folder (for inspection or another engine)."""
    for file in files:
        target = folder / file.path
        if file.text is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.text, encoding="utf-8")
        else:
            assert file.source is not None
            place(file.source, target)
