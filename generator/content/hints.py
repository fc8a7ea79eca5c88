"""Examples for hints, taken from the editor's own project: the file being checked, the line
as written. A hint never quotes the sample town, which another town's site does not have.

Everything here is plain string scanning, linear in the text it is given."""

from __future__ import annotations

import posixpath

from .registry import COLLECTIONS

_FOLDERS = {c.folder for c in COLLECTIONS}
PLACEHOLDER_VILLAGE = "某某村"  # model descriptions say this where an example needs a village


def item_of(file: str) -> tuple[str, str] | None:
    """(collection folder, item id) of a content file: content/villages/西山村.yaml →
    ("villages", "西山村"); None for site.yaml and anything else."""
    folder, name = posixpath.split(file)
    collection = posixpath.basename(folder)
    stem, ext = posixpath.splitext(name)
    if collection in _FOLDERS and ext in (".yaml", ".yml") and stem.strip():
        return collection, stem.strip()
    return None


def photo_folder(file: str) -> str:
    """Where the photos of the item in `file` are best put, relative to assets/."""
    found = item_of(file)
    return f"{found[0]}/{found[1]}" if found else "site"


def village_example(file: str, data: object = None) -> str | None:
    """A village of the project to quote: the file's own (a village), or the one it names."""
    found = item_of(file)
    if found and found[0] == "villages":
        return found[1]
    village = data.get("village") if isinstance(data, dict) else None
    return village.strip() if isinstance(village, str) and village.strip() else None


def localise(text: str, file: str, data: object = None) -> str:
    """A model's description as a hint for `file`: its placeholder village becomes the
    project's own where there is one."""
    if PLACEHOLDER_VILLAGE not in text:
        return text
    village = village_example(file, data)
    return text.replace(PLACEHOLDER_VILLAGE, village) if village else text


def computer_path(written: str) -> bool:
    """`C:\\Users\\…`, `D:/照片/…`, `\\\\server\\share\\…`, `/home/…`, `~/…`: a path on a
    computer, not one inside assets/."""
    text = written.strip().strip("\"'")
    drive = len(text) >= 2 and text[0].isascii() and text[0].isalpha() and text[1] == ":"
    return drive or text.startswith(("\\\\", "/", "~"))


def path_in_assets(written: str, file: str) -> str:
    """What to write instead of a computer path: the part after assets/ when the path runs
    through it, else the file's name in the item's own photo folder."""
    text = written.strip().strip("\"'").replace("\\", "/")
    parts = [p for p in text.split("/") if p]
    lowered = [p.lower() for p in parts]
    if "assets" in lowered:
        after = parts[len(lowered) - lowered[::-1].index("assets"):]
        if after:
            return "/".join(after)
    name = parts[-1] if parts else "照片.jpg"
    if "." not in name:  # a folder
        return f"{photo_folder(file)}/"
    return f"{photo_folder(file)}/{name}"


def quoted_line(line: str) -> str | None:
    """The line with its value in English single quotes, as a hint shows it:
    `- *文字*` → `- '*文字*'`, `name: @西山村` → `name: '@西山村'`; None when it has no value
    to quote or is quoted already."""
    body = line.strip()
    start = 0
    while body[start: start + 2] == "- " or body[start:] == "-":
        start += 2
        while start < len(body) and body[start] == " ":
            start += 1
    prefix, body = "- " * body[:start].count("-"), body[start:]
    key, colon, value = body.partition(": ")
    if colon and key and key[0] not in "'\"&*!@`%|>[{" and "#" not in key:
        prefix += f"{key.rstrip()}: "
        body = value.strip()
    comment = body.find(" #")
    if comment >= 0:
        body = body[:comment].rstrip()
    if not body or body[0] in "'\"":
        return None
    return prefix + "'" + body.replace("'", "''") + "'"


def clip(text: object, limit: int = 80) -> str:
    """User text as a message quotes it: a hostile 100,000-character line is shown by its
    beginning and end, not printed whole."""
    shown = str(text)
    if len(shown) <= limit:
        return shown
    return f"{shown[: limit - 20]}…（共 {len(shown)} 个字）…{shown[-10:]}"
