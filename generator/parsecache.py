"""Content files as read and validated in an earlier run, reused when their bytes are the same.

Reading a YAML file with the position of every value and validating it costs one to two
milliseconds; a county has thousands of files and an editor changes one of them. Each file's
result (document, model, problems) is kept under a hash of its bytes, the name it is shown
under, the model it was checked against and the generator's own code, so a file is read again
exactly when it or the code changed. Nothing is keyed by time. One file holds them all:
`.cache/showcase/content.pickle`, written only when something in it changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

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
    return Parsed(doc, problems + found, result)


class ParseCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[bytes, Any] = {}  # Parsed by file, or a slug by name
        self.used: dict[bytes, Any] = {}
        if path is not None and path.is_file():
            try:
                with path.open("rb") as stream:
                    known = pickle.load(stream)
                self.known = known if isinstance(known, dict) else {}
            except Exception:  # a damaged or foreign cache is just rebuilt
                self.known = {}

    def read(self, path: Path, file: str, model: type, validate: Validator
             ) -> tuple[Parsed, str]:
        """The file read and validated, and a digest of its bytes, name, model and the
        generator's code ("" when it could not be read)."""
        try:
            raw = path.read_bytes()
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
        if self.path is None or self.used.keys() == self.known.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with temp.open("wb") as stream:
                pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except (OSError, pickle.PicklingError):
            pass  # the next run reads the files again
