"""Load stage: read every YAML file under content/ into validated models."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .models import Item, SiteInfo
from .parsecache import ParseCache
from .problems import Problem, Severity
from .registry import COLLECTIONS, Collection
from .validate import validate
from .yamlsource import YamlDocument

SITE_FILE = "site.yaml"
PAGES_FOLDER = "pages"  # free Markdown pages, served by MkDocs as docs_dir


@dataclass
class SourceItem:
    """One validated item and where it came from."""

    collection: Collection
    id: str
    file: str  # as shown to the user, e.g. content/villages/东山村.yaml
    doc: YamlDocument
    model: Item
    slug: str
    digest: str = ""  # of the file's bytes (and the code that read it): changes when it does


@dataclass
class LoadedContent:
    site: SiteInfo | None
    site_doc: YamlDocument | None
    items: dict[str, list[SourceItem]]
    problems: list[Problem]
    # (collection key, id) of every item file, loaded or not: a reference to a file that
    # exists but has its own errors is not reported again as dangling
    existing: set[tuple[str, str]] = field(default_factory=set)
    # files that were read but did not validate: their references are still checked
    invalid: list[tuple[Collection, YamlDocument]] = field(default_factory=list)
    site_digest: str = ""  # of site.yaml, as SourceItem.digest


def display_path(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


_YAML = {".yaml", ".yml"}


def _files(folder: Path) -> list[str]:
    """Names of the plain files in a folder (one listing, no stat per file)."""
    with os.scandir(folder) as entries:
        return [e.name for e in entries if e.is_file()]


def _yaml_files(folder: Path) -> list[Path]:
    return [folder / name for name in sorted(_files(folder))
            if os.path.splitext(name)[1] in _YAML]


def _validated(model: type, doc: YamlDocument) -> tuple[object | None, list[Problem]]:
    """Validate; a line whose indentation was guessed already has its problem."""
    result, found = validate(model, doc)
    return result, [p for p in found if p.line not in doc.guessed_lines]


def _load_collection(collection: Collection, folder: Path, project: Path,
                     problems: list[Problem], loaded: LoadedContent,
                     cache: ParseCache) -> list[SourceItem]:
    items: list[SourceItem] = []
    by_slug: dict[str, SourceItem] = {}
    by_id: dict[str, str] = {}
    shown = display_path(folder, project)
    for path in _yaml_files(folder):
        file = f"{shown}/{path.name}"
        item_id = path.stem.strip()
        if item_id in by_id:
            problems.append(Problem(file, 1, 1, code="duplicate-id",
                                    message=f"和 {by_id[item_id]} 是同一个名字“{item_id}”。",
                                    hint="同一个文件夹里只保留一个，把另一个改名或删除。"))
            continue
        by_id[item_id] = file
        loaded.existing.add((collection.key, item_id))
        parsed, digest = cache.read(path, file, collection.model, _validated)
        doc, model = parsed.doc, parsed.model
        problems.extend(parsed.problems)
        if not doc.readable:  # unreadable; slips repaired in memory are still validated
            continue
        if model is None:
            loaded.invalid.append((collection, doc))
            continue
        assert isinstance(model, Item)
        slug = model.slug or cache.slug(item_id)
        if slug in by_slug:
            other = by_slug[slug]
            line, column = doc.position(("slug",)) if model.slug else (1, 1)
            problems.append(Problem(
                file, line, column, code="duplicate-slug",
                message=f"网址 {collection.key}/{slug}/ 和 {other.file} 重复了。",
                hint="在其中一个文件里加一行“slug: 另一个英文网址名”，例如 "
                     f"“slug: {slug}-2”。"))
            continue
        item = SourceItem(collection, item_id, file, doc, model, slug, digest)
        by_slug[slug] = item
        items.append(item)
    return items


def load_content(project: Path, content_dir: Path,
                 cache_file: Path | None = None) -> LoadedContent:
    """Read site.yaml and every collection folder; report every problem found. With a
    `cache_file`, files whose bytes did not change since the last run are not read again."""
    cache = ParseCache(cache_file)
    problems: list[Problem] = []
    site_path = content_dir / SITE_FILE
    site: SiteInfo | None = None
    site_doc: YamlDocument | None = None
    if not site_path.is_file():
        problems.append(Problem(display_path(site_path, project), code="missing-site",
                                message="缺少站点信息文件 site.yaml。",
                                hint="在 content/ 文件夹里新建 site.yaml，"
                                "至少写上 name 和 brand。"))
    else:
        parsed, loaded_digest = cache.read(site_path, display_path(site_path, project),
                                           SiteInfo, _validated)
        site_doc = parsed.doc
        problems.extend(parsed.problems)
        site = parsed.model if isinstance(parsed.model, SiteInfo) else None
    loaded = LoadedContent(site, site_doc, {}, problems)
    if site is not None:
        loaded.site_digest = loaded_digest
    for collection in COLLECTIONS:
        folder = content_dir / collection.folder
        loaded.items[collection.key] = (
            _load_collection(collection, folder, project, problems, loaded, cache)
            if folder.is_dir() else [])
    cache.save()
    problems.extend(_stray_entries(content_dir, project))
    return loaded


def _stray_entries(content_dir: Path, project: Path) -> list[Problem]:
    """Files and folders under content/ that the generator would silently ignore."""
    known = {c.folder for c in COLLECTIONS} | {PAGES_FOLDER, SITE_FILE}
    folders = "、".join(c.folder for c in COLLECTIONS)
    problems = []
    if not content_dir.is_dir():
        return problems
    for entry in sorted(content_dir.iterdir()):
        if entry.name in known or entry.name.startswith("."):
            continue
        problems.append(Problem(
            display_path(entry, project), severity=Severity.WARNING, code="stray-entry",
            message="这个文件或文件夹不会出现在网站上。",
            hint=f"内容要放在这些文件夹里：{folders}；站点信息写在 site.yaml。"))
    for collection in COLLECTIONS:
        folder = content_dir / collection.folder
        if not folder.is_dir():
            continue
        for name in sorted(_files(folder)):
            if os.path.splitext(name)[1] not in _YAML and not name.startswith("."):
                problems.append(Problem(
                    display_path(folder / name, project), severity=Severity.WARNING,
                    code="stray-file", message="这个文件不是 .yaml 文件，会被忽略。",
                    hint="内容文件的扩展名要是 .yaml；照片请放到 assets/ 文件夹。"))
    return problems
