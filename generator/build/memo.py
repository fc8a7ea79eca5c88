"""The one memo: what an earlier build left under keys, in one sealed JSON file.

A build `get`s what is known and `put`s what it made; `save` writes exactly the entries this
build used, so entries nothing uses any more are dropped. The file proves itself (its first
line is the digest of the rest, `output.sealed`): a truncated, garbled or edited manifest is
not read, and neither is one written under another `salt` (the code and settings every entry
depends on). Either way its entries are made again, never trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.output import replacing, sealed_parts, unsealed


class Memo:
    def __init__(self, path: Path | None, salt: str = "") -> None:
        self.path = path
        self.salt = salt
        self.known: dict[str, Any] = self._load()
        self.used: dict[str, Any] = {}

    def _load(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            data = unsealed(self.path.read_bytes())
        except (OSError, ValueError):  # missing or damaged: everything is made again
            return {}
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any:
        """The entry an earlier build left under `key` (None when there is none)."""
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep this build's entries for the next (nothing happens when they are the same)."""
        if self.path is None or self.used == self.known:
            return
        try:
            with replacing(self.path) as stream:
                stream.writelines(sealed_parts({"salt": self.salt, "entries": self.used}))
        except OSError:
            return  # a read-only cache: the next build does the work again
        self.known = dict(self.used)
