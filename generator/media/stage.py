"""Media stage: declared photos → cached, private, responsive renditions → site files.

A rendition's folder name is a hash of the photo's bytes, the image settings and the pipeline
version, so an unchanged photo is never processed twice and a changed one always is. Folders
no photo uses any more are removed after each run. Missing photos are processed in parallel,
one decoded photo per worker, so memory does not grow with the number of photos.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import pickle
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.build import deps
from generator.build.bulk import load_json, load_known, load_pickle
from generator.content import hints
from generator.content.link import Site
from generator.content.load import Card, PhotoDeclaration, display_path, photo_declaration
from generator.content.modelinfo import marked_fields
from generator.content.models import PhotoSet
from generator.content.yamlsource import YamlDocument
from generator.media import images
from generator.media.assets import AssetTree, emblem_files, missing_hint
from generator.media.images import ImageSettings, RenderError, Rendition
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
    subject: str = ""  # what the page shows it for (an item's name): its alt text without caption

    @property
    def alt(self) -> str:
        """What a screen reader says of the photo: its caption, else the page's subject."""
        return self.caption or self.subject

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


def declaration_name(declared: PhotoDeclaration) -> str:
    """The name `deps` knows a photo declaration by: the same for every field that asks
    for the same photos, wherever it is written."""
    text = json.dumps(declared, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass
class MediaIndex:
    """Photos of every photo declaration (a folder, or a list of files with captions), by
    its name; and the site's logo. A template asks for the photos of the block that declares
    them (site, item, product, teaching site): the same declaration gives the same photos."""

    by_declaration: dict[str, list[MediaPhoto]] = field(default_factory=dict)
    logo: MediaPhoto | None = None
    header_logo: VirtualFile | None = None  # the logo as every page's header shows it
    header_logo_size: tuple[int, int] | None = None  # its pixels, for <img width height>
    icon: VirtualFile | None = None  # and as the site's icon (browser tab, bookmark)
    badge: VirtualFile | None = None  # the 党政机关网站标识 as every page's footer shows it
    badge_size: tuple[int, int] = (0, 0)  # and its size there, in CSS pixels
    sheet: CoverSheet | None = None  # the home page's section pictures, set by the pipeline

    @property
    def site_logo(self) -> MediaPhoto | None:
        """The logo, for a template (noted)."""
        deps.note(deps.photos(LOGO))
        return self.logo

    @property
    def covers(self) -> CoverSheet | None:
        """The cover sheet, for a template (noted: its cells are the photos it shows)."""
        deps.note(deps.photos(COVERS))
        return self.sheet

    def of(self, owner: object, subject: str | None = None) -> list[MediaPhoto]:
        """The photos a block of content declares (a model, or an item's `Card`); a photo
        without a caption is described by `subject`, by default the block's name."""
        values = ([owner.photos] if isinstance(owner, Card) else
                  [getattr(owner, name) for name in marked_fields(type(owner), PhotoSet)])
        if subject is None:
            subject = str(getattr(owner, "name", "") or "")
        found: list[MediaPhoto] = []
        for value in values:
            if value is not None:
                declared = declaration_name(photo_declaration(value))
                deps.note(deps.photos(declared))
                found += [p if p.caption or not subject else replace(p, subject=subject)
                          for p in self.by_declaration.get(declared, [])]
        return found

    def declared(self, declared: PhotoDeclaration) -> list[MediaPhoto]:
        """The photos of one declaration as an outline keeps it (noted)."""
        name = declaration_name(declared)
        deps.note(deps.photos(name))
        return self.by_declaration.get(name, [])

    def fingerprints(self) -> dict[str, str]:
        """A digest of the photos of each declaration and of the logo: which files, and how
        they were rendered (keys name the bytes and the settings)."""
        found = {name: [f"{p.key}\0{p.caption}" for p in photos]
                 for name, photos in self.by_declaration.items()}
        if self.logo is not None:
            found[LOGO] = [f"{self.logo.key}\0{self.logo.caption}"]
        found[COVERS] = [self.sheet.file.path, *self.sheet.keys] if self.sheet else []
        return {name: hashlib.sha256("\n".join(parts).encode()).hexdigest()
                for name, parts in found.items()}


LOGO = "logo"  # the name of the site's logo for `deps`
COVERS = "covers"  # and of the cover sheet


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
    problems: list[Problem] = field(default_factory=list)

    def shown(self, relative: str) -> str:
        """A photo under assets/ as messages name it (from the project folder)."""
        return display_path(self.settings.assets / relative, self.settings.project)

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


def _expand(ctx: _Context, value: PhotoDeclaration, doc: Callable[[], YamlDocument],
            path: tuple) -> list[tuple[str, str, _Declared]]:
    """(file relative to assets/, caption, declaration) for a folder or a list declaration
    (paths as plain strings: a county has twenty thousand)."""
    suffixes = images.accepted_suffixes()
    if isinstance(value, str):
        declared = _Declared(doc, path)
        relative = _safe_path(ctx, value, declared)
        if relative is None:
            return []
        found = ([relative] if not ctx.assets.is_dir(relative) else
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
        return [(p, _caption_from_name(p), declared) for p in found]
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
    return result


# -- cache -----------------------------------------------------------------------------------


class _JsonMemo:
    """A JSON file of what an earlier run found (`known`) and what this run used (`used`);
    written again only when they differ, so entries nothing uses any more are dropped.
    Each entry is one string (a county has twenty thousand photos: a list of numbers per
    photo was a third of a million objects to read)."""

    def __init__(self, path: Path, code: str | None = None) -> None:
        """With a `code`, the file is only trusted when written by the same code."""
        self.path = path
        self.code = code
        self.used: dict[str, str] = {}
        self.known: dict[str, str] = load_known(load_json, path)
        if code is not None:
            entries = self.known.get("entries")
            ok = self.known.get("code") == code and isinstance(entries, dict)
            self.known = entries if ok else {}  # type: ignore[assignment]

    def save(self) -> None:
        if self.used != self.known:
            data = self.used if self.code is None else {"code": self.code, "entries": self.used}
            with replacing(self.path) as stream:
                stream.write(json.dumps(data, sort_keys=True).encode())


def _stamp(stat: os.stat_result, *extra: object) -> str:
    return " ".join(map(str, (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, *extra)))


class _SourceHashes:
    """Content hashes of source photos, remembered by (size, mtime, ctime, inode).

    The cache is keyed by content; this memo only saves reading unchanged photos again. Any
    write to a file changes its ctime, which no tool can set back, so a stale hash is not
    possible short of editing the memo itself.

    Kept by folder under assets/ (`sources.pickle`: folder → its files' entries, pickled):
    a county's twenty thousand entries stay packed as bytes, and only the folder whose photos
    are being looked at is unpacked (photos come folder by folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        known = load_known(load_pickle, path)
        self.known: dict[str, bytes] = {k: v for k, v in known.items()
                                        if isinstance(k, str) and isinstance(v, bytes)}
        self.used: dict[str, bytes] = {}
        self._folder: str | None = None
        self._known_here: dict[str, str] = {}
        self._used_here: dict[str, str] = {}

    def _open(self, folder: str) -> None:
        self._close()
        self._folder = folder
        self._known_here = _entries(self.known.get(folder))
        self._used_here = _entries(self.used.get(folder))  # a folder asked for again

    def _close(self) -> None:
        if self._folder is None:
            return
        if not self._used_here:
            return
        if self._used_here == self._known_here:
            self.used[self._folder] = self.known[self._folder]  # the same bytes: kept once
        else:
            self.used[self._folder] = pickle.dumps(self._used_here,
                                                   protocol=pickle.HIGHEST_PROTOCOL)

    def digest(self, assets: Path, name: str) -> str:
        """The hash of assets/`name` (remembered by that name: moving the project keeps it)."""
        folder, _, file_name = name.rpartition("/")
        if folder != self._folder:
            self._open(folder)
        file = f"{assets}/{name}"
        stat = os.stat(file)
        stamp = _stamp(stat, stat.st_size)
        remembered = self._known_here.get(file_name)
        if isinstance(remembered, str) and remembered.startswith(stamp + " "):
            self._used_here[file_name] = remembered
            return remembered[len(stamp) + 1:]
        with open(file, "rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        self._used_here[file_name] = f"{stamp} {digest}"
        return digest

    def remembered(self, assets: Path, name: str) -> str | None:
        """The hash of assets/`name` if the memo has it for the file as it is now; else None
        (nothing is read)."""
        folder, _, file_name = name.rpartition("/")
        if folder != self._folder:
            self._open(folder)
        try:
            stat = os.stat(f"{assets}/{name}")
        except OSError:
            return None
        stamp = _stamp(stat, stat.st_size)
        remembered = self._known_here.get(file_name)
        if isinstance(remembered, str) and remembered.startswith(stamp + " "):
            return remembered[len(stamp) + 1:]
        return None

    def save(self) -> None:
        self._close()
        self._folder = None
        if self.used != self.known:
            with replacing(self.path) as stream:
                pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.path.with_name("sources.json").unlink(missing_ok=True)  # the memo's earlier form


def _entries(packed: bytes | None) -> dict[str, str]:
    if packed is None:
        return {}
    try:
        found = pickle.loads(packed)
    except Exception:
        return {}
    return found if isinstance(found, dict) else {}


class _Finished(_JsonMemo):
    """Renditions found complete in an earlier run, with their folder's times.

    Reading each rendition.json and checking each variant file cost seconds per build at
    twenty thousand photos. A folder whose times are the ones recorded still holds
    the same files (adding, removing or renaming a file in it changes those times), so its
    rendition is taken from this index; any other folder is checked file by file.

    An entry is the folder's times, the photo's upright size and its colour: the variants
    follow from the size (`Rendition.of`), so the index is a tenth of the size it would be
    with them written out. It is only trusted by the image code that wrote it."""

    def __init__(self, path: Path, settings: ImageSettings) -> None:
        super().__init__(path, code=_image_code())
        self.settings = settings

    def read(self, folder: Path, key: str) -> Rendition | None:
        try:
            stamp = _stamp(os.stat(f"{folder}/{key}"))
        except OSError:
            return None
        known = self.known.get(key)
        if isinstance(known, str) and known.startswith(stamp + " "):
            try:
                width, height, colour = known[len(stamp) + 1:].split(" ")
                rendition = Rendition.of(int(width), int(height), colour, self.settings)
            except (TypeError, ValueError, ZeroDivisionError):
                pass
            else:
                self.used[key] = known
                return rendition
        rendition = images.read_rendition(folder / key)
        if rendition is not None:
            self._remember(key, stamp, rendition)
        return rendition

    def add(self, folder: Path, key: str, rendition: Rendition) -> None:
        with contextlib.suppress(OSError):
            self._remember(key, _stamp(os.stat(f"{folder}/{key}")), rendition)

    def _remember(self, key: str, stamp: str, rendition: Rendition) -> None:
        width, height, colour = rendition.width, rendition.height, rendition.colour
        if Rendition.of(width, height, colour, self.settings) == rendition:
            self.used[key] = f"{stamp} {width} {height} {colour}"  # else: read file by file


@functools.cache
def _image_code() -> str:
    """The image code's digest: a new version may lay renditions out differently."""
    return hashlib.sha256(Path(images.__file__).read_bytes()).hexdigest()[:16]


def _key(content_digest: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{content_digest}\n{fingerprint}".encode()).hexdigest()[:16]


def _render_all(jobs: dict[str, tuple[Path, str]], folder: Path,
                settings: MediaSettings) -> dict[str, Rendition | RenderError]:
    """Render every (key → source, its digest) job; in worker processes when there is more
    than one. A source whose bytes no longer have the digest is not rendered ("changed")."""
    for key in jobs:
        shutil.rmtree(folder / key, ignore_errors=True)  # an incomplete earlier attempt
    keys = sorted(jobs)
    sources, digests = [jobs[k][0] for k in keys], [jobs[k][1] for k in keys]
    results = _in_workers(images.render, settings.workers, sources,
                          [folder / k for k in keys], [settings.images] * len(keys), digests)
    return dict(zip(keys, results, strict=True))


def _in_workers(function: Callable, workers: int, *arguments: list) -> list:
    """`function` over the argument lists; in worker processes when there is more than one
    call, one decoded photo per worker at a time."""
    count = len(arguments[0])
    workers = min(workers or os.cpu_count() or 1, count)
    if workers <= 1:
        return list(map(function, *arguments))
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "forkserver")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(function, *arguments))
    except BrokenProcessPool:  # workers cannot start here (e.g. a script read from stdin)
        return list(map(function, *arguments))


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
                     ) -> tuple[list[tuple[str, list[_Photo]]], dict[str, _Photo]]:
    """The photos of every declaration, by its name; and the logo and the badge, by kind."""
    owners: list[tuple[str, list[_Photo]]] = []
    for path, declared, doc in site.photo_declarations():
        owners.append((declaration_name(declared), _expand(ctx, declared, doc, path)))
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


def verify(site: Site, settings: MediaSettings, assets: AssetTree | None = None
           ) -> list[Problem]:
    """The problems `process` would find with the declared photos (missing, outside assets/,
    unreadable, damaged, too large), found without rendering anything or writing to the
    cache: a photo whose rendition is cached is known to be good, any other is decoded at
    the smallest scale its format allows (images.verify)."""
    ctx = _Context(settings, assets or AssetTree(settings.assets))
    owners, emblems = _declared_photos(ctx, site)
    photos: dict[str, _Declared] = {}
    for file, _caption, declared in [*(p for _, found in owners for p in found),
                                     *emblems.values()]:
        photos.setdefault(file, declared)
    folder = settings.cache / "images"
    hashes = _SourceHashes(folder / "sources.pickle")  # read, never saved
    finished = _Finished(folder / "renditions.json", settings.images)
    fingerprint = settings.images.fingerprint()
    unknown = []
    for file, declared in photos.items():
        digest = hashes.remembered(settings.assets, file)
        if digest is None or finished.read(folder, _key(digest, fingerprint)) is None:
            unknown.append((file, declared))
    results = _in_workers(images.verify, settings.workers,
                          [settings.assets / file for file, _ in unknown],
                          [settings.images] * len(unknown)) if unknown else []
    for (file, declared), error in zip(unknown, results, strict=True):
        if error is not None:
            _report(ctx, declared, file, error)
    return ctx.problems


def process(site: Site, settings: MediaSettings, assets: AssetTree | None = None
            ) -> tuple[MediaIndex, Sequence[VirtualFile], list[Problem], MediaStats]:
    ctx = _Context(settings, assets or AssetTree(settings.assets))
    owners, emblems = _declared_photos(ctx, site)
    folder = settings.cache / "images"
    keys, digests = _keys(ctx, [*(p for _, photos in owners for p in photos),
                                *emblems.values()])
    # one index read at a time: a county's are twenty thousand entries each
    renditions: dict[str, Rendition | RenderError] = {}
    jobs: dict[str, tuple[Path, str]] = {}
    finished = _Finished(folder / "renditions.json", settings.images)
    for file, key in keys.items():
        cached = finished.read(folder, key)
        if cached is None:
            jobs[key] = (settings.assets / file, digests[key])
        else:
            renditions[key] = cached
    if jobs:
        folder.mkdir(parents=True, exist_ok=True)
        for key, result in _render_all(jobs, folder, settings).items():
            renditions[key] = result
            if isinstance(result, Rendition):
                finished.add(folder, key, result)
    finished.save()
    del finished  # before the index is made: the two would be at their largest together

    def photo(file: str, caption: str, declared: _Declared) -> MediaPhoto | None:
        key = keys.get(file)
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
        return MediaPhoto(caption, key, result, settings.images.formats)

    index = MediaIndex()
    for name, photos in owners:
        if name not in index.by_declaration:
            index.by_declaration[name] = [p for args in photos if (p := photo(*args)) is not None]
    if "badge" in emblems and (badge := photo(*emblems["badge"])) is not None:
        index.badge = _small_file(badge, folder, "badge", images.small_logo, BADGE, ".webp")
        shown = BADGE // 2
        index.badge_size = (max(1, round(badge.rendition.width * shown / badge.rendition.height)),
                            shown)
    if logo := emblems.get("logo"):
        index.logo = photo(*logo)
        index.header_logo, index.icon, index.header_logo_size = _logo_files(index.logo, folder)
        if index.logo is not None and min(index.logo.rendition.width,
                                          index.logo.rendition.height) < HEADER_LOGO:
            size = f"{index.logo.rendition.width}×{index.logo.rendition.height}"
            ctx.problem(logo[2], "logo-small",
                        f"标志 {ctx.shown(logo[0])} 只有 {size} 像素，在手机屏幕上会发虚。",
                        f"换一张长宽都至少 {HEADER_LOGO} 像素（最好 200 像素以上）的标志图片，"
                        "透明背景的 PNG 最好。", Severity.WARNING)
    files = PublishedPhotos(renditions, folder)
    removed = _remove_unused(folder, renditions)
    stats = MediaStats(processed=len(jobs), reused=len(renditions) - len(jobs), removed=removed)
    return index, files, ctx.problems, stats


HEADER_LOGO = 96  # px high: the header shows the logo 24 CSS px high, the phone menu 48
ICON = 64  # px square: a browser tab's icon at three times its size, a bookmark's
BADGE = 120  # px high: the footer shows the 党政机关网站标识 60 CSS px high
LOGO_FILES = 1  # the version of how these are made (images.small_logo, images.square_icon)


def _logo_files(logo: MediaPhoto | None, folder: Path
                ) -> tuple[VirtualFile | None, VirtualFile | None, tuple[int, int] | None]:
    """The logo for every page's header (a small WebP, with its size, for <img width height>)
    and as the site's icon (a square PNG)."""
    if logo is None:
        return None, None, None
    header = _small_file(logo, folder, "logo", images.small_logo, HEADER_LOGO, ".webp")
    icon = _small_file(logo, folder, "icon", images.square_icon, ICON, ".png")
    if header is None or icon is None or header.source is None:
        return None, None, None
    try:
        size = images.pixel_size(Path(header.source))
    except OSError:  # the cache changed under the build: Material's defaults stay
        return None, None, None
    return header, icon, size


def _small_file(photo: MediaPhoto, folder: Path, kind: str,
                make: Callable[[Path, Path, int], None], size: int,
                suffix: str) -> VirtualFile | None:
    """A small image made once from a photo's rendition and kept in its folder, so it goes
    when the photo does; published under a digest of its bytes, as every file of media/ is."""
    source = folder / photo.key / f"{photo.candidates('all', 'webp')[0].width}.webp"
    target = folder / photo.key / f"{kind}-{size}-{LOGO_FILES}{suffix}"
    try:
        if not target.exists():
            make(source, target, size)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()[:16]
    except OSError:  # the cache changed under the build: shown without it
        return None
    return VirtualFile(f"media/{digest}-{kind}{suffix}", source=target)


# -- the cover sheet ---------------------------------------------------------------------------
#
# The home page opens on a tile per section, each with a photo. Twelve photos would be twelve
# requests before a phone has shown its first screen (the budget is 15 in all); drawn one
# under the other into one image they are one, each tile showing its cell as a background.

COVER_CELL = (400, 300)  # px: a tile is at most 200 CSS px wide on a 2x phone, 400 on a desktop
COVER_VERSION = 1  # of how a sheet is drawn (images.cover_sheet)


@dataclass(frozen=True)
class CoverSheet:
    """Photos in one image, one cell under the other, each cell named by what it covers."""

    file: VirtualFile
    keys: tuple[str, ...]  # what each cell covers (e.g. a collection's key), top to bottom

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


def cover_sheet(covers: Sequence[tuple[str, MediaPhoto]], settings: MediaSettings
                ) -> CoverSheet | None:
    """The cover sheet of `covers` ((what it covers, photo) in order), made once and kept in
    the cache (covers/, the newest only) under a digest of the photos it shows and how; None
    when there is nothing to cover."""
    if not covers:
        return None
    folder = settings.cache / "images"
    quality = settings.images.webp_quality
    name = hashlib.sha256(json.dumps(
        [COVER_VERSION, COVER_CELL, quality, [photo.key for _, photo in covers]]).encode()
    ).hexdigest()[:16]
    target = settings.cache / "covers" / f"{name}.webp"
    sources = [folder / p.key / f"{_narrowest(p, COVER_CELL[0])}.webp" for _, p in covers]
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            images.cover_sheet(sources, target, COVER_CELL, quality)
            for other in target.parent.iterdir():  # only the newest sheet is kept
                if other != target:
                    other.unlink(missing_ok=True)
    except OSError:  # the cache changed under the build: tiles without photos
        return None
    return CoverSheet(VirtualFile(f"media/{name}-covers.webp", source=target),
                      tuple(key for key, _ in covers))


def _narrowest(photo: MediaPhoto, width: int) -> int:
    """Width of the narrowest WebP variant at least `width` wide (or the widest there is)."""
    widths = [p.width for p in photo.candidates("all", "webp")]
    return next((w for w in widths if w >= width), widths[-1])


def _keys(ctx: _Context, photos: list[_Photo]) -> tuple[dict[str, str], dict[str, str]]:
    """The cache key of every photo that can be read, by its file relative to assets/; and
    the digest of the bytes each key was made from."""
    settings = ctx.settings
    hashes = _SourceHashes(settings.cache / "images" / "sources.pickle")
    keys: dict[str, str] = {}
    digests: dict[str, str] = {}
    fingerprint = settings.images.fingerprint()
    for file, _caption, declared in photos:
        if file in keys:
            continue
        try:
            digest = hashes.digest(settings.assets, file)
            keys[file] = key = _key(digest, fingerprint)
            digests[key] = digest
        except OSError as error:
            shown = ctx.shown(file)
            ctx.problem(declared, "photo-unreadable",
                        f"照片 {shown} 无法读取（{error.strerror}）。",
                        "检查文件是否被其他程序占用或没有读取权限。")
    hashes.save()
    return keys, digests


class PublishedPhotos(LazyFiles):
    """Every variant file the site publishes, made as it is asked for."""

    def __init__(self, renditions: dict[str, Rendition | RenderError], folder: Path) -> None:
        self._root = str(folder)
        # a photo's variants, not its whole rendition: photos of one size share them, and
        # this list lives until the site is swapped in
        self._done = [(key, r.variants) for key in sorted(renditions)
                      if isinstance(r := renditions[key], Rendition)]
        self._count = sum(len(variants) for _, variants in self._done)

    def __iter__(self) -> Iterator[VirtualFile]:
        root = self._root
        for key, variants in self._done:
            for v in variants:
                yield VirtualFile(f"media/{key}-{v.width}.{v.extension}",
                                  source=f"{root}/{key}/{v.file}")

    def __len__(self) -> int:
        return self._count
