"""`showcase new`: a commented YAML skeleton for a new item, written from the model.

Every field gets a Chinese comment (title, 必填, description). Required fields are written
out; optional ones are commented out, so the file passes `showcase check` as soon as it is
created, and filling a field in means deleting the "# " in front of it. The first line
points editors at the JSON Schema of the collection.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.load import SITE_FILE
from generator.content.modelinfo import field_marker
from generator.content.models import PhotoFile, PhotoSet, RefTo, SiteInfo
from generator.content.registry import COLLECTIONS, Collection
from generator.content.slugs import slugify
from generator.content.yamlsource import parse
from generator.editor.schema import SCHEMA_FOLDER, SITE_SCHEMA, schema_name

SITE_PHOTOS = "site"  # the folder under assets/ for the photos and logo of site.yaml
FORBIDDEN_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
STEP = "  "


def singular(collection: Collection) -> str:
    """What `showcase new` calls one item of a collection: village, industry."""
    key = collection.key
    if key == "people":
        return "person"
    return key[:-3] + "y" if key.endswith("ies") else key.removesuffix("s")


def find_collection(word: str) -> Collection | None:
    """`village`, `villages`, `村（社区）`, `村` and `社区` all name the villages."""
    word = word.strip().lower()
    for collection in COLLECTIONS:
        names = {collection.key, singular(collection), collection.title,
                 collection.noun, *collection.noun.replace("（", "/").rstrip("）").split("/")}
        if word in names:
            return collection
    return None


def collection_choices() -> str:
    return "、".join(f"{singular(c)}：{c.title}" for c in COLLECTIONS)


def item_name(text: str) -> str:
    """The name as typed, without surrounding spaces or a `.yaml` the editor added."""
    name = text.strip()
    for suffix in (".yaml", ".yml"):
        name = name.removesuffix(suffix)
    return name.strip()


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a file name, in Chinese; None when it can."""
    if not name.strip():
        return "名称不能是空的。"
    if FORBIDDEN_IN_NAMES.search(name):
        return '名称里不能有 \\ / : * ? " < > | 这些符号（它会成为文件名）。'
    if name.strip().startswith("."):
        return "名称不能以“.”开头。"
    return None


def _shape(annotation: Any) -> Any:
    """The annotation without Optional and Annotated wrappers."""
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin is Annotated or (origin in (typing.Union, __import__("types").UnionType)
                                   and len(args) == 1):
            annotation = args[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar(value: object) -> str:
    """A YAML scalar that reads back as the same text."""
    text = str(value)
    doc, problems = parse(f"k: {text}\n", "")
    if not problems and doc.data == {"k": value}:
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class _Writer:
    """Emits lines; `commented_at` is the indent where "# " goes, or None for live lines."""

    photo_folder: str
    existing: dict[str, list[str]]
    examples: dict[str, str] = field(default_factory=dict)  # shown in commented-out fields
    lines: list[str] = field(default_factory=list)

    def emit(self, indent: str, text: str, commented_at: str | None) -> None:
        if commented_at is None:
            self.lines.append(f"{indent}{text}".rstrip())
        else:
            self.lines.append(f"{commented_at}# {indent[len(commented_at):]}{text}".rstrip())

    def note(self, indent: str, text: str, commented_at: str | None) -> None:
        """A comment line; inside a commented-out block it is indented like the block."""
        if commented_at is None or commented_at == indent:
            self.lines.append(f"{indent}# {text}")
        else:
            self.lines.append(f"{commented_at}# {indent[len(commented_at):]}# {text}")

    # -- one field ---------------------------------------------------------------------

    def describe(self, info: FieldInfo, required: bool, many: bool) -> str:
        title = info.title or ""
        text = title + ("（必填）" if required else "")
        marker = field_marker(info, RefTo)
        if marker is not None:  # a reference: say where the names come from
            ids = self.existing.get(marker.collection) or []
            example = f"，例如 {ids[0]}" if ids else ""
            text += f"：写 content/{marker.collection}/ 里的文件名（不带 .yaml）{example}"
        elif info.description and info.description != title:
            text += f"：{info.description}"
        if many:
            text += "。可以写好几项，每一项以“- ”开头"
        return text

    def field(self, name: str, info: FieldInfo, indent: str, commented_at: str | None,
              live: bool, first: str | None = None) -> None:
        """One field at `indent`; `first` replaces the indent of its first line ("- ")."""
        shape = _shape(info.annotation)
        many = typing.get_origin(shape) is list
        required = info.is_required()
        head = first if first is not None else indent
        own = head[:-2] if first is not None else indent  # where "# " goes on its own line
        comment_at = commented_at if commented_at is not None or live else own
        self.note(own, self.describe(info, required, many), comment_at)
        if field_marker(info, PhotoFile) is not None:  # one picture: a path, not a folder
            self.emit(head, f"{name}: {self.photo_folder}{info.title}.png", comment_at)
        elif field_marker(info, PhotoSet) is not None:
            self.photos(name, indent, head, comment_at)
        elif name in self.examples and not live:
            self.emit(head, f"{name}: {self.examples[name]}", comment_at)
        elif many and _is_model(_shape(typing.get_args(shape)[0])):
            self.emit(head, f"{name}:", comment_at)
            item = _shape(typing.get_args(shape)[0])
            self.block(item, indent + STEP * 2, comment_at, live, first=indent + STEP + "- ")
        elif many:
            self.emit(head, f"{name}:", comment_at)
            self.emit(indent + STEP + "- ", "", comment_at)
        elif _is_model(shape):
            self.emit(head, f"{name}:", comment_at)
            self.block(shape, indent + STEP, comment_at, live)
        else:
            self.emit(head, f"{name}: {self.value(info, shape, live)}", comment_at)

    def value(self, info: FieldInfo, shape: Any, live: bool) -> str:
        marker = field_marker(info, RefTo)
        if live and marker is not None and self.existing.get(marker.collection):
            return _scalar(self.existing[marker.collection][0])
        if not info.is_required() and info.default is not None:
            return _scalar(info.default)
        if typing.get_origin(shape) is typing.Literal and info.is_required():
            return _scalar(typing.get_args(shape)[0])
        if shape is dt.date and info.is_required():  # an article's date: it is written today
            return dt.date.today().isoformat()
        return ""

    def photos(self, name: str, indent: str, head: str, commented_at: str) -> None:
        folder = self.photo_folder
        self.note(indent, f"照片放在 assets/{folder} 里。只写文件夹时，按文件名顺序显示全部照片：",
                  commented_at)
        self.emit(head, f"{name}: {folder}", commented_at)
        for line in ("也可以一张张列出：把上面一行换成下面三行（去掉行首的“#”）", f"{name}:",
                     f"  - file: {folder}照片.jpg", "    caption: 照片说明（读屏软件也会朗读它）"):
            self.note(indent, line, commented_at)

    # -- one model -------------------------------------------------------------------------

    def block(self, model: type[BaseModel], indent: str, commented_at: str | None,
              live: bool, first: str | None = None) -> None:
        """Every field of `model`. In a live block required fields are written out; when none
        is, the first reference to something that exists is (a route stop needs a place)."""
        fields = list(model.model_fields.items())
        required = {name for name, info in fields if info.is_required()}
        if live and not required:
            refs = [name for name, info in fields if (m := field_marker(info, RefTo))
                    and self.existing.get(m.collection)]
            refs = refs or [name for name, info in fields if field_marker(info, RefTo)]
            required = set(refs[:1])
        if first is not None:  # the "- " of a list item goes on a line that is written out
            fields.sort(key=lambda pair: pair[0] not in required)
        for index, (name, info) in enumerate(fields):
            live_field = live and name in required
            self.field(name, info, indent, commented_at if not live_field else None,
                       live=live_field, first=first if index == 0 else None)


def _skeleton(model: type[BaseModel], heading: str, schema_file: str, photo_folder: str,
              name: str, file: Path, project: Path, existing: dict[str, list[str]],
              examples: dict[str, str]) -> str:
    schema = Path(os.path.relpath(project / SCHEMA_FOLDER / schema_file,
                                  file.parent)).as_posix()
    writer = _Writer(photo_folder, existing, examples)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {heading}",
        "# 以“#”开头的行是说明，不会显示在网站上。要填写某一项，删掉它行首的“# ”"
        "（后面的空格要留着，上下对齐），",
        "# 在英文冒号“: ”后面写内容；不需要的项可以不管，也可以删掉。",
        "# 写好后运行 showcase check 检查，或用 showcase serve 预览。",
        "",
    ]
    for field_name, info in model.model_fields.items():
        if field_name == "name":
            writer.note("", writer.describe(info, True, False), None)
            writer.emit("", f"name: {_scalar(name)}", None)
        else:
            writer.field(field_name, info, "", None, live=info.is_required())
        writer.lines.append("")
    return "\n".join(lines + writer.lines).rstrip() + "\n"


def skeleton(collection: Collection, name: str, file: Path, project: Path,
             existing: dict[str, list[str]]) -> str:
    """The text of a new item file for `collection` called `name`."""
    return _skeleton(collection.model, f"{collection.title}：{name}", schema_name(collection),
                     f"{collection.folder}/{name}/", name, file, project, existing,
                     {"slug": slugify(name)})


def site_skeleton(name: str, file: Path, project: Path) -> str:
    """The text of a new content/site.yaml for the town or county called `name`."""
    return _skeleton(SiteInfo, f"本站运营单位：{name}", SITE_SCHEMA, f"{SITE_PHOTOS}/", name,
                     file, project, existing_ids(file.parent), {})


def existing_ids(content_dir: Path) -> dict[str, list[str]]:
    """Ids of the items on disk, by collection key, sorted (for example references)."""
    found: dict[str, list[str]] = {}
    for collection in COLLECTIONS:
        folder = content_dir / collection.folder
        if folder.is_dir():
            found[collection.key] = sorted(
                p.stem for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})
    return found


def _write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    return path


def create_site(name: str, content_dir: Path, project: Path) -> Path:
    """Write content/site.yaml; FileExistsError when there is one already."""
    path = content_dir / SITE_FILE
    for other in (path, path.with_suffix(".yml")):
        if other.exists():
            raise FileExistsError(other)
    return _write_new(path, site_skeleton(name.strip(), path, project))


def create(collection: Collection, name: str, content_dir: Path, project: Path) -> Path:
    """Write the skeleton; FileExistsError when an item of that name exists already."""
    name = name.strip()
    path = content_dir / collection.folder / f"{name}.yaml"
    for other in (path, path.with_suffix(".yml")):
        if other.exists():
            raise FileExistsError(other)
    return _write_new(path, skeleton(collection, name, path, project, existing_ids(content_dir)))
