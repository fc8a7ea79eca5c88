"""Content files as read and validated in an earlier run, reused when their bytes are the same.

Reading a YAML file with the position of every value and validating it costs one to two
milliseconds; a county has thousands of files and an editor changes one of them. Each file's
result (document, model, problems) is kept under a hash of its bytes, the name it is shown
under, the model it was checked against and the generator's own code, so a file is read again
exactly when it or the code changed. Nothing is keyed by time (file stamps only spare reading
the bytes of a file nobody touched). One file holds them all, `.cache/showcase/content.pickle`,
plus `content.pickle.new` with what changed since it was written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .bulk import load_known, load_pickle
from .output import replacing
from .problems import Problem
from .slugs import slugify
from .yamlsource import YamlDocument, load

Validator = Callable[[type, YamlDocument], tuple[Any, list[Problem]]]


@dataclass(frozen=True)
class Parsed:
    doc: YamlDocument  # data is None when the file could not be read as YAML
    problems: list[Problem]  # reading, then validation
    model: Any  # None when unreadable or invalid


@cache
def generator_code() -> bytes:
    """The generator's source: any change to how files are read or checked changes it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


@cache
def _pinyin() -> bytes:
    """The pinyin library's version: a new one may spell a name differently."""
    return f"slug {metadata.version('pypinyin')}".encode()


def read(path: Path, file: str, model: type, validate: Validator) -> Parsed:
    """Read and validate one file, uncached."""
    doc, problems = load(path, file)
    if doc.data is None:
        return Parsed(doc, problems, None)
    result, found = validate(model, doc)
    if result is not None:
        doc.release()  # a valid file's positions are rarely asked for again
    return Parsed(doc, problems + found, result)


_STAMPS = b"stamps"  # path -> (size, mtime, ctime, inode), digest of the bytes; and when taken
_NEWER = ".new"  # beside the cache: what changed since it was written
_SETTLE_NS = 2_000_000_000  # a file changed this shortly before its stamp is read again


class ParseCache:
    """Parsed files by a key of their bytes; see the module's docstring.

    Two shortcuts keep an everyday build from paying for the whole county:

    - a file whose size, modification and change times and inode are what they were when its
      bytes were last hashed is not read again (as git's index does; a file changed within
      two seconds of that moment is always read, for file systems with coarse times);
    - when a build changed a few files, only their entries are written, to a second file
      beside the cache; it is merged into the cache once it holds a tenth of it.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[bytes, Any] = {}  # Parsed by file, or a slug by name
        self.used: dict[bytes, Any] = {}
        self.written: set[bytes] = set()  # keys in the cache file itself
        self.stamps: dict[str, Any] = {}
        self.new_stamps: dict[str, Any] = {}
        if path is not None:
            main = load_known(load_pickle, path)
            self.written = set(main)
            self.known = main | load_known(load_pickle, path.with_name(path.name + _NEWER))
            stamps = self.known.pop(_STAMPS, None)
            self.written.discard(_STAMPS)
            if isinstance(stamps, tuple) and len(stamps) == 2 and isinstance(stamps[1], dict):
                taken, by_path = stamps
                self.stamps = {k: v for k, v in by_path.items()
                               if max(v[0][1], v[0][2]) < taken - _SETTLE_NS}

    def _bytes_digest(self, path: Path) -> bytes:
        """sha256 of the file's bytes, read only when its stamp changed. Raises OSError."""
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        name = str(path)
        known = self.stamps.get(name)
        digest = known[1] if known is not None and known[0] == stamp else None
        if digest is None:
            digest = hashlib.sha256(path.read_bytes()).digest()
        self.new_stamps[name] = (stamp, digest)
        return digest

    def read(self, path: Path, file: str, model: type, validate: Validator
             ) -> tuple[Parsed, str]:
        """The file read and validated, and a digest of its bytes, name, model and the
        generator's code ("" when it could not be read)."""
        try:
            raw = self._bytes_digest(path)
        except OSError:
            return read(path, file, model, validate), ""  # reports the problem
        key = hashlib.sha256(b"\0".join(
            [generator_code(), file.encode(), model.__qualname__.encode(), raw])).digest()
        parsed = self.known.get(key)
        if not isinstance(parsed, Parsed):
            parsed = read(path, file, model, validate)
        self.used[key] = parsed
        return parsed, key.hex()

    def slug(self, name: str) -> str:
        """`slugify(name)`, remembered: spelling thousands of names in pinyin takes a second."""
        key = hashlib.sha256(b"\0".join([generator_code(), _pinyin(), name.encode()])).digest()
        slug = self.known.get(key)
        if not isinstance(slug, str):
            slug = slugify(name)
        self.used[key] = slug
        return slug

    def save(self) -> None:
        if self.path is None or (self.used.keys() == self.known.keys()
                                 and self.new_stamps == self.stamps):
            return
        newer = self.path.with_name(self.path.name + _NEWER)
        added = {k: v for k, v in self.used.items() if k not in self.written}
        stamps = {_STAMPS: (time.time_ns(), self.new_stamps)}
        try:
            if self.written and len(added) * 10 < len(self.written):
                _write(newer, added | stamps)
            else:
                _write(self.path, self.used | stamps)
                newer.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError):
            pass  # the next run reads the files again


def _write(path: Path, data: dict[bytes, Any]) -> None:
    with replacing(path) as stream:
        pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
