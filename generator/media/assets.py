"""Photo paths stay inside assets/, and what assets/ holds, read once per build.

The model already refuses absolute paths and `..`; what only the disk can tell is a
symbolic link (or a Windows junction) inside assets/ that leads elsewhere, named directly
or lying in a declared photo folder. Such paths are refused here, before any photo is read
or published, so nothing from outside the project can end up on the website.

`AssetTree` walks assets/ once (a county has tens of thousands of photos; asking the disk about
each path one by one cost seconds per build) and answers "is this a file, a folder, what is in
it, does it lead outside" from that walk. Anything the walk did not see as plain — a link on
the way, a name in another case or Unicode form that the disk still accepts — is asked of the
disk itself, exactly as before.
"""

from __future__ import annotations

import bisect
import difflib
import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.content import invisible
from generator.content.link import Site
from generator.content.modelinfo import DataPath
from generator.content.yamlsource import YamlDocument
from generator.problems import Problem

# Python before 3.12 cannot tell a junction from a folder while walking on Windows.
_WALK_SEES_LINKS = os.name != "nt" or hasattr(os.DirEntry, "is_junction")


class AssetTree:
    """Files and folders under `root`, by relative POSIX path; links are not followed.
    Paths may be given with leading or trailing slashes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        # folder → names of its entries, sorted (a county has twenty thousand photos: each
        # name is kept once, with no path before it; every folder is a key of its own)
        self.folders: dict[str, list[str]] = {}
        self.links: set[str] = set()
        # names compared for near spellings of missing photos in one build (a linear budget:
        # a thousand wrong paths in a folder of a thousand photos stay quick)
        self.suggestion_budget = 300_000
        self.complete = _WALK_SEES_LINKS and root.is_dir() and not root.is_symlink()
        if self.complete:
            self._walk(str(root), "")

    def _walk(self, folder: str, relative: str) -> None:
        names = []
        try:
            entries = list(os.scandir(folder))
        except OSError:
            self.complete = False
            return
        for entry in entries:
            names.append(entry.name)
            if entry.is_symlink() or getattr(entry, "is_junction", lambda: False)():
                self.links.add(f"{relative}{entry.name}")
            elif entry.is_dir(follow_symlinks=False):
                self._walk(entry.path, f"{relative}{entry.name}/")
        names.sort()
        self.folders[relative.rstrip("/")] = names

    def _plain(self, relative: str) -> bool:
        """Seen by the walk, with no link on the way: the walk's answers hold."""
        if not self.complete:
            return False
        if not self.links:
            return True
        parts = relative.split("/")
        return not any("/".join(parts[:i]) in self.links for i in range(1, len(parts) + 1))

    def _entry(self, relative: str) -> bool | None:
        """Whether the walk saw `relative` as a file (True) or a folder (False), None when it
        did not see it (a link is seen as a file here: `_plain` rules links out first)."""
        if relative in self.folders:
            return False
        folder, _, name = relative.rpartition("/")
        names = self.folders.get(folder)
        if names is None:
            return None
        at = bisect.bisect_left(names, name)
        return True if at < len(names) and names[at] == name else None

    def _seen(self, relative: str) -> bool | None:
        """`_entry`, where the walk's answers hold."""
        return self._entry(relative) if self._plain(relative) else None

    def is_file(self, relative: str) -> bool:
        relative = relative.strip("/")
        seen = self._seen(relative)
        return seen if seen is not None else _asked(self.root / relative, Path.is_file)

    def is_dir(self, relative: str) -> bool:
        relative = relative.strip("/")
        seen = self._seen(relative)
        return not seen if seen is not None else _asked(self.root / relative, Path.is_dir)

    def exists(self, relative: str) -> bool:
        return self.is_file(relative) or self.is_dir(relative)

    def children(self, relative: str) -> list[str]:
        """Names in a folder, sorted."""
        relative = relative.strip("/")
        if self._seen(relative) is False:
            return self.folders[relative]
        return sorted(p.name for p in (self.root / relative).iterdir())

    def may_hold_links(self, folder: str) -> bool:
        """Whether a link may lie directly in `folder` (False only when the walk saw it all)."""
        folder = folder.strip("/")
        if self._seen(folder) is not False:
            return True
        return any(link.rpartition("/")[0] == folder for link in self.links)

    def outside(self, relative: str) -> Path | None:
        """Where `relative` really is, if that is outside assets/; None if it stays inside."""
        relative = relative.strip("/")
        if self._seen(relative) is not None:
            return None
        try:
            real = (self.root / relative).resolve()
        except (OSError, RuntimeError):  # a link loop
            return self.root / relative
        return None if real.is_relative_to(self.real_root) else real


def _asked(path: Path, question: Callable[[Path], bool]) -> bool:
    """The answer about a path the walk did not see; a name the system refuses (too long,
    say: a paragraph written where a photo belongs) is no file and no folder."""
    try:
        return question(path)
    except OSError:
        return False


def _declared(site: Site) -> Iterator[tuple[str, DataPath, Callable[[], YamlDocument]]]:
    """(relative path, data path, file) of every photo, photo folder, logo and badge declared."""
    for path, value, doc in site.photo_declarations():
        if isinstance(value, str):
            yield value, path, doc
            continue
        for index, (file, _caption) in enumerate(value):
            yield file, (*path, index), doc
    for where, relative in emblem_files(site):
        yield relative, where, lambda: site.info_doc


def emblem_files(site: Site) -> list[tuple[DataPath, str]]:
    """(data path, file) of the site's logo and its 党政机关网站标识 badge, when declared:
    images site.yaml names one by one, shown small on every page."""
    info = site.info
    return [(where, relative) for where, relative in ((("logo",), info.logo),
                                                      (("footer", "badge"), info.footer.badge))
            if relative]


def _problem(file: Callable[[], YamlDocument], where: DataPath, shown: str,
             real: Path) -> Problem:
    doc = file()
    line, column = doc.position(where)
    return Problem(
        doc.file, line, column, code="photo-outside",
        message=f"assets/{shown} 是一个链接（快捷方式），指向 assets/ 文件夹以外的 {real}，"
                "不允许。",
        hint="把照片文件本身复制到 assets/ 里，不要用链接或快捷方式。")


def check(site: Site, tree: AssetTree) -> list[Problem]:
    """Every declared photo path, and every file in a declared folder, resolves inside assets/."""
    if not tree.root.is_dir() or (tree.complete and not tree.links):
        return []  # no link anywhere under assets/: no path can lead out (".." is refused)
    problems: list[Problem] = []
    for relative, where, doc in _declared(site):
        relative = relative.strip("/")
        real = tree.outside(relative)
        if real is not None:
            problems.append(_problem(doc, where, relative, real))
        elif tree.is_dir(relative) and tree.may_hold_links(relative):
            for name in tree.children(relative):
                shown = f"{relative}/{name}"
                outside = tree.outside(shown)
                if outside is not None:
                    problems.append(_problem(doc, where, shown, outside))
    return problems


_LOOKS: dict[int, tuple[list[str], dict[str, str], dict[str, str]]] = {}


def _looks(names: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """A folder's names by how they look and by their stem, worked out once per listing
    (a county's folder of a thousand photos is asked about once per missing photo)."""
    kept = _LOOKS.get(id(names))
    if kept is None or kept[0] is not names:
        looks = {_same_looking(n): n for n in reversed(names)}
        stems = {os.path.splitext(k)[0]: n for k, n in looks.items() if os.path.splitext(k)[0]}
        if len(_LOOKS) > 64:
            _LOOKS.clear()
        kept = _LOOKS[id(names)] = (names, looks, stems)
    return kept[1], kept[2]


def _same_looking(name: str) -> str:
    """A name as it looks: case, Unicode form and invisible characters set aside."""
    return unicodedata.normalize("NFC", invisible.strip(name)).casefold()


def _closest(name: str, names: list[str], tree: AssetTree) -> str | None:
    """The entry of a folder that `name` was most likely meant to be: the same name but for
    case, Unicode form, invisible characters or the extension; else a near spelling."""
    looks = _same_looking(name)
    stem = os.path.splitext(looks)[0]
    by_look, by_stem = _looks(names)
    if looks in by_look:
        return by_look[looks]
    if stem in by_stem:
        return by_stem[stem]
    if len(name) > 100 or not stem or len(names) > tree.suggestion_budget:
        return None
    tree.suggestion_budget -= len(names)
    close = difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.6)  # not ".jpg"
    return by_stem[close[0]] if close else None


def missing_hint(tree: AssetTree, relative: str) -> str:
    """What to write instead of a photo path that leads to nothing: the first part of it that
    is not there, matched to the file or folder that is."""
    parts = [p for p in relative.strip("/").split("/") if p not in ("", ".")]
    here = ""
    for index, part in enumerate(parts):
        names = tree.children(here) if here == "" or tree.is_dir(here) else []
        if part in names:
            here = f"{here}/{part}".strip("/")
            continue
        shown = f"assets/{here}/" if here else "assets/"
        match = _closest(part, names, tree)
        if match is not None:
            fixed = "/".join([*parts[:index], match, *parts[index + 1:]])
            trailing = "/" if relative.endswith("/") else ""
            return f"{shown} 里有“{match}”（不是“{part}”）：改成 {fixed}{trailing}"
        listed = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
        kind = "文件夹" if index < len(parts) - 1 or relative.endswith("/") else "文件"
        return (f"{shown} 里没有叫“{part}”的{kind}" + (f"（里面有：{listed}）" if names else
                                                     "（这个文件夹是空的）")
                + "；把照片复制进去，或照实际的文件名改（大小写和扩展名也要一致）。")
    return "检查文件名和扩展名（.jpg/.png）是否一致，包括大小写。"
