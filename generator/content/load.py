"""Load stage: read every YAML file under content/ into validated models."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from generator.build.parsecache import ParseCache, Parsed
from generator.content.geo import Point, to_gcj02
from generator.content.markdown import check_fields
from generator.content.modelinfo import DataPath, walk_marked
from generator.content.models import Item, Photo, PhotoSet, RefTo, SiteInfo, Village
from generator.content.registry import COLLECTIONS, Collection
from generator.content.validate import validate
from generator.content.yamlsource import YamlDocument
from generator.problems import Problem, Severity

SITE_FILE = "site.yaml"
PAGES_FOLDER = "pages"  # free Markdown pages, served by MkDocs as docs_dir
# An item's page is <collection>/<slug>.md; this one is the collection's listing.
RESERVED_SLUGS = frozenset({"index"})


# Photos as a field declares them: a folder, or (file, caption) of each photo of a list.
PhotoDeclaration = str | tuple[tuple[str, str | None], ...]


def photo_declaration(value: object) -> PhotoDeclaration:
    """A photo field's value (a folder, or a list of `Photo`s and file names) as a plain
    declaration; declarations equal exactly when they ask for the same photos."""
    if isinstance(value, str | tuple):
        return value
    return tuple((e.file, e.caption) if isinstance(e, Photo) else (e, None)
                 for e in value)  # type: ignore[attr-defined]


class Card(NamedTuple):
    """What lists show of an item (listing cards, QR placards): kept with the outline, so a
    list of a thousand villages is rendered without reading a thousand files."""

    summary: str | None
    kind: str | None  # 村/社区, the kind of base, homestay or route
    level: str | None  # a scenic spot's A-level
    slogan: str | None  # a village's brand slogan
    photos: PhotoDeclaration | None  # the item's own photos
    brand: str | None = None  # a village's own Party-building brand (placards)
    start: dt.date | None = None  # an event's dates (lists, the home page's 近期活动)
    end: dt.date | None = None


def card(model: Item) -> Card:
    brand = getattr(model, "brand", None)
    return Card(model.summary, getattr(model, "kind", None), getattr(model, "level", None),
                brand.slogan if brand is not None else None,
                None if model.photos is None else photo_declaration(model.photos),
                brand.name if brand is not None else None,
                getattr(model, "start", None), getattr(model, "end", None))


class Outline(NamedTuple):
    """What every build needs of a valid item: its name and place in lists, its references
    and photos. The rest of the model is read only when a page that shows it is rendered.
    (Named tuples: a county's thousands are read from the cache at C speed.)"""

    name: str
    order: int | None
    slug: str | None  # as written in the file
    village: str | None  # the village it lies in (not for villages)
    point: Point | None  # where it is on the map (GCJ-02), when its location has coordinates
    refs: tuple[tuple[DataPath, str, str], ...]  # (where, id, collection key) of each reference
    photos: tuple[tuple[DataPath, PhotoDeclaration], ...]  # (where, what) of each photo field
    products: str  # a digest of a village's 一村一品 products ("" for other items)
    card: Card


def outline(model: Item) -> Outline:
    products = getattr(model, "products", None) or []
    return Outline(
        model.name, model.order, model.slug,
        None if isinstance(model, Village) else getattr(model, "village", None),
        to_gcj02(getattr(model, "location", None)),
        tuple((path, value, marker.collection)
              for path, value, marker, _ in walk_marked(model, RefTo)),
        tuple((path, photo_declaration(value))
              for path, value, _, _ in walk_marked(model, PhotoSet)),
        hashlib.sha256(json.dumps([p.model_dump(mode="json") for p in products],
                                  ensure_ascii=False).encode()).hexdigest()
        if products else "",
        card(model))


@dataclass(eq=False)
class SourceItem:
    """One validated item and where it came from. Its outline is always at hand; its model
    and document are read when asked for (from the content cache's store)."""

    collection: Collection
    id: str
    file: str  # as shown to the user, e.g. content/villages/东山村.yaml
    outline: Outline
    slug: str
    digest: str  # of the file's bytes (and the code that read it): changes when it does
    open: Callable[[], Parsed] = field(repr=False)  # its document and model

    @property
    def model(self) -> Item:
        model = self.open().model
        assert isinstance(model, Item)
        return model

    @property
    def doc(self) -> YamlDocument:
        return self.open().doc


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
    found = [p for p in found if p.line not in doc.guessed_lines]
    if isinstance(result, BaseModel):
        found += check_fields(result, doc)
    return result, found


MAX_SLUG = 120  # letters in a page's address: far below what file systems allow for a name


def _long_slug(file: str, collection: Collection, slug: str, found: Outline,
               doc: Callable[[], Parsed]) -> Problem:
    """A page address too long to be a folder's name (and to print in a QR code)."""
    if found.slug:
        line, column = doc().doc.position(("slug",))
        return Problem(file, line, column, code="slug-too-long",
                       message=f"网址名 slug 有 {len(slug)} 个字母，太长了（最多 {MAX_SLUG} 个）。",
                       hint="换一个短一些的网址名，例如名称拼音的前几个字。")
    return Problem(
        file, 1, 1, code="slug-too-long",
        message=f"文件名太长：按拼音生成的网址 {collection.key}/{slug[:40]}…/ "
                f"有 {len(slug)} 个字母，超过了 {MAX_SLUG} 个，无法生成这一页。",
        hint="把文件名改短（文件名就是它的编号，用简称即可，全名写在 name 里），"
             "或在文件里加一行“slug: 短一些的英文网址名”（小写字母、数字和“-”）。")


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
        record, digest = cache.read(path, file, collection.model, _validated, outline)
        problems.extend(record.problems)
        if not record.readable:  # unreadable; slips repaired in memory are still validated
            continue
        found: Outline | None = record.outline
        if found is None:
            loaded.invalid.append((collection, record.open().doc))
            continue
        slug = found.slug or cache.slug(item_id)
        if slug in RESERVED_SLUGS:
            line, column = record.open().doc.position(("slug",)) if found.slug else (1, 1)
            instead = cache.slug(found.name)
            instead = f"{instead}-1" if instead in RESERVED_SLUGS else instead
            problems.append(Problem(
                file, line, column, code="reserved-slug",
                message=f"这一项的网址名是“{slug}”，它的页面就是“{collection.title}”列表页"
                        f"（{collection.key}/）的网址：会把列表页顶替掉。",
                hint=f"把“slug: {slug}”改成别的英文网址名，例如“slug: {instead}”。" if found.slug
                     else f"给文件改个名字（不要叫 {path.name}），或在文件里加一行"
                          f"“slug: {instead}”。"))
            continue
        if len(slug) > MAX_SLUG:
            problems.append(_long_slug(file, collection, slug, found, record.open))
            continue
        if slug in by_slug:
            other = by_slug[slug]
            line, column = record.open().doc.position(("slug",)) if found.slug else (1, 1)
            problems.append(Problem(
                file, line, column, code="duplicate-slug",
                message=f"网址 {collection.key}/{slug}/ 和 {other.file} 重复了。",
                hint="在其中一个文件里加一行“slug: 另一个英文网址名”，例如 "
                     f"“slug: {slug}-2”。"))
            continue
        item = SourceItem(collection, item_id, file, found, slug, digest, record.open)
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
    if not content_dir.is_dir():
        problems.append(Problem(display_path(content_dir, project) + "/", code="missing-content",
                                message="找不到内容文件夹：这里不像是一个展示站的项目文件夹。",
                                hint="新建一个项目：showcase init 镇名；已有项目时，进入它的"
                                "文件夹再运行，或用 --project 指出它。"))
        return LoadedContent(None, None, {c.key: [] for c in COLLECTIONS}, problems)
    if not site_path.is_file():
        problems.append(Problem(display_path(site_path, project), code="missing-site",
                                message="缺少站点信息文件 site.yaml。",
                                hint="运行 showcase new site 镇名，新建一个带说明的 "
                                "site.yaml；或在 content/ 文件夹里新建 site.yaml，"
                                "至少写上 name（单位名称）。"))
    else:
        record, loaded_digest = cache.read(site_path, display_path(site_path, project),
                                           SiteInfo, _validated)
        parsed = record.open()
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


def _meant_as_content(path: Path) -> str | None:
    """The name a file in a content folder was meant to have, when its name says it is a
    content file saved wrongly: `西山村.yaml.txt` (Notepad adds .txt and Windows hides it),
    `西山村.YAML`, or a `西山村.txt` that begins with `name:`."""
    name = path.name
    lowered = name.lower()
    for wrong in (".yaml.txt", ".yml.txt"):
        if lowered.endswith(wrong):
            return name[: -len(wrong)] + ".yaml"
    stem, ext = os.path.splitext(name)
    if ext.lower() in _YAML:  # .YAML, .Yml
        return stem + ext.lower()
    if ext.lower() == ".txt":
        try:
            with path.open("rb") as stream:
                head = stream.read(2048).decode("utf-8", "replace").lstrip("\ufeff")
        except OSError:
            return None
        first = next((line.strip() for line in head.splitlines()
                      if line.strip() and not line.lstrip().startswith("#")), "")
        if first.startswith(("name:", "name：")):
            return stem + ".yaml"
    return None


def _misnamed(shown: str, meant: str) -> Problem:
    written = posixpath.basename(shown)
    why = ("扩展名要用小写字母" if written.lower() == meant.lower() else
           "记事本常在末尾加上“.txt”，而 Windows 默认不显示扩展名："
           "在资源管理器的“查看”里勾选“文件扩展名”后再改名")
    return Problem(
        shown, 1, 1, code="misnamed-file",
        message=f"文件名是“{written}”，不是 .yaml 结尾，这一项不会出现在网站上。",
        hint=f"把文件改名为“{meant}”（{why}）。")


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
        meant = _meant_as_content(entry) if entry.is_file() else None
        if meant == SITE_FILE:
            problems.append(_misnamed(display_path(entry, project), meant))
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
            if os.path.splitext(name)[1] in _YAML or name.startswith("."):
                continue
            shown = display_path(folder / name, project)
            meant = _meant_as_content(folder / name)
            if meant is not None:
                problems.append(_misnamed(shown, meant))
                continue
            problems.append(Problem(
                shown, severity=Severity.WARNING,
                code="stray-file", message="这个文件不是 .yaml 文件，会被忽略。",
                hint="内容文件的扩展名要是 .yaml；照片请放到 assets/ 文件夹。"))
    return problems
