"""Publishing a built site: the new site takes the old one's place in one step.

`showcase build` builds into a staging folder beside the target (`.site-new-…`) and then
switches the two, so that whoever looks at `site/` (a web server, `cp -r`, `rsync`, a person)
sees at every instant the whole old site or the whole new one, even if the build is killed:

- Linux: `renameat2(RENAME_EXCHANGE)` swaps the two folders in one system call; macOS:
  `renamex_np(RENAME_SWAP)`. The old site, now under the staging name, is deleted after.
- Where no swap exists (Windows; file systems that refuse it, such as FAT on a USB stick or
  some network shares): two renames, site → `.site-old-…`, staging → site. A kill between
  the two leaves no `site/` but the complete old site as `.site-old-…`; the next build puts
  it back before it does anything else.

`site/` stays a plain folder, not a symbolic link flipped to the newest build: hosts copy it
with `cp -r` or `rsync`, which copy a link as a link, and a FAT USB stick cannot hold one.

Whatever a killed build leaves beside the target (`.site-new-…`, `.site-old-…`,
`.site-gone-…`) is removed by the next build, which holds a lock in the build cache so that
two builds never clear each other's folders. Folders and files get the modes the umask gives
(0755 and 0644 with the usual 022): a web server running as another user can read them.

Photos (`media/`, files named by their content: a county publishes a hundred thousand) and
pages are not copied again for every build. The site a build replaces is not deleted but
kept beside the new one as the spare (`.site-spare`); the next build renames the spare into
its staging folder and keeps each photo and page there that is exactly the file this module
published: same size, times and inode as recorded in the spare's manifest
(`published/<site>-spare.json` in the cache), the mode the umask gives and, for a page, the
digest the page cache has for it now (`kept`). Everything else in it is removed before the
build writes anything (`clear`). Unchanged files then cost one stat each, not a copy into
the new site and an unlink from the old (benchmarks/README.md). Without a spare (the first
builds, or after a kill), a file of the old site is linked into the new one when it matches
the site's manifest (`published/<site>.json`). Anything else, such as a file an optimiser
rewrote in place, is copied from the cache again (cloned where the file system can: Btrfs,
XFS). The cache and the site never share a file, so no tool working on `site/` can change the
cache. A manifest that is missing, stale or damaged costs copies, never a wrong file: an
entry only matches the very file it describes.

Nothing here knows MkDocs: it publishes a folder that something else has filled.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import json
import logging
import operator
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from generator.output import copy_file, replacing

log = logging.getLogger("mkdocs.plugins.showcase")

CARRIED = "media"  # the folder of content-named files a new site takes over from the old


class PublishError(Exception):
    """The site could not be built or put in place; the old site is as it was."""


def carried(files: Iterable[Any]) -> Iterator[tuple[str, Any]]:
    """(name inside CARRIED, file) of every file with a source there, as they come."""
    prefix = CARRIED + "/"
    for f in files:
        path = getattr(f, "path", "")
        if getattr(f, "source", None) is not None and path.startswith(prefix):
            yield path[len(prefix):], f


Source = Callable[[Any], "str | Path"]  # where to copy a file from, when it must be copied


# -- switching two folders ---------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS stdio.h
_NOT_SUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


@functools.cache
def _system_swap() -> Callable[[bytes, bytes], int] | None:
    """The C library's call that swaps two paths in one step, where there is one."""
    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform == "darwin":
        swap = getattr(libc, "renamex_np", None)
        if swap is None:
            return None
        swap.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        swap.restype = ctypes.c_int
        return lambda a, b: swap(a, b, _RENAME_SWAP)
    swap = getattr(libc, "renameat2", None)  # glibc ≥ 2.28, musl ≥ 1.2.5
    if swap is None:
        return None
    swap.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    swap.restype = ctypes.c_int
    return lambda a, b: swap(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing folders in one step; False where this system or file system cannot."""
    swap = _system_swap()
    if swap is None:
        return False
    if swap(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


# Every change this module makes to the disk goes through these (the kill tests pause here).
_rename = os.rename
_link = os.link
_copy = copy_file


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


# -- the lock and what killed builds leave -------------------------------------------------------


class _Busy(Exception):
    """Another build holds the lock."""


class _Lock:
    """Held by one build of a project at a time; the system lets go of it when the process
    ends, however it ends."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("a+b")
        try:
            if os.name == "nt":
                import msvcrt

                self.file.seek(0)
                msvcrt.locking(self.file.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            self.file.close()
            raise _Busy() from error

    def release(self) -> None:
        self.file.close()


def _leftover_pattern(target: Path) -> re.Pattern[str]:
    # ours: .site-new-<time>-<pid>; earlier versions: .site-new-<mkdtemp>, .site-old-<pid>
    return re.compile(rf"\.{re.escape(target.name)}-(new|old|gone)-[0-9a-z_]+(?:-[0-9]+)?")


def _spare(target: Path) -> Path:
    """The site a build replaced, kept for the next build's photos (not a leftover)."""
    return target.with_name(f".{target.name}-spare")


def _sibling(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}-{kind}-{time.time_ns():016x}-{os.getpid()}")


def _recover(target: Path) -> None:
    """Put back the old site a build killed between its two renames left aside; remove every
    other folder killed builds left beside the target."""
    pattern = _leftover_pattern(target)
    with os.scandir(target.parent) as entries:
        found = sorted((e.name, e.path) for e in entries if pattern.fullmatch(e.name))
    olds = [path for name, path in found if pattern.fullmatch(name).group(1) == "old"]
    if olds and not os.path.lexists(target):
        _rename(olds[-1], target)  # the newest: a complete site, renamed whole
        log.warning(f"上一次生成网站在替换 {target} 时中断了，已把原来的网站放回原处。")
        found = [(name, path) for name, path in found if path != olds[-1]]
    for _name, path in found:
        try:
            _remove_tree(Path(path))
        except OSError as error:
            log.warning(f"没能删掉上一次中断的生成留下的 {path}（{_reason(error)}），"
                        "下次生成时再试。")


def _make_staging(target: Path) -> Path:
    while True:
        staging = _sibling(target, "new")
        try:
            os.mkdir(staging, 0o777)  # the umask decides, as for every folder MkDocs makes
            return staging
        except FileExistsError:
            continue


# -- the manifest of published photos ------------------------------------------------------------


def _stamp(st: os.stat_result) -> str:
    # any write changes ctime, and no tool can set it back (on Windows it is the creation
    # time: there size and mtime tell)
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"


class _Manifest:
    """Each photo file this module put into the site (or the spare), by name: its size, times
    and inode once it was in place; and each page the build kept in the page cache, by its
    path in the site: the same, and the digest of its bytes. Trusted per entry only when the
    file still has all of them."""

    def __init__(self, folder: Path, target: Path, kind: str = "") -> None:
        name = hashlib.sha256(os.fsencode(target)).hexdigest()[:16]
        self.path = folder / f"{name}{kind}.json"
        self.target = target
        self.entries: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        self.mask: int | None = None  # the umask the site was written under

    def read(self) -> _Manifest:
        """The entries recorded (none when the file is missing, damaged or another site's)."""
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("site") == str(self.target):
                self.mask = data.get("mask") if isinstance(data.get("mask"), int) else None
                self.entries, self.pages = (
                    {k: v for k, v in part.items() if isinstance(k, str) and isinstance(v, str)}
                    if isinstance(part := data.get(key), dict) else {}
                    for key in ("media", "pages"))
        return self

    def save(self, site: Path, media: dict[str, str | None],
             pages: dict[str, str] | None = None, kept: _Manifest | None = None) -> None:
        """Record the photos `media` (name → its stamp, where just checked) and the `pages`
        (path → digest of its bytes) of the site folder `site` as they are now, and the
        entries of `kept` besides."""
        entries = dict(kept.entries) if kept else {}
        stamped = dict(kept.pages) if kept else {}
        base = str(site)
        for name, stamp in media.items():
            if stamp is not None:
                entries[name] = stamp
                continue
            with contextlib.suppress(OSError):
                entries[name] = _stamp(os.stat(f"{base}/{CARRIED}/{name}"))
        for path, digest in (pages or {}).items():
            with contextlib.suppress(OSError):
                stamped[path] = f"{_stamp(os.stat(f'{base}/{path}'))} {digest}"
        for stale in self.path.parent.glob(".*.tmp"):  # a killed build's (we hold the lock)
            stale.unlink(missing_ok=True)
        with replacing(self.path) as stream:  # dumps: the C encoder, not json.dump's chunks
            stream.write(json.dumps({"site": str(self.target), "mask": _umask(),
                                     "media": entries, "pages": stamped}).encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _as_written(path: str, expected: str | None, mode: int) -> bool:
    """Whether the file at `path` is the one a manifest entry describes."""
    if expected is None:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (_stamp(st) == expected and stat.S_ISREG(st.st_mode)
            and stat.S_IMODE(st.st_mode) == mode)


def fill_carried(media: Iterable[tuple[str, Any]], old: Path, new: Path,
                 known: dict[str, str], in_place: bool = False,
                 source: Source = operator.attrgetter("source")
                 ) -> tuple[dict[str, str | None], list[str]]:
    """Put every wanted photo file (name, file) into `new`: kept when `in_place` (`new` holds
    the spare's photos) and it is the file the manifest `known` describes, else linked from
    `old` when it is the file `known` describes there, else copied from `source(file)`
    (asked only then: it may prove the file's bytes first). Files of `new` no
    longer wanted are removed. Returns every name, with its stamp where the file was kept
    (a manifest need not look at it again), and the names of those linked from `old`."""
    mode = 0o666 & ~_umask()
    new.mkdir(exist_ok=True)
    old_base, new_base = str(old), str(new)
    placed: dict[str, str | None] = {}
    linked = []
    for name, file in media:
        if name in placed:
            continue
        placed[name] = None
        target = f"{new_base}/{name}"
        expected = known.get(name)
        if in_place:
            if _as_written(target, expected, mode):
                placed[name] = expected
                continue
            with contextlib.suppress(FileNotFoundError):
                _remove_tree(Path(target))
        elif _as_written(f"{old_base}/{name}", expected, mode):
            try:
                _link(f"{old_base}/{name}", target)
                linked.append(name)
                continue
            except OSError:  # no hard links here (FAT), or too many
                pass
        _copy(source(file), target)
    if in_place:
        with os.scandir(new) as entries:
            unwanted = [e.name for e in entries if e.name not in placed]
        for name in unwanted:
            _remove_tree(new / name)
    return placed, linked


# -- one publication ------------------------------------------------------------------------------


class Publication:
    """`with Publication(site, cache) as p:` fill `p.staging`, then call `p.publish`. On any
    error before the switch, the staging folder goes and the old site stays as it was."""

    def __init__(self, target: Path, cache: Path) -> None:
        self.target = target
        self.cache = cache
        self.staging: Path | None = None
        self._lock: _Lock | None = None
        self._spare: _Manifest | None = None  # when the staging folder was the spare
        self._mode = 0o666 & ~_umask()  # of every file written now

    def __enter__(self) -> Publication:
        try:
            self._lock = _Lock(self.cache / "build.lock")
        except _Busy:
            raise PublishError(
                f"另一个 showcase build 正在生成这个项目的网站（缓存 {self.cache} 正在使用），"
                "等它完成后再运行。") from None
        except OSError as error:
            raise PublishError(self.describe(error)) from error
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            _recover(self.target)
            if self.target.exists() and not self.target.is_dir():
                raise PublishError(f"{self.target} 不是文件夹：网站要生成到一个文件夹里。"
                                   "请换一个输出位置，或把这个文件移走。")
            self.staging = self._take_spare() or _make_staging(self.target)
        except BaseException as error:
            self._release()
            if isinstance(error, OSError):
                raise PublishError(self.describe(error)) from error
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if self.staging is not None:
                with contextlib.suppress(OSError):
                    _remove_tree(self.staging)
        finally:
            self._release()
        if isinstance(error, OSError):
            raise PublishError(self.describe(error)) from error

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def kept(self, path: str, digest: str) -> bool:
        """Whether the staging folder holds, at `path`, the page with bytes of this digest, as
        this module published it (the spare's): it need not be written again."""
        if self._spare is None or self.staging is None:
            return False
        entry = self._spare.pages.get(path)
        if entry is None or not entry.endswith(" " + digest):
            return False
        return _as_written(f"{self.staging}/{path}", entry[:-len(digest) - 1], self._mode)

    def kept_under(self, folder: str) -> set[str]:
        """The files under `folder` that the staging folder holds as this module published
        them (the spare's), whatever their digest now should be."""
        if self._spare is None or self.staging is None:
            return set()
        prefix = folder + "/"
        return {path for path, entry in self._spare.pages.items() if path.startswith(prefix)
                and _as_written(f"{self.staging}/{path}", entry.rpartition(" ")[0], self._mode)}

    def clear(self, keep: set[str]) -> None:
        """Before anything is written into the staging folder: remove from it every file but
        the photos (`publish` sorts them) and the pages `keep`, and every folder left empty.
        What is left is exactly what the build would write there."""
        if self._spare is None or self.staging is None:
            return

        def clear(folder: str, prefix: str) -> bool:  # whether `folder` is empty after
            empty = True
            with os.scandir(folder) as found:
                entries = list(found)
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if name == CARRIED or not clear(entry.path, name + "/"):
                        empty = False
                    else:
                        os.rmdir(entry.path)
                elif name in keep:
                    empty = False
                else:
                    os.unlink(entry.path)
            return empty

        clear(str(self.staging), "")

    def publish(self, media: Iterable[tuple[str, Any]], pages: dict[str, str] | None = None,
                source: Source = operator.attrgetter("source")) -> None:
        """Add the photos (`fill_carried`), then put the staging folder in the target's place.
        `pages`: the site's pages kept in the page cache (path → digest), recorded for the
        next build."""
        assert self.staging is not None
        folder = self.cache / "published"
        # a county's hundred thousand entries: not kept beside the new ones
        spare, self._spare = self._spare, None
        in_place = spare is not None and (self.staging / CARRIED).is_dir()
        if spare is not None and in_place:
            known = spare.entries
        else:
            known = _Manifest(folder, self.target).read().entries if self.target.is_dir() else {}
        names, linked = fill_carried(media, self.target / CARRIED, self.staging / CARRIED,
                                     known, in_place, source)
        del known, spare
        staging, self.staging = self.staging, None
        try:
            old = self._switch(staging)
        except BaseException:
            self.staging = staging
            raise
        try:
            self._keep_spare(old, linked)
            _Manifest(folder, self.target).save(self.target, names, pages)
        except OSError as error:  # the site is out: the next build copies its photos again
            log.warning(f"网站已生成，但没能记下发布了哪些照片（{_reason(error)}）："
                        "下次生成时会把照片重新复制一遍。")

    def _take_spare(self) -> Path | None:
        """The spare becomes the staging folder (one rename), with its manifest: its photos
        and pages that are still as published need not be written again (`clear` removes
        the rest before the build writes). None without a spare that can be moved."""
        spare = _spare(self.target)
        if not spare.is_dir() or spare.is_symlink():
            return None
        manifest = _Manifest(self.cache / "published", self.target, "-spare").read()
        if manifest.mask == _umask():  # else its folders' modes are not the ones made now
            staging = _sibling(self.target, "new")
            try:
                _rename(spare, staging)
                self._spare = manifest
                return staging
            except OSError:  # not movable: the photos are linked or copied instead
                pass
        try:
            _remove_tree(spare)
        except OSError as error:
            log.warning(f"没能删掉上一次的备用网站 {spare}（{_reason(error)}），下次生成时再试。")
        return None

    def _keep_spare(self, old: Path | None, linked: list[str]) -> None:
        """The site just replaced becomes the spare, with its manifest (the replaced site's,
        not yet overwritten; photos linked into the new site have new times: stamped now)."""
        folder = self.cache / "published"
        spare_manifest = _Manifest(folder, self.target, "-spare")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(spare_manifest.path)
        if old is None:
            return
        spare = _spare(self.target)
        try:
            _rename(old, spare)
        except OSError:  # a spare the last build could not remove is in the way
            self._remove_old(old)
            return
        if linked:
            spare_manifest.save(spare, dict.fromkeys(linked),
                                kept=_Manifest(folder, self.target).read())
        else:
            with contextlib.suppress(FileNotFoundError):
                os.replace(_Manifest(folder, self.target).path, spare_manifest.path)

    def _switch(self, staging: Path) -> Path | None:
        """Put `staging` in the target's place; returns where the old site now is."""
        target = self.target
        if not target.exists():
            _rename(staging, target)
            return None
        if _exchange(staging, target):
            return staging
        old = _sibling(target, "old")
        _rename(target, old)
        try:
            _rename(staging, target)
        except BaseException:
            _rename(old, target)
            raise
        gone = _sibling(target, "gone")  # from here on, nothing would put it back
        try:
            _rename(old, gone)
        except OSError:
            gone = old
        return gone

    def _remove_old(self, folder: Path) -> None:
        try:
            _remove_tree(folder)
        except OSError as error:
            log.warning(f"新网站已放好，但没能删掉旧网站 {folder}（{_reason(error)}），"
                        "下次生成时再删。")

    def describe(self, error: OSError) -> str:
        """What went wrong, in the words of the folder a user knows."""
        folder = self._folder_of(error)
        return (f"网站没有生成：{folder} {_reason(error)}。"
                f"原来的网站（{self.target}）没有改动。")

    def _folder_of(self, error: OSError) -> Path:
        # of two names (a copy, a link, a rename) the second is the one written
        name = error.filename2 if error.filename2 is not None else error.filename
        if name is None:
            return self.target
        path = Path(os.fsdecode(name))
        beside = _leftover_pattern(self.target)
        if path.parent == self.target.parent and beside.fullmatch(path.name):
            return self.target.parent  # a folder made or renamed beside the site
        for place in (path, *path.parents):
            if place == self.target or (place.parent == self.target.parent
                                        and beside.fullmatch(place.name)):
                return self.target  # a file of the old or the new site
            if place == self.cache:
                return self.cache
        return path if path.is_dir() else path.parent


def _reason(error: OSError) -> str:
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "所在的磁盘空间不够了：清理出空间（或换一个输出位置）后再生成"
    if code == errno.EROFS:
        return "在只读的磁盘上（例如写保护的 U 盘或只读的网络盘），写不进去：换一个输出位置"
    if code in (errno.EACCES, errno.EPERM):
        return ("不允许写入：没有写入权限，或被设成了不可修改（例如 chattr +i）；"
                "改好权限或换一个输出位置后再生成")
    if code == errno.EFBIG:
        return "里的文件超过了系统允许的大小（ulimit -f），写不进去"
    if code == errno.EBUSY or getattr(error, "winerror", None) in (5, 32, 33):
        return "里有文件正被其他程序使用（例如网站服务器、资源管理器），关掉它后再生成"
    return f"读写时出错（{error.strerror or error}）"
