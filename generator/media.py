"""Media stage: resolve declared photos to files under assets/ and publish them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .content import display_path
from .link import Site
from .modelinfo import walk_marked
from .models import Photo, PhotoSet
from .output import VirtualFile
from .problems import Problem, Severity
from .yamlsource import YamlDocument

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
_ORIENTATION = 0x0112
_LEADING_NUMBER = re.compile(r"^\d+[\s._-]*")


@dataclass(frozen=True)
class MediaPhoto:
    url: str  # path relative to the site root
    caption: str
    width: int
    height: int


@dataclass
class MediaIndex:
    """Photos of every owner model (site, item, product, teaching site), in order."""

    by_owner: dict[int, list[MediaPhoto]] = field(default_factory=dict)
    logo: MediaPhoto | None = None

    def of(self, owner: object) -> list[MediaPhoto]:
        return self.by_owner.get(id(owner), [])


@dataclass
class _Context:
    project: Path
    assets: Path
    files: dict[str, VirtualFile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _caption_from_name(path: Path) -> str:
    return _LEADING_NUMBER.sub("", path.stem) or path.stem


def _safe_path(ctx: _Context, relative: str, doc: YamlDocument, where: tuple) -> Path | None:
    line, column = doc.position(where)
    candidate = Path(relative)
    root = ctx.assets.resolve()
    resolved = (ctx.assets / candidate).resolve()
    if candidate.is_absolute() or not resolved.is_relative_to(root):
        ctx.problems.append(Problem(
            doc.file, line, column, code="photo-outside",
            message=f"照片路径“{relative}”指向 assets/ 文件夹以外，不允许。",
            hint="照片要放在 assets/ 里，路径从 assets/ 之后写起，例如 villages/东山村/村貌.jpg。"))
        return None
    if not resolved.exists():
        ctx.problems.append(Problem(
            doc.file, line, column, code="photo-missing",
            message=f"找不到照片 assets/{relative}。",
            hint="检查文件名和扩展名（.jpg/.png）是否一致，包括大小写。"))
        return None
    return ctx.assets / candidate


def _publish(ctx: _Context, path: Path, caption: str, doc: YamlDocument,
             where: tuple) -> MediaPhoto | None:
    line, column = doc.position(where)
    shown = display_path(path, ctx.project)
    try:
        data = path.read_bytes()
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            width, height = image.size
            if image.getexif().get(_ORIENTATION) in {5, 6, 7, 8}:
                width, height = height, width
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError) as error:
        ctx.problems.append(Problem(
            doc.file, line, column, code="photo-unreadable",
            message=f"照片 {shown} 无法读取（{type(error).__name__}）。",
            hint="文件可能损坏或不是图片；请重新导出为 JPEG 或 PNG。"))
        return None
    digest = hashlib.sha256(data).hexdigest()[:16]
    url = f"media/{digest}{path.suffix.lower()}"
    ctx.files.setdefault(url, VirtualFile(url, source=path))
    return MediaPhoto(url, caption, width, height)


def _expand(ctx: _Context, value: object, doc: YamlDocument,
            path: tuple) -> list[tuple[Path, str, tuple]]:
    """(file, caption, data path) for a folder or a list declaration."""
    if isinstance(value, str):
        folder = _safe_path(ctx, value, doc, path)
        if folder is None:
            return []
        if not folder.is_dir():
            return [(folder, _caption_from_name(folder), path)]
        found = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        return [(p, _caption_from_name(p), path) for p in found]
    result = []
    for index, entry in enumerate(value):  # type: ignore[arg-type]
        photo = entry if isinstance(entry, Photo) else Photo(file=entry)
        where = (*path, index)
        file = _safe_path(ctx, photo.file, doc, where)
        if file is None:
            continue
        if not photo.caption:
            ctx.problems.append(Problem(
                doc.file, *doc.position(where), severity=Severity.WARNING,
                code="photo-no-caption", message=f"照片 {photo.file} 没有说明文字。",
                hint="加一行“caption: …”，说明照片内容；读屏软件会朗读它。"))
        result.append((file, photo.caption or _caption_from_name(file), where))
    return result


def _collect(ctx: _Context, model: object, doc: YamlDocument, index: MediaIndex) -> None:
    for path, value, _marker, owner in walk_marked(model, PhotoSet):
        photos = [p for file, caption, where in _expand(ctx, value, doc, path)
                  if (p := _publish(ctx, file, caption, doc, where)) is not None]
        index.by_owner[id(owner)] = photos


def process(
    site: Site, project: Path, assets: Path
) -> tuple[MediaIndex, list[VirtualFile], list[Problem]]:
    ctx = _Context(project, assets)
    index = MediaIndex()
    _collect(ctx, site.info, site.info_doc, index)
    if site.info.logo:
        logo = _safe_path(ctx, site.info.logo, site.info_doc, ("logo",))
        if logo is not None:
            index.logo = _publish(ctx, logo, site.info.name, site.info_doc, ("logo",))
    for entry in site.all_entries():
        _collect(ctx, entry.item, entry.source.doc, index)
    files = [ctx.files[key] for key in sorted(ctx.files)]
    return index, files, ctx.problems
