"""Load stage: read every YAML file under content/ into validated models.

Parsing YAML with the position of every value is most of the cost of reading a file, a
county has thousands and an editor changes one: a valid file's text, plain data and reading
problems are kept (`Kept`) under a key of its bytes, and a later build validates the kept
data again instead of parsing the file. Positions are parsed from the text only when a
problem must be placed.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.content.markdown import check_fields
from generator.content.models import Item, Photo, SiteInfo
from generator.content.registry import COLLECTIONS, Collection
from generator.content.slugs import slugify
from generator.content.sources import Files, Kept, folder_digest
from generator.content.validate import validate
from generator.content.yamlsource import YamlDocument, load_bytes
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


@dataclass(frozen=True)
class Parsed:
    doc: YamlDocument  # data is None when the file could not be read as YAML
    problems: list[Problem]  # reading, then validation
    model: Any  # None when unreadable or invalid


@dataclass(eq=False)
class SourceItem:
    """One validated item and where it came from."""

    collection: Collection
    id: str
    file: str  # as shown to the user, e.g. content/villages/东山村.yaml
    slug: str
    digest: str  # of the file's bytes
    model: Item = field(repr=False)
    doc: YamlDocument = field(repr=False)


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
    site_digest: str = ""  # of site.yaml's bytes
    # digest of every file read and of every collection folder, by name (see sources.py)
    sources: dict[str, str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)  # collection key → folder name


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


def _validated(doc: YamlDocument, problems: list[Problem], model: type) -> Parsed:
    """Validate; a line whose indentation was guessed already has its problem."""
    if doc.data is None:
        return Parsed(doc, problems, None)
    result, found = validate(model, doc)
    found = [p for p in found if p.line not in doc.guessed_lines]
    if isinstance(result, BaseModel):
        found += check_fields(result, doc)
    return Parsed(doc, problems + found, result)


MAX_SLUG = 120  # letters in a page's address: far below what file systems allow for a name


def _long_slug(file: str, collection: Collection, slug: str, parsed: Parsed) -> Problem:
    """A page address too long to be a folder's name (and to print in a QR code)."""
    if parsed.model.slug:
        line, column = parsed.doc.position(("slug",))
        return Problem(file, line, column, code="slug-too-long",
                       message=f"网址名 slug 有 {len(slug)} 个字母，太长了（最多 {MAX_SLUG} 个）。",
                       hint="换一个短一些的网址名，例如名称拼音的前几个字。")
    return Problem(
        file, 1, 1, code="slug-too-long",
        message=f"文件名太长：按拼音生成的网址 {collection.key}/{slug[:40]}…/ "
                f"有 {len(slug)} 个字母，超过了 {MAX_SLUG} 个，无法生成这一页。",
        hint="把文件名改短（文件名就是它的编号，用简称即可，全名写在 name 里），"
             "或在文件里加一行“slug: 短一些的英文网址名”（小写字母、数字和“-”）。")


class _Reader:
    """Files read through the build's `Files`, valid ones kept for later builds."""

    def __init__(self, files: Files, kept: Kept) -> None:
        self.files = files
        self.kept = kept

    def read(self, path: Path, file: str, model: type) -> tuple[Parsed, str]:
        """The file read and validated, and the digest of its bytes ("" if unreadable)."""
        try:
            digest = self.files.digest(path)
            found = _unkept(self.kept.get(_key(file, model, digest)), file, model)
            if found is not None:
                return found, digest
            raw, digest = self.files.read(path)
        except OSError as error:
            return Parsed(YamlDocument(file), [Problem(
                file, code="io", message=f"无法读取文件（{error.strerror}）。",
                hint="检查文件是否被其他程序占用，或是否有读取权限。")], None), ""
        parsed = _validated(*load_bytes(raw, file), model)
        if parsed.model is not None:
            plain = _kept(parsed)
            if plain is not None:
                self.kept.put(_key(file, model, digest), plain)
            parsed.doc.release()  # a valid file's positions are rarely asked for again
        return parsed, digest

    def slug(self, name: str) -> str:
        """`slugify(name)`, kept: spelling thousands of names in pinyin takes a second."""
        key = f"slug\0{name}"
        slug = self.kept.get(key)
        if not isinstance(slug, str):
            slug = slugify(name)
        self.kept.put(key, slug)
        return slug


def _key(file: str, model: type, digest: str) -> str:
    return f"{file}\0{model.__qualname__}\0{digest}"


def _kept(parsed: Parsed) -> dict[str, Any] | None:
    """A valid file as plain data; None when JSON cannot hold its data exactly."""
    doc = parsed.doc
    try:
        if json.loads(json.dumps(doc.data, ensure_ascii=False)) != doc.data:
            return None  # e.g. a key that is a number
    except (TypeError, ValueError, RecursionError):
        return None
    return {"text": doc.text, "data": doc.data, "guessed": sorted(doc.guessed_lines),
            "problems": [[p.line, p.column, p.severity.value, p.code, p.message, p.hint]
                         for p in parsed.problems]}


def _unkept(value: Any, file: str, model: type) -> Parsed | None:
    """A file as `_kept` made it, validated again; None when there is none."""
    if not isinstance(value, dict):
        return None
    try:
        found = model.model_validate(value["data"])
        problems = [Problem(file, line, column, Severity(severity), code, message, hint)
                    for line, column, severity, code, message, hint in value["problems"]]
        doc = YamlDocument.of_text(file, value["text"], frozenset(value["guessed"]))
    except (KeyError, TypeError, ValueError, ValidationError):
        return None
    return Parsed(doc, problems, found)


def _load_collection(collection: Collection, folder: Path, project: Path,
                     loaded: LoadedContent, reader: _Reader) -> list[SourceItem]:
    items: list[SourceItem] = []
    by_slug: dict[str, SourceItem] = {}
    by_id: dict[str, str] = {}
    shown = display_path(folder, project)
    digests: list[tuple[str, str]] = []
    for path in _yaml_files(folder):
        file = f"{shown}/{path.name}"
        item_id = path.stem.strip()
        if item_id in by_id:
            loaded.problems.append(Problem(
                file, 1, 1, code="duplicate-id",
                message=f"和 {by_id[item_id]} 是同一个名字“{item_id}”。",
                hint="同一个文件夹里只保留一个，把另一个改名或删除。"))
            continue
        by_id[item_id] = file
        loaded.existing.add((collection.key, item_id))
        parsed, digest = reader.read(path, file, collection.model)
        loaded.problems.extend(parsed.problems)
        loaded.sources[file] = digest
        digests.append((path.name, digest))
        if not parsed.doc.readable:  # unreadable; slips repaired in memory are still validated
            continue
        if parsed.model is None:
            loaded.invalid.append((collection, parsed.doc))
            continue
        slug = parsed.model.slug or reader.slug(item_id)
        if slug in RESERVED_SLUGS:
            line, column = parsed.doc.position(("slug",)) if parsed.model.slug else (1, 1)
            instead = reader.slug(parsed.model.name)
            instead = f"{instead}-1" if instead in RESERVED_SLUGS else instead
            loaded.problems.append(Problem(
                file, line, column, code="reserved-slug",
                message=f"这一项的网址名是“{slug}”，它的页面就是“{collection.title}”列表页"
                        f"（{collection.key}/）的网址：会把列表页顶替掉。",
                hint=f"把“slug: {slug}”改成别的英文网址名，例如“slug: {instead}”。"
                     if parsed.model.slug
                     else f"给文件改个名字（不要叫 {path.name}），"
                          f"或在文件里加一行“slug: {instead}”。"))
            continue
        if len(slug) > MAX_SLUG:
            loaded.problems.append(_long_slug(file, collection, slug, parsed))
            continue
        if slug in by_slug:
            other = by_slug[slug]
            line, column = parsed.doc.position(("slug",)) if parsed.model.slug else (1, 1)
            loaded.problems.append(Problem(
                file, line, column, code="duplicate-slug",
                message=f"网址 {collection.key}/{slug}/ 和 {other.file} 重复了。",
                hint="在其中一个文件里加一行“slug: 另一个英文网址名”，例如 "
                     f"“slug: {slug}-2”。"))
            continue
        item = SourceItem(collection, item_id, file, slug, digest, parsed.model, parsed.doc)
        by_slug[slug] = item
        items.append(item)
    loaded.sources[f"{shown}/"] = folder_digest(digests)
    return items


def kept_salt() -> str:
    """What every kept file depends on besides its bytes: the libraries that read it (the
    generator's own code is the build's business)."""
    return " ".join(f"{name} {metadata.version(name)}" for name in ("PyYAML", "pydantic",
                                                                    "pypinyin"))


def load_content(project: Path, content_dir: Path, files: Files, kept: Kept) -> LoadedContent:
    """Read site.yaml and every collection folder; report every problem found. Files whose
    bytes did not change since an earlier build are not parsed again (`kept`)."""
    reader = _Reader(files, kept)
    loaded = LoadedContent(None, None, {}, [])
    site_path = content_dir / SITE_FILE
    if not content_dir.is_dir():
        loaded.problems.append(Problem(
            display_path(content_dir, project) + "/", code="missing-content",
            message="找不到内容文件夹：这里不像是一个展示站的项目文件夹。",
            hint="新建一个项目：showcase init 镇名；已有项目时，进入它的"
            "文件夹再运行，或用 --project 指出它。"))
        loaded.items = {c.key: [] for c in COLLECTIONS}
        return loaded
    if not site_path.is_file():
        loaded.problems.append(Problem(
            display_path(site_path, project), code="missing-site",
            message="缺少站点信息文件 site.yaml。",
            hint="运行 showcase new site 镇名，新建一个带说明的 "
            "site.yaml；或在 content/ 文件夹里新建 site.yaml，"
            "至少写上 name（单位名称）。"))
    else:
        shown = display_path(site_path, project)
        parsed, loaded.site_digest = reader.read(site_path, shown, SiteInfo)
        loaded.sources[shown] = loaded.site_digest
        loaded.site_doc = parsed.doc
        loaded.problems.extend(parsed.problems)
        loaded.site = parsed.model if isinstance(parsed.model, SiteInfo) else None
    for collection in COLLECTIONS:
        folder = content_dir / collection.folder
        name = loaded.folders[collection.key] = f"{display_path(folder, project)}/"
        loaded.items[collection.key] = (
            _load_collection(collection, folder, project, loaded, reader)
            if folder.is_dir() else [])
        loaded.sources.setdefault(name, folder_digest([]))
    loaded.problems.extend(_stray_entries(content_dir, project))
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
