"""Media stage: declared photos → cached, private, responsive renditions → site files.

A rendition's folder name is a hash of the photo's bytes, the image settings and the pipeline
version, so an unchanged photo is never processed twice and a changed one always is. A cached
folder is used when its sealed record is (index.json, else its `rendition.json`). Each of its
files is proved to have the digest the record gives when it is used, that is copied into a
site or read to make a smaller picture (`PublishedPhotos.path`; the build's stat memo spares
reading files that did not change), not before: a warm build that keeps the photos the site
already has reads none of the cache's. A rendition found damaged then is made again from its
photo. Folders no photo uses any more are removed after each run. Missing photos are processed in
parallel, one decoded photo per worker, so memory does not grow with the number of photos.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.content import hints
from generator.content.link import Card, Site
from generator.content.load import PhotoDeclaration, display_path, photo_declaration
from generator.content.modelinfo import marked_fields
from generator.content.models import PhotoSet
from generator.content.sources import Files, Kept, Sourced, folder_digest
from generator.content.yamlsource import YamlDocument
from generator.media import images
from generator.media.assets import AssetTree, emblem_files, missing_hint
from generator.media.images import Digests, ImageSettings, RenderError, Rendition
from generator.output import LazyFiles, VirtualFile, replacing
from generator.problems import Problem, Severity

_LEADING_NUMBER = re.compile(r"^\d++[\s._-]*+")
# File names cameras and chat apps give; they say nothing about the photo. Longest first.
_CAMERA_PREFIXES = ("wx_camera", "screenshot", "wechatimg", "mmexport", "微信图片", "qq图片",
                    "mvimg", "photo", "image", "dscn", "dcim", "dji_", "dsc", "img", "pxl",
                    "vid", "截图", "wp")
_CAMERA_FILLER = frozenset("_- .()（）")
_KEY = re.compile(r"^[0-9a-f]{16}$")
MIME = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}


@dataclass(frozen=True, slots=True)
class Picture:
    """One variant as templates see it: a site path and its size."""

    url: str
    width: int
    height: int


@functools.lru_cache(maxsize=256)  # a page shows a photo several times; most never render
def _pictures(key: str, r: Rendition, formats: tuple[str, ...]
              ) -> dict[tuple[str, str], list[Picture]]:
    found: dict[tuple[str, str], list[Picture]] = {}
    for group, widths in (("grid", set(r.grid)), ("large", set(r.large)),
                          ("all", {*r.grid, *r.large})):
        for fmt in formats:
            found[group, fmt] = [Picture(f"media/{key}-{v.width}.{v.extension}",
                                         v.width, v.height)
                                 for v in r.variants if v.format == fmt and v.width in widths]
    return found


@dataclass(frozen=True, slots=True)
class MediaPhoto:
    """A photo as templates see it (a county has twenty thousand: kept small)."""

    caption: str  # shown under the photo; "" when none was written or can be made
    key: str
    rendition: Rendition
    formats: tuple[str, ...]  # best first; the last is the <img> fallback
    file: str  # the photo under assets/, as shown from the project folder
    subject: str = ""  # what the page shows it for (an item's name): its alt text without caption

    @property
    def alt(self) -> str:
        """What a screen reader says of the photo: its caption, else the page's subject."""
        return self.caption or self.subject

    @property
    def read_from(self) -> tuple[str, ...]:
        return (self.file,)

    def candidates(self, group: str, fmt: str) -> list[Picture]:
        """Variants of `group` ("grid", "large" or "all") in one format, narrowest first."""
        return _pictures(self.key, self.rendition, self.formats)[group, fmt]

    def fallback(self, group: str) -> Picture:
        """The widest variant of `group` in the fallback format (for `<img src>`)."""
        return self.candidates(group, self.formats[-1])[-1]

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(format, MIME type) for the `<source>` elements, best first."""
        return [(fmt, MIME[fmt]) for fmt in self.formats[:-1]]

    @property
    def colour(self) -> str:
        return self.rendition.colour

    # The widest large JPEG: for links, sharing cards and print.
    @property
    def url(self) -> str:
        return self.fallback("large").url

    @property
    def width(self) -> int:
        return self.fallback("large").width

    @property
    def height(self) -> int:
        return self.fallback("large").height


@dataclass
class MediaIndex:
    """Photos of every photo declaration (a folder, or a list of files with captions); and
    the site's logo. A template asks for the photos of the block that declares them (site,
    item, product, teaching site): the same declaration gives the same photos."""

    by_declaration: dict[PhotoDeclaration, Sourced] = field(default_factory=dict)
    logo: MediaPhoto | None = None
    header_logo: VirtualFile | None = None  # the logo as every page's header shows it
    header_logo_size: tuple[int, int] | None = None  # its pixels, for <img width height>
    icon: VirtualFile | None = None  # and as the site's icon (browser tab, bookmark)
    badge: VirtualFile | None = None  # the 党政机关网站标识 as every page's footer shows it
    badge_size: tuple[int, int] = (0, 0)  # and its size there, in CSS pixels
    sheet: CoverSheet | None = None  # the home page's section pictures, set by the pipeline
    # the key of every photo and a digest of every declared folder, by name (sources.py)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def site_logo(self) -> MediaPhoto | None:
        """The logo, for a template."""
        return self.logo

    @property
    def covers(self) -> CoverSheet | _NoSheet:
        """The cover sheet, for a template; without one, a false value that says so (a page
        that found none reads it too: a sheet made later changes the page)."""
        return self.sheet or _NO_SHEET

    def of(self, owner: object, subject: str | None = None, only: str | None = None) -> Sourced:
        """The photos a block of content declares (a model, or an item's `Card`), or those of
        its field `only` (a person's portrait apart from their photos); a photo without a
        caption is described by `subject`, by default the block's name."""
        values = ([owner.photos] if isinstance(owner, Card) else
                  [getattr(owner, only)] if only is not None else
                  [getattr(owner, name) for name in marked_fields(type(owner), PhotoSet)])
        if subject is None:
            subject = str(getattr(owner, "name", "") or "")
        found = Sourced()
        for value in values:
            if value is not None:
                photos = self.by_declaration.get(photo_declaration(value), Sourced())
                found += [p if p.caption or not subject else replace(p, subject=subject)
                          for p in photos]
                found.read_from += photos.read_from
        return found


@dataclass(frozen=True)
class MediaStats:
    processed: int = 0  # photos rendered in this run
    reused: int = 0  # photos whose renditions were already in the cache
    removed: int = 0  # cached renditions no photo uses any more


@dataclass(frozen=True)
class MediaSettings:
    project: Path
    assets: Path
    cache: Path  # renditions live in cache/images/<key>/
    images: ImageSettings = ImageSettings()
    workers: int = 0  # 0: one per CPU


@dataclass(frozen=True)
class _Declared:
    """Where a photo is asked for: the YAML file (read only to place a problem) and the path
    to the value."""

    file: Callable[[], YamlDocument]
    where: tuple


@dataclass
class _Context:
    settings: MediaSettings
    assets: AssetTree
    files: Files
    problems: list[Problem] = field(default_factory=list)

    @functools.cached_property
    def _assets_shown(self) -> str:
        return display_path(self.settings.assets, self.settings.project)

    def shown(self, relative: str) -> str:
        """A photo under assets/ as messages name it (from the project folder)."""
        return f"{self._assets_shown}/{relative}"

    def problem(self, declared: _Declared, code: str, message: str, hint: str,
                severity: Severity = Severity.ERROR) -> None:
        doc = declared.file()
        line, column = doc.position(declared.where)
        self.problems.append(Problem(doc.file, line, column, severity=severity,
                                     code=code, message=message, hint=hint))


# -- declarations ----------------------------------------------------------------------------


def _stem(relative: str) -> str:
    return os.path.splitext(relative.rpartition("/")[2])[0]


def camera_name(stem: str) -> bool:
    """`IMG_20230912_101530`, `微信图片_2023…`, `P1010203`, `1694501234567`: a name a camera
    or a chat app gave, which says nothing about the photo (checked by scanning)."""
    rest = stem.lower()
    for prefix in _CAMERA_PREFIXES:
        if rest.startswith(prefix):
            rest = rest[len(prefix):]
            break
    else:
        if rest[:1] == "p" and rest[1:2].isdigit():
            rest = rest[1:]
    return all(ch.isdigit() or ch.isspace() or ch in _CAMERA_FILLER for ch in rest)


def _caption_from_name(relative: str) -> str:
    """A photo's caption from its file name, without a leading number; none from a camera's
    name (the photo's alt text is then the subject of the page)."""
    stem = _stem(relative)
    if camera_name(stem):
        return ""
    return _LEADING_NUMBER.sub("", stem) or stem


def _safe_path(ctx: _Context, relative: str, declared: _Declared) -> str | None:
    """The declared path relative to assets/, if it is there and stays inside."""
    candidate = relative.strip("/")
    if os.path.isabs(relative) or ctx.assets.outside(candidate) is not None:
        folder = hints.photo_folder(declared.file().file)
        ctx.problem(declared, "photo-outside",
                    f"照片路径“{relative}”指向 assets/ 文件夹以外，不允许。",
                    "照片要放在 assets/ 里，路径从 assets/ 之后写起，"
                    f"例如 {folder}/{posixpath.basename(candidate) or '照片.jpg'}。")
        return None
    if not ctx.assets.exists(candidate):
        kind = "照片文件夹" if relative.endswith("/") else "照片"
        ctx.problem(declared, "photo-missing", f"找不到{kind} assets/{relative}。",
                    missing_hint(ctx.assets, relative))
        return None
    return posixpath.normpath(candidate)  # one name per file: "./a//b.jpg" is "a/b.jpg"


Photos = list[tuple[str, str, "_Declared"]]  # file relative to assets/, caption, where


def _expand(ctx: _Context, value: PhotoDeclaration, doc: Callable[[], YamlDocument],
            path: tuple) -> tuple[str | None, Photos]:
    """The folder a declaration names (as shown, None for a file or a list) and its photos."""
    suffixes = images.accepted_suffixes()
    if isinstance(value, str):
        declared = _Declared(doc, path)
        relative = _safe_path(ctx, value, declared)
        if relative is None:
            return None, []
        folder = ctx.assets.is_dir(relative)
        found = ([relative] if not folder else
                 [f"{relative}/{name}" for name in ctx.assets.children(relative)
                  if os.path.splitext(name)[1].lower() in suffixes])
        for file in found:
            if camera_name(_stem(file)):
                shown = ctx.shown(file)
                ctx.problem(declared, "photo-no-caption",
                            f"照片 {shown} 的文件名是相机起的，不能当说明文字，"
                            "网页上这张照片没有说明。",
                            "文件夹里的照片用文件名作说明：把它改成照片内容，例如“01-村口古榕.jpg”。",
                            Severity.WARNING)
        return (f"{ctx.shown(relative)}/" if folder else None,
                [(p, _caption_from_name(p), declared) for p in found])
    result = []
    for index, (file, caption) in enumerate(value):
        declared = _Declared(doc, (*path, index))
        relative = _safe_path(ctx, file, declared)
        if relative is None:
            continue
        if not caption:
            ctx.problem(declared, "photo-no-caption", f"照片 {file} 没有说明文字。",
                        "加一行“caption: …”，说明照片内容；读屏软件会朗读它。", Severity.WARNING)
        result.append((relative, caption or _caption_from_name(relative), declared))
    return None, result


# -- cache -----------------------------------------------------------------------------------


def _key(content_digest: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{content_digest}\n{fingerprint}".encode()).hexdigest()[:16]


Made = tuple[Rendition, Digests] | RenderError


def _render_all(jobs: dict[str, tuple[Path, str]], folder: Path,
                settings: MediaSettings) -> Iterator[tuple[str, Made]]:
    """Render every (key → source, its digest) job; in worker processes when there are more
    than one. A source whose bytes no longer have the digest is not rendered ("changed")."""
    for key in jobs:
        shutil.rmtree(folder / key, ignore_errors=True)  # an incomplete earlier attempt
    keys = sorted(jobs)
    sources, digests = [jobs[k][0] for k in keys], [jobs[k][1] for k in keys]
    results = _in_workers(images.render, settings.workers, sources,
                          [folder / k for k in keys], [settings.images] * len(keys), digests)
    yield from zip(keys, results, strict=True)


def _in_workers(function: Callable, workers: int, *arguments: list) -> list:
    """`function` over the argument lists; in worker processes when there is more than one
    call, one decoded photo per worker at a time."""
    count = len(arguments[0])
    workers = min(workers or os.cpu_count() or 1, count)
    if workers <= 1:
        return list(map(function, *arguments))
    # fresh interpreters, gone with the pool: a fork server would stay beside the build with
    # its own memory until the process ends (the cold build's peak, benchmarks/README.md)
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(function, *arguments))
    except BrokenProcessPool:  # workers cannot start here (e.g. a script read from stdin)
        return list(map(function, *arguments))


def _cached(folder: Path, kept: Kept) -> tuple[Rendition, Digests] | None:
    """The record of a rendition an earlier build made: kept by the build (one file to read,
    rather than one per photo), else read from its folder. Its files are proved when used."""
    record = kept.get(folder.name)
    found = images.from_record(record)
    if found is None:
        record = images.read_rendition(folder)
        found = images.from_record(record)
        if found is None:
            return None
    kept.put(folder.name, record)
    return found


def _remove_unused(folder: Path, keep: Iterable[str]) -> int:
    """Remove rendition folders no photo uses, and what a killed build left half-written
    (a rendition's staging folder `.<key>-…`, an index's `.….tmp`): nothing renders now."""
    keep = set(keep)
    removed = 0
    if not folder.is_dir():
        return 0
    with os.scandir(folder) as entries:  # names first: no question to the disk per photo
        found = list(entries)
    for entry in found:
        if entry.name.startswith("."):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
        elif entry.name not in keep and _KEY.match(entry.name) and entry.is_dir():
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


_ERRORS = {
    "unreadable": ("照片 {file} 无法读取，可能已损坏或不是图片。",
                   "用看图软件打开它确认一下，再重新导出为 JPEG 放进来。"),
    "truncated": ("照片 {file} 不完整（文件被截断了），可能没有复制完。",
                  "从手机或相机重新复制一次这张照片。"),
    "too-large": ("照片 {file} 像素太多（超过 {limit} 万像素），为防止耗尽内存没有处理。",
                  "用看图软件把它缩小到长边 8000 像素以内再放进来。"),
    "vector": ("{file} 是矢量图或设计稿（不是照片格式），无法处理。",
               "用设计软件把它导出为 PNG 或 JPEG 再放进来；标志最好导出为透明背景、"
               "至少 200 像素宽的 PNG。"),
    "heif-missing": ("照片 {file} 是苹果手机的 HEIC 格式，需要先安装 pillow-heif 才能处理。",
                     "运行 .venv/bin/pip install pillow-heif，或在手机上把照片导出为 JPEG。"),
    "changed": ("照片 {file} 在生成网站的过程中被替换或修改了，网站没有生成。",
                "等照片复制或保存完，再生成一次。"),
}


# what Pillow warned about a photo it could still read (images.NOTES), in Chinese
_NOTES = {
    "exif": ("照片 {file} 里的拍摄信息（EXIF）已损坏，已忽略（照片方向可能不对）。",
             "照片照常发布；如果网页上它是躺倒的，用看图软件把它转正后另存一份替换。"),
    "odd": ("照片 {file} 的文件有些地方不合规范，已尽量读出。",
            "在网页上看一下这张照片是否正常；不正常的话，用看图软件另存为 JPEG 再放进来。"),
}




# -- the stage -------------------------------------------------------------------------------


_Photo = tuple[str, str, _Declared]  # file relative to assets/, caption, where declared


def _declared_photos(ctx: _Context, site: Site
                     ) -> tuple[list[tuple[PhotoDeclaration, str | None, Photos]],
                                dict[str, _Photo]]:
    """The photos of every declaration (with the folder it names, as shown); and the logo and
    the badge, by kind."""
    owners = [(declared, *_expand(ctx, declared, doc, path))
              for path, declared, doc in site.photo_declarations()]
    emblems: dict[str, _Photo] = {}  # the logo and the badge, as photos
    for where, file in emblem_files(site):
        declared = _Declared(lambda: site.info_doc, where)
        relative = _safe_path(ctx, file, declared)
        if relative:
            emblems[str(where[-1])] = (relative, site.info.name, declared)
    return owners, emblems


def _report(ctx: _Context, declared: _Declared, file: str, error: RenderError) -> None:
    message, hint = _ERRORS[error.kind]
    ctx.problem(declared, f"photo-{error.kind}",
                message.format(file=ctx.shown(file),
                               limit=ctx.settings.images.max_pixels // 10_000), hint)


def verify(site: Site, settings: MediaSettings, files: Files, kept: Kept,
           assets: AssetTree | None = None) -> list[Problem]:
    """The problems `process` would find with the declared photos (missing, outside assets/,
    unreadable, damaged, too large), found without rendering anything or writing to the
    cache (`kept` is read, not saved): a photo whose rendition is cached is known to be good,
    any other is decoded at the smallest scale its format allows (images.verify)."""
    ctx = _Context(settings, assets or AssetTree(settings.assets), files)
    owners, emblems = _declared_photos(ctx, site)
    photos: dict[str, _Declared] = {}
    for file, _caption, declared in [*(p for _, _, found in owners for p in found),
                                     *emblems.values()]:
        photos.setdefault(file, declared)
    folder = settings.cache / "images"
    fingerprint = settings.images.fingerprint()
    unknown = []
    for file, declared in photos.items():
        try:
            key = _key(files.digest(f"{settings.assets}/{file}"), fingerprint)
        except OSError:
            key = None
        if key is None or _cached(folder / key, kept) is None:
            unknown.append((file, declared))
    results = _in_workers(images.verify, settings.workers,
                          [settings.assets / file for file, _ in unknown],
                          [settings.images] * len(unknown)) if unknown else []
    for (file, declared), error in zip(unknown, results, strict=True):
        if error is not None:
            _report(ctx, declared, file, error)
    return ctx.problems


def process(site: Site, settings: MediaSettings, files: Files, kept: Kept,
            assets: AssetTree | None = None
            ) -> tuple[MediaIndex, PublishedPhotos, list[Problem], MediaStats]:
    """`kept`: the records of renditions (as their rendition.json holds them), by key."""
    ctx = _Context(settings, assets or AssetTree(settings.assets), files)
    owners, emblems = _declared_photos(ctx, site)
    folder = settings.cache / "images"
    keys = _keys(ctx, [*(p for _, _, photos in owners for p in photos), *emblems.values()])
    renditions: dict[str, Rendition | RenderError] = {}
    digests: dict[str, Digests] = {}  # of each rendition's files
    jobs: dict[str, tuple[Path, str]] = {}
    origins: dict[str, tuple[Path, str, str]] = {}  # the photo each rendition is made from
    for file, (key, digest) in keys.items():
        if key in renditions or key in jobs:
            continue
        origins[key] = (settings.assets / file, digest, ctx.shown(file))
        cached = _cached(folder / key, kept)
        if cached is None:
            jobs[key] = (settings.assets / file, digest)
        else:
            renditions[key], digests[key] = cached
    if jobs:
        folder.mkdir(parents=True, exist_ok=True)
        for key, made in _render_all(jobs, folder, settings):
            if isinstance(made, RenderError):
                renditions[key] = made
                if made.kind == "changed":  # the next build hashes it as it is then
                    with contextlib.suppress(OSError):
                        files.read(jobs[key][0])
                continue
            renditions[key], digests[key] = made
            kept.put(key, images.record(*made))
            for name, digest in made[1].items():
                files.written(folder / key / name, digest)

    def photo(file: str, caption: str, declared: _Declared) -> MediaPhoto | None:
        key = keys[file][0] if file in keys else None
        result = renditions.get(key) if key else None
        if isinstance(result, RenderError):
            _report(ctx, declared, file, result)
            return None
        if result is None or key is None:
            return None
        for note in result.notes:
            message, hint = _NOTES[note]
            ctx.problem(declared, f"photo-note-{note}", message.format(file=ctx.shown(file)),
                        hint, Severity.WARNING)
        return MediaPhoto(caption, key, result, settings.images.formats, ctx.shown(file))

    index = MediaIndex()
    for declared, shown_folder, photos in owners:
        if declared in index.by_declaration:
            continue
        made = index.by_declaration[declared] = Sourced(
            [p for args in photos if (p := photo(*args)) is not None],
            (shown_folder,) if shown_folder else ())
        index.sources.update((p.file, p.key) for p in made)
        if shown_folder:
            index.sources[shown_folder] = folder_digest((p.file, p.key) for p in made)
    published = PublishedPhotos(renditions, digests, folder, files, kept, settings.images,
                                origins)
    if "badge" in emblems and (badge := photo(*emblems["badge"])) is not None:
        index.badge = _small_file(badge, published, "badge", images.small_logo, BADGE, ".webp")
        shown = BADGE // 2
        index.badge_size = (max(1, round(badge.rendition.width * shown / badge.rendition.height)),
                            shown)
    if logo := emblems.get("logo"):
        index.logo = photo(*logo)
        if index.logo is not None:  # templates show it (media.site_logo)
            index.sources[index.logo.file] = index.logo.key
        index.header_logo, index.icon, index.header_logo_size = _logo_files(index.logo,
                                                                           published)
        if index.logo is not None and min(index.logo.rendition.width,
                                          index.logo.rendition.height) < HEADER_LOGO:
            size = f"{index.logo.rendition.width}×{index.logo.rendition.height}"
            ctx.problem(logo[2], "logo-small",
                        f"标志 {ctx.shown(logo[0])} 只有 {size} 像素，在手机屏幕上会发虚。",
                        f"换一张长宽都至少 {HEADER_LOGO} 像素（最好 200 像素以上）的标志图片，"
                        "透明背景的 PNG 最好。", Severity.WARNING)
    removed = _remove_unused(folder, renditions)
    stats = MediaStats(processed=len(jobs), reused=len(renditions) - len(jobs), removed=removed)
    return index, published, ctx.problems, stats


HEADER_LOGO = 96  # px high: the header shows the logo 24 CSS px high, the phone menu 48
ICON = 64  # px square: a browser tab's icon at three times its size, a bookmark's
BADGE = 120  # px high: the footer shows the 党政机关网站标识 60 CSS px high


def _logo_files(logo: MediaPhoto | None, photos: PublishedPhotos
                ) -> tuple[VirtualFile | None, VirtualFile | None, tuple[int, int] | None]:
    """The logo for every page's header (a small WebP, with its size, for <img width height>)
    and as the site's icon (a square PNG)."""
    if logo is None:
        return None, None, None
    header = _small_file(logo, photos, "logo", images.small_logo, HEADER_LOGO, ".webp")
    icon = _small_file(logo, photos, "icon", images.square_icon, ICON, ".png")
    if header is None or icon is None or header.source is None:
        return None, None, None
    try:
        size = images.pixel_size(Path(header.source))
    except OSError:  # the cache changed under the build: Material's defaults stay
        return None, None, None
    return header, icon, size


def _small_file(photo: MediaPhoto, photos: PublishedPhotos, kind: str,
                make: Callable[[Path, int], bytes], size: int, suffix: str) -> VirtualFile | None:
    """A small image made from a photo's rendition and kept in its folder, so it goes when the
    photo does (made again when its bytes are not the ones recorded); published under a
    digest of its bytes, as every file of media/ is."""
    target = photos.folder_of(photo.key) / f"{kind}-{size}{suffix}"
    record = f"{photo.key}/{target.name}"
    try:
        digest = photos.kept.get(record)
        if not isinstance(digest, str) or photos.files.digest(target) != digest:
            source = Path(photos.path(photo.key,
                                      f"{photo.candidates('all', 'webp')[0].width}.webp"))
            data = make(source, size)
            with replacing(target) as stream:
                stream.write(data)
            digest = hashlib.sha256(data).hexdigest()
            photos.files.written(target, digest)
    except OSError:  # the cache changed under the build: shown without it
        return None
    photos.kept.put(record, digest)
    return VirtualFile(f"media/{digest[:16]}-{kind}{suffix}", source=target, digest=digest)


# -- the cover sheet ---------------------------------------------------------------------------
#
# The home page opens on a tile per section, each with a photo. Twelve photos would be twelve
# requests before a phone has shown its first screen (the budget is 15 in all); drawn one
# under the other into one image they are one, each tile showing its cell as a background.

COVER_CELL = (400, 300)  # px: a tile is at most 200 CSS px wide on a 2x phone, 400 on a desktop
COVER_VERSION = 1  # of how a sheet is drawn (images.cover_sheet)
COVERS = "(cover sheet)"  # the name pages that show it read (sources.py): its file and cells


@dataclass(frozen=True)
class CoverSheet:
    """Photos in one image, one cell under the other, each cell named by what it covers."""

    file: VirtualFile
    keys: tuple[str, ...]  # what each cell covers (e.g. a collection's key), top to bottom

    @property
    def read_from(self) -> tuple[str, ...]:
        return (COVERS,)

    @property
    def path(self) -> str:
        return self.file.path

    def has(self, key: str) -> bool:
        return key in self.keys

    def size(self) -> str:
        """`background-size` that shows one cell in a box of the cell's proportions."""
        return f"100% {len(self.keys) * 100}%"

    def position(self, key: str) -> str:
        """`background-position` of a cell (CSS percentages: 0% the first, 100% the last)."""
        last = len(self.keys) - 1
        at = self.keys.index(key)
        return f"0 {at * 100 / last:.4f}%" if last else "0 0"


class _NoSheet:
    read_from = (COVERS,)

    def __bool__(self) -> bool:
        return False

    def has(self, key: str) -> bool:
        return False


_NO_SHEET = _NoSheet()


def cover_sheet(covers: Sequence[tuple[str, MediaPhoto]], settings: MediaSettings,
                files: Files, kept: Kept, index: MediaIndex, photos: PublishedPhotos
                ) -> CoverSheet | None:
    """The cover sheet of `covers` ((what it covers, photo) in order), named by a digest of
    the photos it shows and how, kept in the cache (covers/, the newest only) while its bytes
    are the ones `kept` records; None when there is nothing to cover. Pages that show it read
    `COVERS` (`index.sources`)."""
    index.sources[COVERS] = ""
    if not covers:
        return None
    quality = settings.images.webp_quality
    name = hashlib.sha256(json.dumps(
        [COVER_VERSION, COVER_CELL, quality, [photo.key for _, photo in covers]]).encode()
    ).hexdigest()[:16]
    target = settings.cache / "covers" / f"{name}.webp"
    record = f"covers/{name}"
    try:
        digest = kept.get(record)
        if not isinstance(digest, str) or files.digest(target) != digest:
            raise FileNotFoundError(target)  # made again
    except OSError:
        try:
            sources = [Path(photos.path(p.key, f"{_narrowest(p, COVER_CELL[0])}.webp"))
                       for _, p in covers]
            data = images.cover_sheet(sources, COVER_CELL, quality)
            target.parent.mkdir(parents=True, exist_ok=True)
            with replacing(target) as stream:
                stream.write(data)
            digest = hashlib.sha256(data).hexdigest()
            files.written(target, digest)
            for other in target.parent.iterdir():  # only the newest sheet is kept
                if other != target:
                    other.unlink(missing_ok=True)
        except OSError:  # the cache changed under the build: tiles without photos
            return None
    kept.put(record, digest)
    sheet = CoverSheet(VirtualFile(f"media/{name}-covers.webp", source=target, digest=digest),
                       tuple(key for key, _ in covers))
    index.sources[COVERS] = hashlib.sha256(
        "\n".join([sheet.path, *sheet.keys]).encode()).hexdigest()
    return sheet


def _narrowest(photo: MediaPhoto, width: int) -> int:
    """Width of the narrowest WebP variant at least `width` wide (or the widest there is)."""
    widths = [p.width for p in photo.candidates("all", "webp")]
    return next((w for w in widths if w >= width), widths[-1])


def _keys(ctx: _Context, photos: Photos) -> dict[str, tuple[str, str]]:
    """The cache key and the digest of every photo that can be read, by its file relative to
    assets/."""
    settings = ctx.settings
    keys: dict[str, tuple[str, str]] = {}
    fingerprint = settings.images.fingerprint()
    for file, _caption, declared in photos:
        if file in keys:
            continue
        try:
            digest = ctx.files.digest(f"{settings.assets}/{file}")
        except OSError as error:
            shown = ctx.shown(file)
            ctx.problem(declared, "photo-unreadable",
                        f"照片 {shown} 无法读取（{error.strerror}）。",
                        "检查文件是否被其他程序占用或没有读取权限。")
            continue
        keys[file] = (_key(digest, fingerprint), digest)
    return keys


class DamagedPhoto(Exception):
    """A rendition in the cache is damaged and could not be made again: its photo changed or
    went since the build read it. `problem` says so, at the photo."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


class PublishedPhotos(LazyFiles):
    """Every variant file the site publishes, made as it is asked for. A file of the cache is
    used (copied, linked, read) only through `source` or `path`, which prove its bytes."""

    folder = "media"

    def __init__(self, renditions: dict[str, Rendition | RenderError],
                 digests: dict[str, Digests], folder: Path, files: Files, kept: Kept,
                 settings: ImageSettings, origins: dict[str, tuple[Path, str, str]]) -> None:
        self._folder = folder
        self._root = str(folder)
        self._digests = digests
        self.files = files  # the build's stat memo, and its records of renditions
        self.kept = kept
        self._settings = settings
        self._origins = origins  # key → (photo, digest of its bytes, as messages name it)
        self._done = [(key, r.variants) for key in sorted(renditions)
                      if isinstance(r := renditions[key], Rendition)]
        self._count = sum(len(variants) for _, variants in self._done)

    def __iter__(self) -> Iterator[VirtualFile]:
        root, digests = self._root, self._digests
        for key, variants in self._done:
            known = digests[key]
            for v in variants:
                yield VirtualFile(f"media/{key}-{v.width}.{v.extension}",
                                  source=f"{root}/{key}/{v.file}", digest=known[v.file])

    def __len__(self) -> int:
        return self._count

    def folder_of(self, key: str) -> Path:
        return self._folder / key

    def source(self, file: VirtualFile) -> str | Path | None:
        """What to copy `file` from: a variant's file in the cache once proved (`path`), any
        other file's own source."""
        source, prefix = file.source, self._root + "/"
        if isinstance(source, str) and source.startswith(prefix):
            key, _, name = source[len(prefix):].partition("/")
            if key in self._digests and name in self._digests[key]:
                return self.path(key, name)
        return source

    def path(self, key: str, name: str) -> str:
        """The file `name` of the rendition `key`, proved to have the digest its record
        gives; a rendition with a missing or damaged file is made again first. Raises
        DamagedPhoto when that cannot be done, OSError when the cache cannot be written."""
        path = f"{self._root}/{key}/{name}"
        with contextlib.suppress(OSError):
            if self.files.digest(path) == self._digests[key].get(name):
                return path
        self._remake(key)
        return path

    def _remake(self, key: str) -> None:
        source, digest, shown = self._origins[key]
        target = self._folder / key
        shutil.rmtree(target, ignore_errors=True)
        made = images.render(source, target, self._settings, digest)
        if isinstance(made, RenderError):
            message, hint = _ERRORS[made.kind]
            raise DamagedPhoto(Problem(shown, code=f"photo-{made.kind}", hint=hint,
                                       message=message.format(
                                           file=shown, limit=self._settings.max_pixels // 10_000)))
        self._digests[key] = made[1]
        self.kept.put(key, images.record(*made))
        self.kept.save()  # the build saved its records before it published
        for name, file_digest in made[1].items():
            self.files.written(target / name, file_digest)
