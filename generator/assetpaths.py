"""Photo paths stay inside assets/.

The model already refuses absolute paths and `..`; what only the disk can tell is a
symbolic link (or a Windows junction) inside assets/ that leads elsewhere, named directly
or lying in a declared photo folder. Such paths are refused here, before any photo is read
or published, so nothing from outside the project can end up on the website.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .link import Site
from .modelinfo import DataPath, walk_marked
from .models import Photo, PhotoSet
from .problems import Problem
from .yamlsource import YamlDocument


def _declared(model: object, doc: YamlDocument) -> Iterator[tuple[str, DataPath]]:
    """(relative path, data path) of every photo, photo folder and logo a model declares."""
    for path, value, _marker, _owner in walk_marked(model, PhotoSet):
        if isinstance(value, str):
            yield value, path
            continue
        for index, entry in enumerate(value):
            yield (entry.file if isinstance(entry, Photo) else entry), (*path, index)
    logo = getattr(model, "logo", None)
    if isinstance(logo, str):
        yield logo, ("logo",)


def _leaves(target: Path, root: Path, folders: dict[Path, Path | None]) -> Path | None:
    """Where `target` really is, if that is outside `root`. `folders` remembers where each
    folder really is: a file that is not a link is where its folder is."""
    if target.is_symlink():
        return _resolved(target, root)
    if target.parent not in folders:
        folders[target.parent] = _resolved(target.parent, root)
    outside = folders[target.parent]
    return None if outside is None else outside / target.name


def _resolved(target: Path, root: Path) -> Path | None:
    try:
        real = target.resolve()
    except (OSError, RuntimeError):  # a link loop
        return target
    return None if real.is_relative_to(root) else real


def _problem(doc: YamlDocument, where: DataPath, shown: str, real: Path) -> Problem:
    line, column = doc.position(where)
    return Problem(
        doc.file, line, column, code="photo-outside",
        message=f"assets/{shown} 是一个链接（快捷方式），指向 assets/ 文件夹以外的 {real}，"
                "不允许。",
        hint="把照片文件本身复制到 assets/ 里，不要用链接或快捷方式。")


def check(site: Site, assets: Path) -> list[Problem]:
    """Every declared photo path, and every file in a declared folder, resolves inside assets/."""
    if not assets.is_dir():
        return []
    root = assets.resolve()
    folders: dict[Path, Path | None] = {}
    problems: list[Problem] = []
    owners = [(site.info, site.info_doc)] + [(e.item, e.source.doc) for e in site.all_entries()]
    for model, doc in owners:
        for relative, where in _declared(model, doc):
            target = assets / relative
            real = _leaves(target, root, folders)
            if real is not None:
                problems.append(_problem(doc, where, relative, real))
            elif target.is_dir():
                for child in sorted(target.iterdir()):
                    outside = _leaves(child, root, folders)
                    if outside is not None:
                        shown = child.relative_to(assets).as_posix()
                        problems.append(_problem(doc, where, shown, outside))
    return problems
