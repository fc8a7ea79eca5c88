"""The one stat → digest memo: the sha256 of a file's bytes, not read again while its stamp holds.

Every cache is keyed by content, and every cached file is checked against the digest its
manifest gives before it is used; hashing a county's photos and cached pages on every build
would take longer than the build. So each digest is remembered with the file's stamp: size,
modification time and inode, and on POSIX the change time, which any write sets and no tool
can set back (on Windows `st_ctime` is the creation time, so it is left out there: a same-size
edit that puts the old modification time back goes unseen, as it does for git).

The racy-stamp rule: a file modified within the timestamp granularity of the moment its stamp
was taken could be modified again without its stamp changing, so such a stamp is not kept and
the file is read again next time. The granularity assumed is the coarsest in use (FAT's 2 s).
Files the build wrote itself are kept with the stamp they have when the memo is saved, if
size, modification time and inode are still those just after writing.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from generator.build.memo import Memo

GRANULARITY_NS = 2_000_000_000
_CTIME = os.name != "nt"  # the change time, where it is one


def _stamp(st: os.stat_result) -> str:
    stamp = f"{st.st_size} {st.st_mtime_ns} {st.st_ino}"
    return f"{stamp} {st.st_ctime_ns}" if _CTIME else stamp


def _settled(st: os.stat_result, now: int) -> bool:
    """Whether a stamp taken at `now` is safe to keep (see the racy-stamp rule above)."""
    changed = max(st.st_mtime_ns, st.st_ctime_ns) if _CTIME else st.st_mtime_ns
    return changed < now - GRANULARITY_NS


def _written(stamp: str) -> str:
    """A stamp without the change time (which a hard link to the file sets as well)."""
    return " ".join(stamp.split(" ")[:3])


class FileDigests:
    def __init__(self, path: Path | None, root: Path) -> None:
        self.memo = Memo(path, salt="sha256 " + ("size mtime inode ctime" if _CTIME
                                                 else "size mtime inode"))
        self.root = f"{root}{os.sep}"
        self.wrote: dict[str, tuple[str, str, str]] = {}  # name → (path, stamp, digest)

    def _name(self, path: str | Path) -> str:
        """Files under the project are known by their path from it (moving it keeps them)."""
        text = os.fspath(path)
        return text[len(self.root):] if text.startswith(self.root) else text

    def digest(self, path: str | Path) -> str:
        """The sha256 (hex) of the file's bytes. Raises OSError."""
        name = self._name(path)
        stamp = _stamp(os.stat(path))
        wrote = self.wrote.get(name)
        if wrote is not None and wrote[1] == stamp:  # as this build wrote it
            return wrote[2]
        known = self.memo.used.get(name) or self.memo.known.get(name)
        if isinstance(known, str) and known.startswith(stamp + " "):
            self.memo.used[name] = known
            return known[len(stamp) + 1:]
        now = time.time_ns()  # before the file is read: the stamp kept is the one after
        with open(path, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
            self._keep(name, stamp, os.fstat(stream.fileno()), now, digest)
        return digest

    def read(self, path: str | Path) -> tuple[bytes, str]:
        """The file's bytes and their digest. Raises OSError."""
        now = time.time_ns()
        stamp = _stamp(os.stat(path))
        with open(path, "rb") as stream:
            data = stream.read()
            digest = hashlib.sha256(data).hexdigest()
            self._keep(self._name(path), stamp, os.fstat(stream.fileno()), now, digest)
        return data, digest

    def _keep(self, name: str, stamp: str, after: os.stat_result, now: int,
              digest: str) -> None:
        """Remember a digest taken between two stats, if the file did not change meanwhile."""
        if _stamp(after) == stamp and _settled(after, now):
            self.memo.used[name] = f"{stamp} {digest}"
        else:
            self.memo.used.pop(name, None)

    def written(self, path: str | Path, digest: str) -> None:
        """The build has just written this file, with these bytes."""
        try:
            stamp = _stamp(os.stat(path))
        except OSError:
            return
        self.wrote[self._name(path)] = (os.fspath(path), stamp, digest)

    def save(self) -> None:
        now = time.time_ns()
        for name, (path, stamp, digest) in self.wrote.items():
            try:
                st = os.stat(path)
            except OSError:
                continue
            if _written(_stamp(st)) == _written(stamp) and _settled(st, now):
                self.memo.used[name] = f"{_stamp(st)} {digest}"
        self.wrote.clear()
        self.memo.save()
