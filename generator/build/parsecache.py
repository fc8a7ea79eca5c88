"""Content files as read and validated in an earlier run, reused when their bytes are the same.

Reading a YAML file with the position of every value and validating it costs one to two
milliseconds; a county has thousands of files and an editor changes one of them. Each file's
result (document, model, problems) is kept under a hash of its bytes, the name it is shown
under, the model it was checked against and the generator's own code, so a file is read again
exactly when it or the code changed. Nothing is keyed by time (file stamps only spare reading
the bytes of a file nobody touched). One file holds them all, `.cache/showcase/content.pickle`,
plus `content.pickle.new` with what changed since it was written.

A build needs little of most items: names, references, photo lists (an outline, made by the
caller's `summarize`). For a valid file the cache keeps only that outline and its problems;
the document and model are kept one file each under `.cache/showcase/models/` and read back
when a page that shows the item is rendered, so memory does not grow with every word of a
county's files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.build.bulk import collector_paused, load_known, load_pickle
from generator.content.slugs import slugify
from generator.content.yamlsource import YamlDocument, load, load_bytes
from generator.output import replacing
from generator.problems import Problem

Validator = Callable[[type, YamlDocument], tuple[Any, list[Problem]]]
Summarize = Callable[[Any], Any]  # a valid model → what every build needs of it


@dataclass(frozen=True)
class Parsed:
    doc: YamlDocument  # data is None when the file could not be read as YAML
    problems: list[Problem]  # reading, then validation
    model: Any  # None when unreadable or invalid


@dataclass(frozen=True)
class _Outlined:
    """A valid file as the cache index keeps it: its document and model are in the store."""

    outline: Any
    problems: list[Problem]


@dataclass(frozen=True)
class Record:
    """What a build holds of one file: its problems, its outline when it is valid and an
    outline was asked for, and `open()` for the document and model."""

    problems: list[Problem]
    readable: bool  # could be read as YAML (slips repaired in memory included)
    outline: Any  # None when the file is invalid or no outline was asked for
    open: Callable[[], Parsed]

    @classmethod
    def kept(cls, parsed: Parsed, summarize: Summarize | None) -> Record:
        """A file held in memory whole."""
        outline = (summarize(parsed.model)
                   if summarize is not None and parsed.model is not None else None)
        return cls(parsed.problems, parsed.doc.readable, outline, lambda: parsed)


@cache
def generator_code() -> bytes:
    """The generator's source: any change to how files are read or checked changes it."""
    digest = hashlib.sha256()
    root = Path(__file__).parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


@cache
def _pinyin() -> bytes:
    """The pinyin library's version: a new one may spell a name differently."""
    return f"slug {metadata.version('pypinyin')}".encode()


def read(path: Path, file: str, model: type, validate: Validator) -> Parsed:
    """Read and validate one file, uncached."""
    return _validated(*load(path, file), model, validate)


def _validated(doc: YamlDocument, problems: list[Problem], model: type,
               validate: Validator) -> Parsed:
    if doc.data is None:
        return Parsed(doc, problems, None)
    result, found = validate(model, doc)
    if result is not None:
        doc.release()  # a valid file's positions are rarely asked for again
    return Parsed(doc, problems + found, result)


class ChangedDuringBuild(Exception):
    """A file whose model the store lost was changed after the build had checked it."""

    def __init__(self, file: str) -> None:
        super().__init__(f"{file} 在生成网站的过程中被修改了")
        self.file = file


def _read_again(path: str, file: str, model: type, validate: Validator, raw: bytes) -> Parsed:
    """`read`, for a file whose model the store lost (kept by name: a county has thousands);
    only if its bytes are still those the build checked (`raw`, their digest)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise ChangedDuringBuild(file) from None
    if hashlib.sha256(data).digest() != raw:
        raise ChangedDuringBuild(file)
    return _validated(*load_bytes(data, file), model, validate)


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
        self.store = ModelStore(None if path is None else path.with_name("models"))
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

    def read(self, path: Path, file: str, model: type, validate: Validator,
             summarize: Summarize | None = None) -> tuple[Record, str]:
        """The file read and validated, and a digest of its bytes, name, model and the
        generator's code ("" when it could not be read). With `summarize`, a valid file is
        held as its outline and its model is read from the store when asked for."""
        try:
            raw = self._bytes_digest(path)
        except OSError:  # reports the problem
            return Record.kept(read(path, file, model, validate), summarize), ""
        key = hashlib.sha256(b"\0".join(
            [generator_code(), file.encode(), model.__qualname__.encode(), raw])).digest()
        found = self.known.get(key)
        again = functools.partial(_read_again, str(path), file, model, validate, raw)
        if summarize is not None and isinstance(found, _Outlined):
            self.used[key] = found
            return self._stored(key, found, again), key.hex()
        if not isinstance(found, Parsed):
            found = read(path, file, model, validate)
            if summarize is not None and found.model is not None and self.store.put(key, found):
                outlined = _Outlined(summarize(found.model), found.problems)
                self.used[key] = outlined
                return self._stored(key, outlined, again), key.hex()
        self.used[key] = found
        return Record.kept(found, summarize), key.hex()

    def _stored(self, key: bytes, outlined: _Outlined, again: Callable[[], Parsed]) -> Record:
        return Record(outlined.problems, True, outlined.outline,
                      functools.partial(self.store.get, key, again))

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
        self.store.keep_only(k for k, v in self.used.items() if isinstance(v, _Outlined))
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


class ModelStore:
    """Validated files (document and model) one pickle each, by the key of their bytes; read
    back when a page shows the item, the last few kept at hand (a listing reads each entry's
    model several times)."""

    RECENT = 64

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.recent: OrderedDict[bytes, Parsed] = OrderedDict()

    def _file(self, key: bytes) -> Path:
        assert self.folder is not None
        return self.folder / f"{key.hex()}.pickle"

    def put(self, key: bytes, parsed: Parsed) -> bool:
        """Keep a validated file; False when it cannot be kept (no cache, a read-only one)."""
        if self.folder is None:
            return False
        try:
            data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
            with replacing(self._file(key)) as stream:
                stream.write(_seal(data) + data)
        except (OSError, pickle.PicklingError):
            return False
        return True

    def get(self, key: bytes, again: Callable[[], Parsed]) -> Parsed:
        """The file as it was kept; read `again` if the store lost it (a cleaned cache)."""
        found = self.recent.get(key)
        if found is None:
            found = _load_parsed(self._file(key)) or again()  # raises ChangedDuringBuild
            self.recent[key] = found
            if len(self.recent) > self.RECENT:
                self.recent.popitem(last=False)
        else:
            self.recent.move_to_end(key)
        return found

    def keep_only(self, keys: Any) -> None:
        """Remove the files of every key but these."""
        if self.folder is None:
            return
        wanted = {f"{key.hex()}.pickle" for key in keys}
        try:
            for name in set(os.listdir(self.folder)) - wanted:
                os.unlink(self.folder / name)
        except OSError:
            pass  # left for the next build


_SEAL = 16


def _seal(data: bytes) -> bytes:
    """A digest of a kept model's bytes, written before them: a damaged file (a flipped bit
    still unpickles, into a wrong model) is read again from its YAML instead."""
    return hashlib.blake2b(data, digest_size=_SEAL).digest()


def _load_parsed(path: Path) -> Parsed | None:
    try:
        with open(path, "rb") as stream:
            sealed = stream.read()
        data = sealed[_SEAL:]
        if _seal(data) != sealed[:_SEAL]:
            return None
        with collector_paused():
            found = pickle.loads(data)
    except Exception:
        return None
    return found if isinstance(found, Parsed) else None
