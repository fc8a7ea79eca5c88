"""Render the sample site's photos procedurally, so the bundled site ships no real photographs.

Reads every YAML file under content/, collects each declared photo (any `photos:` list, entries
being a path string or a mapping with `file` and optional `caption`), the top-level `logo`,
any `wechat_qr` (a 公众号 QR code) and any person's `portrait`, and draws a flat-illustration
landscape (a faceless head-and-shoulders figure for a portrait) for each file that does not
exist yet under assets/. The scene is picked from keywords in the caption and the path.
A QR code says, when scanned, that it is a made-up sample.

Output is deterministic: every picture is drawn with a `random.Random` seeded from a hash of its
path, so the same declarations always give byte-identical files. Existing files are never
touched unless --force is given, so real photos dropped in later are safe.

Two photos are stored the way phones store portrait shots (landscape pixels plus EXIF
Orientation=6) and five carry a GPS block, to exercise the image pipeline.

Usage, from the project root:
    python tools/make_sample_photos.py [--force] [--content content] [--assets assets]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import os
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import segno
import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from PIL.TiffImagePlugin import IFDRational

RGB = tuple[int, int, int]
Point = tuple[float, float]

PHOTO_SIZE = (1600, 1200)
LOGO_SIZE = 512
QR_SCALE = 10  # px a module: 430 px for the sample's, the middle size 公众号 backends offer
QR_TEXT = "示例二维码：{name}（虚构的公众号，仅作演示）"
SUPERSAMPLE = 2
JPEG_OPTIONS: dict[str, Any] = {"quality": 82, "optimize": True, "progressive": True}
JPEG_SUFFIXES = {".jpg", ".jpeg"}
RASTER_SUFFIXES = JPEG_SUFFIXES | {".png", ".webp"}
MAX_BYTES = 150_000  # the grain is lowered until a photo fits
GRAIN_LEVELS = (8, 7, 6, 5, 4, 3, 2, 1, 0)  # ± grey levels of per-pixel grain, strongest first
BLOTCH = 3  # ± grey levels of the soft, large-scale mottling
PORTRAIT_COUNT = 2
EXTRA_GPS_COUNT = 3
PORTRAIT_MARK = "竖"
BASE_GPS = (25.45, 118.75)

TAG_ORIENTATION = 0x0112
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
TAG_DATETIME_ORIGINAL = 0x9003

# Checked in this order; the first scene with a keyword in the text wins. "基地" alone is weak
# (a 脐橙种植基地 is an orchard), so it is listed again after the specific scenes.
SCENE_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("festival", ("文化节", "节", "活动", "庆", "灯会", "赛")),
    ("red", ("红色", "讲习", "党", "纪念", "革命", "烈士", "初心", "誓")),
    ("camping", ("露营", "营地", "帐篷", "野营")),
    ("homestay", ("民宿", "酒店", "客栈", "农家", "山庄")),
    ("buildings", ("寨", "堡", "古", "街", "建筑", "祠", "厝", "巷", "老屋", "宅", "楼")),
    ("orchard", ("枇杷", "脐橙", "橄榄", "橙", "果园", "果")),
    ("forest", ("竹", "林", "菇", "森")),
    ("terraces", ("梯田", "茶", "田", "地瓜", "番薯", "薯")),
    ("river", ("漂流", "溪", "河", "江", "水", "瀑", "潭", "湖")),
    ("red", ("基地",)),
    ("mountains", ("山", "慢城", "远眺", "云", "峰")),
]

FRUIT_COLOURS: list[tuple[str, RGB]] = [
    ("枇杷", (246, 176, 38)),
    ("橙", (252, 128, 24)),
    ("橄榄", (168, 196, 64)),
]
DEFAULT_FRUIT: RGB = (244, 150, 40)

SKIES: list[tuple[RGB, RGB]] = [
    ((86, 160, 222), (214, 236, 246)),
    ((116, 180, 232), (250, 226, 194)),
    ((100, 156, 214), (255, 222, 178)),
    ((132, 194, 238), (232, 245, 236)),
]
FAR_HILL: RGB = (140, 174, 196)
NEAR_HILL: RGB = (62, 124, 74)
LEAF: RGB = (40, 104, 52)
TREE_GREENS: list[RGB] = [(36, 98, 50), (96, 160, 66), (124, 178, 76), (50, 112, 44)]
TRUNK: RGB = (112, 80, 54)
ROOF: RGB = (58, 62, 70)
WALL: RGB = (246, 243, 234)
STONE: RGB = (150, 150, 146)
LANTERN: RGB = (214, 36, 32)
GOLD: RGB = (246, 196, 66)
PARTY_RED: RGB = (204, 22, 28)
WHITE: RGB = (255, 255, 255)


# ---- declarations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """One picture some YAML file asks for."""

    file: str  # relative to assets/, POSIX style
    caption: str = ""
    context: str = ""  # `name` of the nearest enclosing mapping, a weak hint for the scene
    logo: bool = False
    qr: str = ""  # a 公众号 QR code: the account's name
    badge: bool = False  # the footer's 党政机关网站标识 (a stand-in: the real one is issued)
    face: bool = False  # a person's portrait


def read_yaml_files(content: Path) -> Iterator[tuple[Path, Any]]:
    """Yield (path, data) for every YAML file under `content`, in a stable order."""
    files = sorted(p for p in content.rglob("*") if p.suffix in {".yaml", ".yml"})
    for path in files:
        try:
            yield path, yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            print(f"warning: skipped {path}: {error}", file=sys.stderr)


def photo_entries(node: Any, context: str) -> Iterator[Declaration]:
    """Every photo declared anywhere inside `node`."""
    if isinstance(node, list):
        for child in node:
            yield from photo_entries(child, context)
        return
    if not isinstance(node, dict):
        return
    name = node.get("name")
    context = name if isinstance(name, str) else context
    for key, value in node.items():
        if key == "photos" and isinstance(value, list):
            yield from (d for entry in value if (d := as_declaration(entry, context)))
        elif key == "wechat_qr" and isinstance(value, str):
            account = node.get("wechat")
            yield Declaration(value.strip(), context=context,
                              qr=account if isinstance(account, str) else context or "公众号")
        elif key == "portrait" and isinstance(value, str):
            yield Declaration(value.strip(), context=context, face=True)
        elif key != "photos":
            yield from photo_entries(value, context)


def as_declaration(entry: Any, context: str) -> Declaration | None:
    if isinstance(entry, str):
        return Declaration(entry.strip(), context=context)
    if isinstance(entry, dict) and isinstance(entry.get("file"), str):
        caption = entry.get("caption")
        caption = caption.strip() if isinstance(caption, str) else ""
        return Declaration(entry["file"].strip(), caption, context)
    return None


def collect_declarations(content: Path) -> list[Declaration]:
    """All declarations, one per file (the first that has a caption wins), sorted by file."""
    found: dict[str, Declaration] = {}
    for _, data in read_yaml_files(content):
        decls = list(photo_entries(data, ""))
        if isinstance(data, dict) and isinstance(data.get("logo"), str):
            decls.append(Declaration(data["logo"].strip(), logo=True))
        footer = data.get("footer") if isinstance(data, dict) else None
        if isinstance(footer, dict) and isinstance(footer.get("badge"), str):
            decls.append(Declaration(footer["badge"].strip(), badge=True))
        for decl in decls:
            if not safe_relative(decl.file):
                print(f"warning: skipped unsafe path {decl.file!r}", file=sys.stderr)
                continue
            old = found.get(decl.file)
            if (old is None or (not old.caption and decl.caption) or decl.logo or decl.qr
                    or decl.badge or decl.face):
                found[decl.file] = decl
    return [found[key] for key in sorted(found)]


def safe_relative(file: str) -> bool:
    """Only paths that stay inside assets/."""
    path = PurePosixPath(file)
    return bool(file) and not path.is_absolute() and ".." not in path.parts and "\\" not in file


# ---- scene choice and EXIF plan --------------------------------------------------------


def scene_for(decl: Declaration) -> str:
    """The scene for a photo: caption first, then file name, folders, enclosing item."""
    path = PurePosixPath(decl.file)
    for text in (decl.caption, path.stem, str(path.parent), decl.context):
        for scene, words in SCENE_KEYWORDS:
            if any(word in text for word in words):
                return scene
    return "mountains"


def path_hash(file: str) -> bytes:
    return hashlib.sha1(file.encode("utf-8")).digest()


def rng_for(file: str, purpose: str = "") -> random.Random:
    digest = hashlib.sha256(f"{file}\0{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def is_marked_portrait(decl: Declaration) -> bool:
    return PORTRAIT_MARK in decl.caption or PORTRAIT_MARK in PurePosixPath(decl.file).name


def exif_plan(decls: list[Declaration]) -> tuple[set[str], set[str]]:
    """(portrait files, GPS files) among the JPEG photos, chosen from the whole set."""
    jpegs = [d for d in decls if not d.logo and not d.face and PurePosixPath(d.file).suffix.lower()
             in JPEG_SUFFIXES]
    by_hash = sorted(jpegs, key=lambda d: path_hash(d.file))
    portrait = {d.file for d in jpegs if is_marked_portrait(d)}
    for decl in by_hash:
        if len(portrait) >= PORTRAIT_COUNT:
            break
        portrait.add(decl.file)
    others = [d.file for d in by_hash if d.file not in portrait]
    return portrait, portrait | set(others[:EXTRA_GPS_COUNT])


# ---- colour and geometry helpers -------------------------------------------------------


def mix(a: RGB, b: RGB, t: float) -> RGB:
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def shade(colour: RGB, amount: float) -> RGB:
    """Darken (amount < 0) or lighten (amount > 0)."""
    return mix(colour, (0, 0, 0) if amount < 0 else WHITE, abs(amount))


def grey_jitter(colour: RGB, rng: random.Random, amount: int) -> RGB:
    delta = rng.randint(-amount, amount)
    r, g, b = (max(0, min(255, c + delta)) for c in colour)
    return (r, g, b)


def tree_green(rng: random.Random) -> RGB:
    """A crown colour that stands out against the hills."""
    return jitter(rng.choice(TREE_GREENS), rng, 8)


def jitter(colour: RGB, rng: random.Random, amount: int = 12) -> RGB:
    r, g, b = (max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)
    return (r, g, b)


def alpha(colour: RGB, value: int) -> tuple[int, int, int, int]:
    return (*colour, value)


def y_at(points: list[Point], x: float) -> float:
    """Height of a left-to-right polyline at x."""
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= x <= x1:
            return y0 + (y1 - y0) * ((x - x0) / (x1 - x0) if x1 > x0 else 0.0)
    return points[-1][1] if x > points[-1][0] else points[0][1]


def jagged(rng: random.Random, n: int = 64, rough: float = 0.55) -> list[float]:
    """Midpoint displacement profile, n+1 values normalised to [-1, 1]."""
    ys = [0.0] * (n + 1)
    ys[0], ys[n] = rng.uniform(-1, 1), rng.uniform(-1, 1)
    step, scale = n, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            ys[i] = (ys[i - half] + ys[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * rough
    top = max(abs(v) for v in ys) or 1.0
    return [v / top for v in ys]


def waves(rng: random.Random, n: int = 80, count: int = 3) -> list[float]:
    """Smooth rolling profile, n+1 values roughly in [-1, 1]."""
    parts = [(rng.uniform(0.5, 1.0) / (k + 1), rng.uniform(0.6, 1.4) * (k + 1),
              rng.uniform(0, math.tau)) for k in range(count)]
    total = sum(p[0] for p in parts)
    return [sum(a * math.sin(f * math.pi * i / n + p) for a, f, p in parts) / total
            for i in range(n + 1)]


# ---- canvas ----------------------------------------------------------------------------


@dataclass
class Canvas:
    img: Image.Image
    rng: random.Random
    text: str
    sky: tuple[RGB, RGB]

    def __post_init__(self) -> None:
        self.draw = ImageDraw.Draw(self.img, "RGBA")

    @property
    def w(self) -> int:
        return self.img.width

    @property
    def h(self) -> int:
        return self.img.height

    def profile(self, values: list[float], base: float, amp: float,
                valley: tuple[float, float] | None = None) -> list[Point]:
        """Turn a profile into points across the width; `valley` = (centre x, depth)."""
        n = len(values) - 1
        points = []
        for i, v in enumerate(values):
            x = self.w * i / n
            y = base - amp * v
            if valley:
                y -= valley[1] * (abs(x - valley[0]) / (self.w / 2)) ** 1.3
            points.append((x, y))
        return points

    def fill_below(self, points: list[Point], colour: RGB) -> None:
        self.draw.polygon([*points, (self.w, self.h + 2), (0, self.h + 2)], fill=colour)

    def gradient(self, box: tuple[int, int, int, int], top: RGB, bottom: RGB,
                 shape: Callable[[ImageDraw.ImageDraw], None] | None = None) -> None:
        """Vertical gradient in `box`; `shape` draws a mask in image coordinates."""
        x0, y0, x1, y1 = box
        size = (max(1, x1 - x0), max(1, y1 - y0))
        ramp = Image.linear_gradient("L").resize(size)
        fill = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)
        mask = None
        if shape:
            full = Image.new("L", self.img.size, 0)
            shape(ImageDraw.Draw(full))
            mask = full.crop(box)
        self.img.paste(fill, (x0, y0), mask)

    def mist(self, y0: float, y1: float, colour: RGB, strength: int) -> None:
        """Haze that thickens from nothing at y0 to `strength` at y1 and stays to the bottom."""
        top, full = int(y0), max(int(y0) + 1, int(y1))
        ramp = Image.linear_gradient("L").resize((self.w, full - top))
        mask = Image.new("L", (self.w, self.h - top), strength)
        mask.paste(ramp.point(lambda v: v * strength // 255), (0, 0))
        self.img.paste(colour, (0, top, self.w, self.h), mask)

    def soft_shape(self, box: tuple[float, float, float, float], colour: RGB, opacity: int,
                   draw: Callable[[ImageDraw.ImageDraw, float, float], None],
                   blur: float = 0) -> None:
        """Draw a shape into its own mask, then paste it with uniform opacity."""
        x0, y0, x1, y1 = (int(v) for v in box)
        mask = Image.new("L", (max(1, x1 - x0), max(1, y1 - y0)), 0)
        draw(ImageDraw.Draw(mask), -x0, -y0)
        if blur:
            mask = mask.filter(ImageFilter.GaussianBlur(blur))
        mask = mask.point(lambda v: v * opacity // 255)
        self.img.paste(colour, (x0, y0, x0 + mask.width, y0 + mask.height), mask)


# ---- shared elements -------------------------------------------------------------------


def paint_sky(c: Canvas, horizon: float) -> None:
    top, bottom = c.sky
    c.gradient((0, 0, c.w, int(c.h * horizon)), top, bottom)
    c.draw.rectangle((0, int(c.h * horizon), c.w, c.h), fill=bottom)


def paint_sun(c: Canvas, x: float, y: float, r: float) -> None:
    g = r * 3.2

    def glow(d: ImageDraw.ImageDraw, dx: float, dy: float) -> None:
        d.ellipse((x - r * 1.9 + dx, y - r * 1.9 + dy, x + r * 1.9 + dx, y + r * 1.9 + dy),
                  fill=255)

    c.soft_shape((x - g, y - g, x + g, y + g), (255, 240, 190), 140, glow, blur=r * 0.7)
    c.draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 222, 120))
    c.draw.ellipse((x - r * 0.8, y - r * 0.8, x + r * 0.8, y + r * 0.8), fill=(255, 234, 160))


def paint_cloud(c: Canvas, x: float, y: float, s: float) -> None:
    bumps = [(-0.55, 0.0, 0.42), (0.0, -0.22, 0.55), (0.5, -0.05, 0.42), (0.95, 0.1, 0.3),
             (-0.95, 0.12, 0.28)]

    def shape(d: ImageDraw.ImageDraw, dx: float, dy: float) -> None:
        d.rounded_rectangle((x - s * 1.2 + dx, y + dy, x + s * 1.2 + dx, y + s * 0.42 + dy),
                            radius=s * 0.2, fill=255)
        for bx, by, br in bumps:
            cx, cy, rr = x + bx * s + dx, y + by * s + s * 0.1 + dy, br * s
            d.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=255)

    c.soft_shape((x - s * 1.4, y - s * 1.0, x + s * 1.4, y + s * 0.6), WHITE, 225, shape)


def paint_clouds(c: Canvas, count: int, band: tuple[float, float] = (0.06, 0.3)) -> None:
    for i in range(count):
        x = c.w * (i + c.rng.uniform(0.15, 0.85)) / count
        y = c.h * c.rng.uniform(*band)
        paint_cloud(c, x, y, c.w * c.rng.uniform(0.05, 0.09))


def paint_birds(c: Canvas, count: int) -> None:
    cx, cy = c.w * c.rng.uniform(0.2, 0.8), c.h * c.rng.uniform(0.12, 0.25)
    for _ in range(count):
        x, y = cx + c.rng.uniform(-0.1, 0.1) * c.w, cy + c.rng.uniform(-0.05, 0.05) * c.h
        s = c.w * c.rng.uniform(0.006, 0.011)
        c.draw.line([(x - s, y - s * 0.5), (x, y), (x + s, y - s * 0.5)], fill=(60, 70, 80),
                    width=max(2, int(s * 0.25)), joint="curve")


def paint_ridges(c: Canvas, count: int, top: float, bottom: float, *, smooth: bool = False,
                 valley: tuple[float, float] | None = None, near: RGB = NEAR_HILL,
                 tall: float = 0.11, haze_strength: int = 130) -> list[Point]:
    """Layered hills from far (pale, hazy) to near (green); returns the nearest ridge."""
    far = mix(c.sky[1], FAR_HILL, 0.7)
    haze = mix(c.sky[1], WHITE, 0.3)
    points: list[Point] = []
    for i in range(count):
        t = i / max(1, count - 1)
        base = c.h * (top + (bottom - top) * t)
        amp = c.h * (tall - (tall - 0.05) * t)
        values = waves(c.rng) if smooth or i == count - 1 else jagged(c.rng)
        depth = valley[1] * c.h * (0.6 + t) if valley else 0
        points = c.profile(values, base, amp, (valley[0] * c.w, depth) if valley else None)
        c.fill_below(points, mix(far, near, t ** 0.9))
        if i < count - 1:
            c.mist(base - amp * 0.3, base + c.h * 0.04, haze, haze_strength)
    return points


def paint_round_tree(c: Canvas, x: float, y: float, r: float, leaf: RGB = LEAF) -> None:
    c.draw.ellipse((x - r * 0.9, y - r * 0.18, x + r * 0.9, y + r * 0.18),
                   fill=(20, 50, 20, 60))
    c.draw.rectangle((x - r * 0.11, y - r * 1.0, x + r * 0.11, y), fill=TRUNK)
    cy = y - r * 1.65
    c.draw.ellipse((x - r, cy - r, x + r, cy + r), fill=leaf)
    light = shade(leaf, 0.12)
    c.draw.ellipse((x - r * 0.7, cy - r * 0.8, x + r * 0.1, cy - r * 0.05), fill=light)


def paint_pine(c: Canvas, x: float, y: float, height: float, leaf: RGB) -> None:
    c.draw.rectangle((x - height * 0.03, y - height * 0.2, x + height * 0.03, y), fill=TRUNK)
    for k in range(3):
        base = y - height * (0.15 + 0.25 * k)
        half = height * (0.3 - 0.07 * k)
        tip = base - height * 0.42
        c.draw.polygon([(x - half, base), (x + half, base), (x, tip)], fill=shade(leaf, 0.06 * k))
        c.draw.polygon([(x, tip), (x + half, base), (x, base)], fill=shade(leaf, -0.12))


def paint_trees_on(c: Canvas, ridge: list[Point], count: int, size: float,
                   pines: bool = False) -> None:
    for _ in range(count):
        x = c.rng.uniform(0, c.w)
        y = y_at(ridge, x) + c.h * c.rng.uniform(0.01, 0.05)
        leaf = tree_green(c.rng)
        if pines:
            paint_pine(c, x, y, c.h * size * c.rng.uniform(0.8, 1.3), shade(leaf, -0.15))
        else:
            paint_round_tree(c, x, y, c.h * size * c.rng.uniform(0.5, 0.8), leaf)


def paint_flowers(c: Canvas, y0: float, count: int, colours: tuple[RGB, ...]) -> None:
    for _ in range(count):
        x, y = c.rng.uniform(0, c.w), c.rng.uniform(y0, c.h)
        r = c.w * 0.002 * (1 + 2.5 * (y - y0) / (c.h - y0))
        c.draw.ellipse((x - r, y - r, x + r, y + r), fill=c.rng.choice(colours))


def paint_ground(c: Canvas, y0: float, far: RGB, near: RGB) -> None:
    c.gradient((0, int(y0), c.w, c.h), far, near)


def parabola(x0: float, x1: float, y: float, sag: float, n: int) -> list[Point]:
    return [(x0 + (x1 - x0) * i / n, y + sag * (1 - (2 * i / n - 1) ** 2)) for i in range(n + 1)]


# ---- buildings -------------------------------------------------------------------------


def paint_roof(c: Canvas, x0: float, x1: float, y: float, height: float) -> None:
    """Dark tiled roof with upturned eaves over the span x0..x1 whose eave is at y."""
    over = (x1 - x0) * 0.07
    ridge_y = y - height
    c.draw.polygon([(x0 - over, y), (x1 + over, y), (x1 - over, ridge_y), (x0 + over, ridge_y)],
                   fill=ROOF)
    for k in range(1, 6):  # tile courses
        f = k / 6
        yy = ridge_y + height * f
        c.draw.line([(x0 + over - 2 * over * f, yy), (x1 - over + 2 * over * f, yy)],
                    fill=shade(ROOF, 0.12), width=max(1, int(height * 0.03)))
    tip = height * 0.35
    c.draw.polygon([(x0 - over, y), (x0 - over * 1.8, y - tip), (x0, y - height * 0.12)],
                   fill=ROOF)
    c.draw.polygon([(x1 + over, y), (x1 + over * 1.8, y - tip), (x1, y - height * 0.12)],
                   fill=ROOF)
    c.draw.rectangle((x0 + over * 0.6, ridge_y - height * 0.1, x1 - over * 0.6, ridge_y),
                     fill=shade(ROOF, -0.2))


def paint_windows(c: Canvas, box: tuple[float, float, float, float], cols: int, rows: int,
                  lit: bool) -> None:
    x0, y0, x1, y1 = box
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    colour = (255, 210, 120) if lit else (70, 62, 58)
    for i in range(cols):
        for j in range(rows):
            wx, wy = x0 + cw * (i + 0.3), y0 + rh * (j + 0.25)
            c.draw.rectangle((wx, wy, wx + cw * 0.4, wy + rh * 0.45), fill=colour)
            c.draw.line([(wx + cw * 0.2, wy), (wx + cw * 0.2, wy + rh * 0.45)],
                        fill=(110, 82, 60), width=max(1, int(cw * 0.04)))


def paint_house(c: Canvas, x: float, y: float, width: float, height: float,
                lit: bool = False) -> None:
    """White-walled house with a dark roof, ground line at y."""
    top = y - height
    c.draw.rectangle((x, top, x + width, y), fill=jitter(WALL, c.rng, 4))
    c.draw.rectangle((x + width * 0.7, top, x + width, y), fill=shade(WALL, -0.06))
    c.draw.rectangle((x, y - height * 0.1, x + width, y), fill=STONE)
    door = width * 0.14
    c.draw.rectangle((x + width / 2 - door / 2, y - height * 0.45, x + width / 2 + door / 2, y),
                     fill=(120, 70, 44))
    rows = max(1, round(height / width * 2))
    paint_windows(c, (x + width * 0.06, top + height * 0.12, x + width * 0.94,
                      y - height * 0.5), 4, rows, lit)
    paint_roof(c, x, x + width, top, height * 0.32)


def paint_gabled_house(c: Canvas, x: float, y: float, width: float, height: float) -> None:
    """Huizhou-style house: white wall with stepped 'horse-head' gables capped in black."""
    top = y - height
    c.draw.rectangle((x, top, x + width, y), fill=jitter(WALL, c.rng, 4))
    c.draw.rectangle((x, y - height * 0.08, x + width, y), fill=STONE)
    step_w, step_h = width * 0.12, height * 0.14
    paint_roof(c, x + step_w * 0.5, x + width - step_w * 0.5, top + step_h * 0.4, step_h * 1.6)
    cap = step_h * 0.22
    for k in range(3):
        for left in (x + step_w * k, x + width - step_w * (k + 1)):
            ty = top - step_h * k
            c.draw.rectangle((left, ty, left + step_w, top + cap), fill=WALL)
            c.draw.polygon([(left - cap, ty), (left + step_w + cap, ty),
                            (left + step_w, ty - cap), (left, ty - cap)], fill=ROOF)
    c.draw.rectangle((x + width * 0.42, y - height * 0.42, x + width * 0.58, y),
                     fill=(92, 56, 38))
    paint_windows(c, (x + width * 0.1, top + height * 0.15, x + width * 0.36,
                      top + height * 0.45), 1, 1, False)
    paint_windows(c, (x + width * 0.64, top + height * 0.15, x + width * 0.9,
                      top + height * 0.45), 1, 1, False)


def paint_street(c: Canvas, y: float, scale: float) -> None:
    """A row of mixed houses along the ground line y."""
    x = -c.w * 0.03
    while x < c.w:
        width = c.w * scale * c.rng.uniform(0.8, 1.2)
        height = width * c.rng.uniform(0.55, 0.8)
        if c.rng.random() < 0.45:
            paint_gabled_house(c, x, y, width, height * 1.1)
        else:
            paint_house(c, x, y, width, height)
        x += width * c.rng.uniform(1.05, 1.35)


def paint_fort_wall(c: Canvas, x0: float, x1: float, y: float, height: float) -> None:
    """Rammed-earth fort wall on a stone footing, with loopholes, a gate and a roof."""
    top = y - height
    c.gradient((int(x0), int(top), int(x1), int(y)), (222, 200, 160), (196, 170, 128))
    foot = y - height * 0.32
    c.draw.rectangle((x0, foot, x1, y), fill=STONE)
    for _ in range(int((x1 - x0) / c.w * 90)):
        sx, sy = c.rng.uniform(x0, x1), c.rng.uniform(foot, y)
        sw, sh = height * c.rng.uniform(0.05, 0.1), height * c.rng.uniform(0.03, 0.06)
        c.draw.rounded_rectangle((sx, sy, min(x1, sx + sw), min(y, sy + sh)),
                                 radius=sh * 0.4, fill=grey_jitter(STONE, c.rng, 24))
    for i in range(int((x1 - x0) / (height * 0.35))):
        wx = x0 + height * (0.2 + 0.35 * i)
        c.draw.rectangle((wx, top + height * 0.18, wx + height * 0.05, top + height * 0.28),
                         fill=(70, 56, 48))
    mid, gate = (x0 + x1) / 2, height * 0.2
    c.draw.rectangle((mid - gate * 1.2, y - height * 0.52, mid + gate * 1.2, y), fill=(170, 164,
                                                                                        156))
    c.draw.rounded_rectangle((mid - gate, y - height * 0.48, mid + gate, y), radius=gate * 0.9,
                             fill=(96, 58, 40))
    paint_roof(c, x0, x1, top, height * 0.12)


# ---- scenes ----------------------------------------------------------------------------


def scene_mountains(c: Canvas) -> None:
    paint_sky(c, 0.7)
    paint_sun(c, c.w * c.rng.uniform(0.15, 0.85), c.h * c.rng.uniform(0.14, 0.26), c.w * 0.05)
    paint_clouds(c, 3)
    near = paint_ridges(c, 5, 0.4, 0.88, tall=0.2, haze_strength=110)
    paint_trees_on(c, near, 12, 0.09, pines=True)
    paint_birds(c, 5)


def scene_orchard(c: Canvas) -> None:
    horizon = c.h * 0.5
    paint_sky(c, 0.55)
    paint_sun(c, c.w * c.rng.uniform(0.6, 0.9), c.h * 0.16, c.w * 0.045)
    paint_clouds(c, 3, (0.05, 0.22))
    paint_ridges(c, 3, 0.38, 0.5, smooth=True, near=(120, 168, 92))
    paint_ground(c, horizon, (170, 204, 110), (96, 160, 70))
    vx = c.w * c.rng.uniform(0.4, 0.6)
    spacing = c.w * 0.3
    for i in range(-7, 8):  # stripes of grass between the rows, converging on the horizon
        xa, xb = vx + (i - 0.5) * spacing, vx + (i + 0.5) * spacing
        colour = (126, 182, 84) if i % 2 else (110, 168, 74)
        c.draw.polygon([(vx, horizon), (xa, c.h), (xb, c.h)], fill=colour)
    fruit = next((col for word, col in FRUIT_COLOURS if word in c.text), DEFAULT_FRUIT)
    trees = [(1 / (0.9 + 0.75 * j), i) for j in range(11) for i in range(-6, 7)]
    for d, i in sorted(trees):
        x = vx + i * spacing * d
        y = horizon + (c.h - horizon) * d
        paint_fruit_tree(c, x, y, c.w * 0.085 * d, fruit)


def paint_fruit_tree(c: Canvas, x: float, y: float, r: float, fruit: RGB) -> None:
    if x < -r * 2 or x > c.w + r * 2:
        return
    leaf = jitter((50, 118, 56), c.rng, 10)
    paint_round_tree(c, x, y, r, leaf)
    cy = y - r * 1.65
    for _ in range(14 if r > c.w * 0.01 else 0):
        a, dist = c.rng.uniform(0, math.tau), r * 0.85 * math.sqrt(c.rng.random())
        fx, fy, fr = x + dist * math.cos(a), cy + dist * math.sin(a), max(1.0, r * 0.085)
        c.draw.ellipse((fx - fr, fy - fr, fx + fr, fy + fr), fill=jitter(fruit, c.rng, 10))
        c.draw.ellipse((fx - fr * 0.5, fy - fr * 0.6, fx, fy - fr * 0.1), fill=shade(fruit, 0.4))


def scene_river(c: Canvas) -> None:
    paint_sky(c, 0.6)
    paint_sun(c, c.w * c.rng.uniform(0.1, 0.35), c.h * 0.15, c.w * 0.045)
    paint_clouds(c, 3)
    vx = c.rng.uniform(0.4, 0.6)
    near = paint_ridges(c, 4, 0.36, 0.56, valley=(vx, -0.12))
    top = y_at(near, vx * c.w) + c.h * 0.01
    edges = river_edges(c, vx * c.w, top)
    c.gradient((0, int(top), c.w, c.h), (190, 226, 236), (64, 150, 176),
               lambda d: d.polygon(edges, fill=255))
    paint_ripples(c, edges, top)
    paint_bank_trees(c, edges, top)
    if "漂流" in c.text or c.rng.random() < 0.3:
        paint_rafts(c, edges, top)


def river_centre(c: Canvas, vx: float, top: float, t: float, phase: float) -> tuple[float, float,
                                                                                       float]:
    """(x, y, half width) of the river at depth t (0 far .. 1 near)."""
    y = top + (c.h - top) * t ** 1.3
    x = vx + c.w * 0.16 * t * math.sin(t * 4.2 + phase)
    return x, y, c.w * (0.006 + 0.34 * t ** 1.5)


def river_edges(c: Canvas, vx: float, top: float) -> list[Point]:
    phase = c.rng.uniform(0, math.tau)
    samples = [river_centre(c, vx, top, i / 40, phase) for i in range(41)]
    left = [(x - hw, y) for x, y, hw in samples]
    right = [(x + hw, y) for x, y, hw in reversed(samples)]
    return left + right


def river_span(edges: list[Point], y: float) -> tuple[float, float]:
    n = len(edges) // 2
    left, right = edges[:n], list(reversed(edges[n:]))
    k = next((i for i, p in enumerate(left) if p[1] >= y), n - 1)
    return left[k][0], right[k][0]


def paint_ripples(c: Canvas, edges: list[Point], top: float) -> None:
    for _ in range(70):
        y = top + (c.h - top) * c.rng.random() ** 0.7
        x0, x1 = river_span(edges, y)
        if x1 - x0 < 8:
            continue
        x = c.rng.uniform(x0 + (x1 - x0) * 0.1, x1 - (x1 - x0) * 0.25)
        length = (x1 - x0) * c.rng.uniform(0.05, 0.18)
        c.draw.line([(x, y), (x + length, y)], fill=(230, 246, 250, 170),
                    width=max(2, int((y - top) / c.h * 12)))


def paint_bank_trees(c: Canvas, edges: list[Point], top: float) -> None:
    for k in range(14):
        t = (k + 0.5) / 14
        y = top + (c.h - top) * t ** 1.2
        x0, x1 = river_span(edges, y)
        gap = c.w * (0.02 + 0.1 * t)
        x = x0 - gap if k % 2 else x1 + gap
        paint_round_tree(c, x, y, c.h * (0.015 + 0.07 * t), tree_green(c.rng))


def paint_rafts(c: Canvas, edges: list[Point], top: float) -> None:
    for t in (0.45, 0.72):
        y = top + (c.h - top) * t
        x0, x1 = river_span(edges, y)
        x = c.rng.uniform(x0 + (x1 - x0) * 0.3, x1 - (x1 - x0) * 0.3)
        s = (x1 - x0) * 0.13
        c.draw.ellipse((x - s * 1.6, y - s * 0.2, x + s * 1.6, y + s * 0.5), fill=(255, 255, 255,
                                                                                  150))
        c.draw.rounded_rectangle((x - s, y - s * 0.35, x + s, y + s * 0.3), radius=s * 0.3,
                                 fill=(250, 150, 30))
        for p in range(3):
            paint_rafter(c, x - s * 0.6 + s * 0.6 * p, y - s * 0.3, s * 0.16, p % 2 == 0)


def paint_rafter(c: Canvas, x: float, y: float, s: float, paddle_left: bool) -> None:
    """A seated rafter in a red life vest and yellow helmet, holding a paddle."""
    side = -1 if paddle_left else 1
    c.draw.line([(x + side * s * 3, y - s * 2.5), (x - side * s * 1.5, y + s * 1.5)],
                fill=(120, 84, 52), width=max(2, int(s * 0.35)))
    c.draw.rounded_rectangle((x - s, y - s * 2.2, x + s, y), radius=s * 0.6, fill=(232, 56, 40))
    c.draw.ellipse((x - s * 0.7, y - s * 3.5, x + s * 0.7, y - s * 2.1), fill=(238, 196, 160))
    c.draw.chord((x - s * 0.8, y - s * 3.7, x + s * 0.8, y - s * 2.3), 180, 360,
                 fill=(252, 214, 60))


def scene_buildings(c: Canvas) -> None:
    paint_sky(c, 0.6)
    paint_sun(c, c.w * c.rng.uniform(0.7, 0.9), c.h * 0.14, c.w * 0.04)
    paint_clouds(c, 2, (0.06, 0.2))
    near = paint_ridges(c, 3, 0.36, 0.5)
    paint_trees_on(c, near, 8, 0.07)
    ground = c.h * 0.78
    paint_ground(c, ground, (200, 196, 184), (160, 156, 146))
    if any(word in c.text for word in ("寨", "堡")):
        paint_fort(c, ground)
    else:
        paint_street(c, ground, 0.22)
        paint_lanterns_on_row(c, ground - c.h * 0.22)
    paint_paving(c, ground)


def paint_fort(c: Canvas, ground: float) -> None:
    x0, x1 = c.w * 0.1, c.w * 0.9
    height = c.h * 0.3
    for k in range(3):  # halls inside the fort, peeking over the wall
        cx = x0 + (x1 - x0) * (0.22 + 0.28 * k)
        hw = (x1 - x0) * 0.13
        paint_roof(c, cx - hw, cx + hw, ground - height * 1.02, height * 0.3)
    paint_fort_wall(c, x0, x1, ground, height)
    for x in (c.w * 0.04, c.w * 0.96):
        paint_round_tree(c, x, ground + c.h * 0.02, c.h * 0.09, tree_green(c.rng))


def paint_paving(c: Canvas, ground: float) -> None:
    rows = 6
    for j in range(1, rows):
        y = ground + (c.h - ground) * (j / rows) ** 1.4
        c.draw.line([(0, y), (c.w, y)], fill=(140, 136, 128), width=2)
        offset = (j % 2) * 0.5
        step = c.w * (0.04 + 0.08 * j / rows)
        x = -step * offset
        y_next = ground + (c.h - ground) * ((j + 1) / rows) ** 1.4
        while x < c.w:
            c.draw.line([(x, y), (x, y_next)], fill=(140, 136, 128), width=2)
            x += step


def paint_lanterns_on_row(c: Canvas, y: float) -> None:
    for _ in range(c.rng.randint(3, 6)):
        paint_lantern(c, c.rng.uniform(0.05, 0.95) * c.w, y, c.w * 0.013)


def paint_lantern(c: Canvas, x: float, y: float, s: float) -> None:
    c.draw.line([(x, y - s), (x, y + s * 0.3)], fill=(60, 40, 30), width=max(1, int(s * 0.12)))
    body = (x - s * 1.1, y + s * 0.3, x + s * 1.1, y + s * 2.2)
    c.draw.ellipse(body, fill=LANTERN)
    c.draw.ellipse((x - s * 0.5, y + s * 0.35, x + s * 0.5, y + s * 2.15), fill=(236, 70, 50))
    c.draw.rectangle((x - s * 0.55, y + s * 0.15, x + s * 0.55, y + s * 0.45), fill=GOLD)
    c.draw.rectangle((x - s * 0.55, y + s * 2.05, x + s * 0.55, y + s * 2.35), fill=GOLD)
    c.draw.line([(x, y + s * 2.35), (x, y + s * 3.2)], fill=LANTERN, width=max(1, int(s * 0.3)))


def scene_homestay(c: Canvas) -> None:
    paint_sky(c, 0.6)
    paint_sun(c, c.w * c.rng.uniform(0.12, 0.3), c.h * 0.16, c.w * 0.045)
    paint_clouds(c, 3)
    paint_ridges(c, 3, 0.4, 0.52)
    hill = c.profile(waves(c.rng, count=2), c.h * 0.66, c.h * 0.05)
    c.fill_below(hill, (112, 172, 86))
    hx = c.w * c.rng.uniform(0.35, 0.55)
    base = y_at(hill, hx + c.w * 0.15) + c.h * 0.03
    paint_path(c, hx + c.w * 0.15, base)
    paint_house(c, hx + c.w * 0.22, base - c.h * 0.02, c.w * 0.16, c.h * 0.14, lit=True)
    paint_house(c, hx, base, c.w * 0.22, c.h * 0.2, lit=True)
    paint_balcony(c, hx, base - c.h * 0.1, c.w * 0.22)
    paint_bamboo_clump(c, hx - c.w * 0.06, base, c.h * 0.3)
    paint_trees_on(c, hill, 6, 0.09)
    paint_flowers(c, c.h * 0.8, 120, ((250, 240, 120), WHITE, (240, 120, 150)))


def paint_path(c: Canvas, x: float, y: float) -> None:
    points_l, points_r = [], []
    for i in range(21):
        t = i / 20
        cx = x + c.w * 0.12 * math.sin(t * 3.0) * t
        half = c.w * (0.015 + 0.07 * t)
        yy = y + (c.h - y) * t
        points_l.append((cx - half, yy))
        points_r.append((cx + half, yy))
    c.draw.polygon(points_l + points_r[::-1], fill=(226, 208, 168))


def paint_balcony(c: Canvas, x: float, y: float, width: float) -> None:
    wood = (140, 96, 60)
    c.draw.rectangle((x - width * 0.03, y, x + width * 1.03, y + width * 0.03), fill=wood)
    c.draw.rectangle((x - width * 0.03, y - width * 0.1, x + width * 1.03, y - width * 0.085),
                     fill=wood)
    for i in range(16):
        px = x + width * i / 15
        c.draw.line([(px, y - width * 0.1), (px, y)], fill=wood, width=max(2, int(width * 0.01)))


def paint_bamboo_clump(c: Canvas, x: float, y: float, height: float) -> None:
    for _ in range(7):
        bx = x + c.rng.uniform(-1, 1) * height * 0.15
        top = y - height * c.rng.uniform(0.7, 1.0)
        paint_bamboo(c, bx, y, top, height * 0.02, jitter((96, 160, 70), c.rng, 15))


def paint_bamboo(c: Canvas, x: float, y: float, top: float, width: float, colour: RGB) -> None:
    c.draw.rectangle((x - width / 2, top, x + width / 2, y), fill=colour)
    node = shade(colour, -0.25)
    step = width * 9
    yy = y - step
    while yy > top:
        c.draw.rectangle((x - width * 0.6, yy - width * 0.15, x + width * 0.6, yy + width * 0.15),
                         fill=node)
        if c.rng.random() < 0.5:
            paint_leaf(c, x, yy, width * 6, c.rng.choice((-1, 1)), shade(colour, -0.1))
        yy -= step


def paint_leaf(c: Canvas, x: float, y: float, length: float, side: int, colour: RGB) -> None:
    tip = (x + side * length, y + length * 0.35)
    c.draw.polygon([(x, y), (x + side * length * 0.5, y - length * 0.12), tip,
                    (x + side * length * 0.5, y + length * 0.22)], fill=colour)


def scene_camping(c: Canvas) -> None:
    paint_sky(c, 0.55)
    paint_sun(c, c.w * c.rng.uniform(0.65, 0.88), c.h * 0.15, c.w * 0.045)
    paint_clouds(c, 3, (0.05, 0.22))
    near = paint_ridges(c, 3, 0.36, 0.52, smooth=True)
    paint_trees_on(c, near, 16, 0.1, pines=True)
    meadow = c.h * 0.62
    paint_ground(c, meadow, (158, 206, 96), (92, 168, 64))
    if any(word in c.text for word in ("溪", "河", "水")):
        paint_stream(c, meadow)
    paint_flowers(c, meadow, 260, ((250, 236, 110), WHITE, (246, 150, 170), (190, 150, 240)))
    colours = [(244, 122, 36), (250, 196, 48), (222, 64, 52), (64, 140, 210), (120, 190, 80)]
    spots = sorted((c.rng.uniform(0.05, 0.95), c.rng.uniform(0.1, 0.8)) for _ in range(5))
    for fx, fy in sorted(spots, key=lambda s: s[1]):
        y = meadow + (c.h - meadow) * fy
        paint_tent(c, c.w * fx, y, c.w * (0.03 + 0.09 * fy), c.rng.choice(colours))
    paint_campfire(c, c.w * c.rng.uniform(0.3, 0.7), c.h * 0.93, c.w * 0.03)


def paint_stream(c: Canvas, meadow: float) -> None:
    points_top, points_bottom = [], []
    phase = c.rng.uniform(0, math.tau)
    for i in range(41):
        x = c.w * i / 40
        y = meadow + (c.h - meadow) * (0.25 + 0.08 * math.sin(i / 40 * 6 + phase) + 0.2 * i / 40)
        half = c.h * (0.006 + 0.02 * i / 40)
        points_top.append((x, y - half))
        points_bottom.append((x, y + half))
    c.draw.polygon(points_top + points_bottom[::-1], fill=(120, 196, 222))


def paint_tent(c: Canvas, x: float, y: float, s: float, colour: RGB) -> None:
    peak = (x, y - s * 1.1)
    side = shade(colour, -0.25)
    c.draw.polygon([(x - s * 1.1, y + s * 0.05), (x + s * 2.2, y + s * 0.05),
                    (x + s * 2.0, y - s * 0.05), (x, y)], fill=(40, 80, 30, 70))
    c.draw.polygon([peak, (x + s, y), (x + s * 1.9, y - s * 0.08), (x + s * 0.9, y - s * 1.18)],
                   fill=side)
    c.draw.polygon([(x - s, y), peak, (x + s, y)], fill=colour)
    c.draw.polygon([(x - s * 0.32, y), (x, y - s * 0.72), (x + s * 0.32, y)], fill=(60, 46, 40))
    c.draw.line([peak, (x - s * 1.5, y + s * 0.1)], fill=(90, 90, 90), width=max(1, int(s * 0.03)))


def paint_campfire(c: Canvas, x: float, y: float, s: float) -> None:
    c.draw.ellipse((x - s * 2.5, y - s * 0.6, x + s * 2.5, y + s * 0.6), fill=(255, 200, 80, 60))
    for k in range(7):
        a = math.tau * k / 7
        sx, sy = x + math.cos(a) * s * 0.9, y + math.sin(a) * s * 0.3
        c.draw.ellipse((sx - s * 0.25, sy - s * 0.18, sx + s * 0.25, sy + s * 0.18),
                       fill=(130, 126, 120))
    c.draw.polygon([(x - s * 0.6, y), (x, y - s * 1.6), (x + s * 0.6, y)], fill=(246, 110, 30))
    c.draw.polygon([(x - s * 0.3, y), (x + s * 0.05, y - s * 0.95), (x + s * 0.3, y)],
                   fill=(255, 214, 70))


def scene_festival(c: Canvas) -> None:
    c.sky = (c.sky[0], (255, 214, 170))
    paint_sky(c, 0.6)
    paint_clouds(c, 2, (0.05, 0.15))
    paint_ridges(c, 2, 0.36, 0.46)
    ground = c.h * 0.7
    paint_ground(c, ground, (214, 206, 190), (176, 166, 150))
    paint_street(c, ground, 0.2)
    paint_bunting(c, c.h * 0.08, c.h * 0.1)
    for k, y in enumerate((c.h * 0.2, c.h * 0.36)):
        curve = parabola(-c.w * 0.05, c.w * 1.05, y, c.h * 0.08, 60)
        c.draw.line(curve, fill=(70, 50, 40), width=max(2, c.w // 500))
        for i in range(3 + k * 2, 58, 6):
            paint_lantern(c, curve[i][0], curve[i][1], c.w * (0.014 + 0.008 * k))
    paint_crowd(c, ground)


def paint_bunting(c: Canvas, y: float, sag: float) -> None:
    colours = [(222, 46, 40), (250, 196, 48), (70, 150, 220), (90, 180, 90), (244, 122, 36)]
    curve = parabola(-c.w * 0.05, c.w * 1.05, y, sag, 40)
    c.draw.line(curve, fill=(90, 70, 60), width=max(2, c.w // 600))
    size = c.w * 0.025
    for i, (x, yy) in enumerate(curve[:-1]):
        nx, ny = curve[i + 1]
        c.draw.polygon([(x, yy), (nx, ny), ((x + nx) / 2, (yy + ny) / 2 + size * 1.3)],
                       fill=colours[i % len(colours)])


def paint_crowd(c: Canvas, ground: float) -> None:
    shirts = [(222, 60, 50), (250, 250, 246), (70, 120, 200), (250, 196, 48), (90, 160, 90),
              (230, 120, 160)]
    for row in range(3):
        t = row / 2
        y = ground + (c.h - ground) * (0.25 + 0.6 * t)
        s = c.h * (0.025 + 0.03 * t)
        x = c.rng.uniform(-s, s)
        while x < c.w + s:
            paint_person(c, x + c.rng.uniform(-s, s) * 0.4, y + c.rng.uniform(-s, s) * 0.3, s,
                         c.rng.choice(shirts))
            x += s * c.rng.uniform(1.6, 3.2)


def paint_person(c: Canvas, x: float, y: float, s: float, shirt: RGB) -> None:
    c.draw.rounded_rectangle((x - s * 0.45, y - s * 0.9, x + s * 0.45, y + s * 1.2),
                             radius=s * 0.35, fill=shirt)
    c.draw.ellipse((x - s * 0.32, y - s * 1.55, x + s * 0.32, y - s * 0.9), fill=(238, 196, 160))
    c.draw.chord((x - s * 0.34, y - s * 1.6, x + s * 0.34, y - s * 1.0), 180, 360,
                 fill=(40, 34, 32))


def scene_red(c: Canvas) -> None:
    c.sky = ((90, 156, 224), (226, 240, 250))
    paint_sky(c, 0.62)
    paint_clouds(c, 3, (0.05, 0.2))
    paint_ridges(c, 3, 0.4, 0.56, smooth=True)
    ground = c.h * 0.74
    paint_ground(c, ground, (214, 212, 206), (184, 180, 172))
    mx = c.w * c.rng.uniform(0.38, 0.5)
    if any(word in c.text for word in ("讲习", "榕", "旧址", "馆")):
        paint_hall_under_banyan(c, mx, ground)
    else:
        paint_cypress_rows(c, mx, ground)
        paint_monument(c, mx, ground, c.h * 0.5)
    paint_flag(c, c.w * 0.8, ground + c.h * 0.04, c.h * 0.6)
    hedge = c.h * 0.9
    c.draw.rounded_rectangle((-20, hedge, c.w + 20, c.h + 40), radius=c.h * 0.03,
                             fill=(64, 130, 70))
    paint_flowers(c, hedge + c.h * 0.01, 300, ((220, 30, 40), (240, 60, 50), (250, 200, 60)))


def paint_hall_under_banyan(c: Canvas, mx: float, ground: float) -> None:
    """An old lecture hall beside a wide banyan tree."""
    paint_gabled_house(c, mx - c.w * 0.12, ground, c.w * 0.3, c.h * 0.22)
    tx, r = mx - c.w * 0.22, c.h * 0.13
    c.draw.rectangle((tx - r * 0.18, ground - r * 1.6, tx + r * 0.18, ground), fill=TRUNK)
    for _ in range(8):  # aerial roots
        rx = tx + c.rng.uniform(-1.6, 1.6) * r
        c.draw.line([(rx, ground - r * 1.4), (rx, ground - c.rng.uniform(0, r * 0.6))],
                    fill=shade(TRUNK, 0.15), width=max(2, int(r * 0.03)))
    for _ in range(9):
        cx, cy = tx + c.rng.uniform(-1.7, 1.7) * r, ground - r * c.rng.uniform(1.7, 2.6)
        rr = r * c.rng.uniform(0.6, 0.9)
        c.draw.ellipse((cx - rr, cy - rr * 0.8, cx + rr, cy + rr * 0.8),
                       fill=jitter((52, 118, 58), c.rng, 12))


def paint_cypress_rows(c: Canvas, mx: float, ground: float) -> None:
    for side in (-1, 1):
        for k in range(4, -1, -1):
            x = mx + side * c.w * (0.1 + 0.07 * k)
            height = c.h * (0.2 - 0.02 * k)
            c.draw.ellipse((x - height * 0.17, ground - height, x + height * 0.17, ground + 4),
                           fill=jitter((40, 96, 56), c.rng, 8))


def paint_monument(c: Canvas, x: float, ground: float, height: float) -> None:
    for k in range(3):  # steps
        half, top = height * (0.36 - 0.08 * k), ground - height * 0.035 * (k + 1)
        c.draw.rectangle((x - half, top, x + half, top + height * 0.035), fill=shade(STONE, 0.35))
    base = ground - height * 0.105
    bw, tw, top = height * 0.085, height * 0.06, base - height * 0.85
    c.draw.polygon([(x - bw, base), (x, base), (x, top), (x - tw, top)], fill=(244, 242, 236))
    c.draw.polygon([(x, base), (x + bw, base), (x + tw, top), (x, top)], fill=(214, 212, 206))
    c.draw.polygon([(x - tw, top), (x + tw, top), (x, top - height * 0.1)], fill=(228, 226, 220))
    star(c, x - tw * 0.5, top + height * 0.08, height * 0.035, PARTY_RED)


def star(c: Canvas, x: float, y: float, r: float, colour: RGB, turn: float = 0) -> None:
    points = []
    for k in range(10):
        a = -math.pi / 2 + turn + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.4
        points.append((x + rr * math.cos(a), y + rr * math.sin(a)))
    c.draw.polygon(points, fill=colour)


def paint_flag(c: Canvas, x: float, ground: float, height: float) -> None:
    top = ground - height
    c.draw.rectangle((x - height * 0.008, top, x + height * 0.008, ground), fill=(200, 200, 204))
    c.draw.ellipse((x - height * 0.016, top - height * 0.03, x + height * 0.016, top),
                   fill=GOLD)
    fw, fh = height * 0.42, height * 0.28
    n = 24
    upper = [(x + fw * i / n, top + fh * 0.06 * math.sin(i / n * 5.5) * i / n) for i in
             range(n + 1)]
    lower = [(px, py + fh) for px, py in upper]
    c.draw.polygon(upper + lower[::-1], fill=PARTY_RED)
    for i in range(0, n, 6):  # folds
        shadow = upper[i:i + 4] + lower[i:i + 4][::-1]
        c.draw.polygon(shadow, fill=(176, 14, 22, 120))
    star(c, x + fw * 0.18, top + fh * 0.3, fh * 0.16, GOLD)


def scene_forest(c: Canvas) -> None:
    c.gradient((0, 0, c.w, c.h), (206, 232, 196), (120, 170, 96))
    for layer, (colour, count, width) in enumerate(
            [((170, 206, 150), 18, 0.009), ((112, 170, 88), 12, 0.014),
             ((62, 124, 58), 8, 0.022)]):
        for _ in range(count):
            x = c.rng.uniform(0, c.w)
            bottom = c.h * (0.8 + 0.07 * layer)
            paint_bamboo(c, x, bottom, -10, c.w * width, jitter(colour, c.rng, 10))
        if layer < 2:  # depth of field: the back of the grove is out of focus
            c.img.paste(c.img.filter(ImageFilter.GaussianBlur(c.w * 0.004 / (layer + 1))))
        if layer == 0:
            paint_light_rays(c)
    floor = c.profile(waves(c.rng, count=2), c.h * 0.84, c.h * 0.03)
    c.fill_below(floor, (76, 110, 52))
    paint_ferns(c, floor)
    if "菇" in c.text or c.rng.random() < 0.5:
        paint_mushrooms(c, floor)


def paint_light_rays(c: Canvas) -> None:
    def rays(d: ImageDraw.ImageDraw, dx: float, dy: float) -> None:
        for k in range(4):
            x = c.w * (0.15 + 0.22 * k) + dx
            d.polygon([(x, dy), (x + c.w * 0.06, dy), (x - c.w * 0.1, c.h + dy),
                       (x - c.w * 0.22, c.h + dy)], fill=255)

    c.soft_shape((0, 0, c.w, c.h), (255, 252, 220), 70, rays, blur=c.w * 0.01)


def paint_ferns(c: Canvas, floor: list[Point]) -> None:
    for _ in range(24):
        x = c.rng.uniform(0, c.w)
        y = y_at(floor, x) + c.rng.uniform(0, c.h * 0.12)
        size = c.h * c.rng.uniform(0.03, 0.06)
        colour = jitter((84, 150, 64), c.rng, 16)
        for side in (-1, 1):
            paint_leaf(c, x, y, size, side, colour)
        c.draw.polygon([(x - size * 0.1, y), (x, y - size * 0.9), (x + size * 0.1, y)],
                       fill=colour)


def paint_mushrooms(c: Canvas, floor: list[Point]) -> None:
    for _ in range(c.rng.randint(5, 9)):
        x = c.rng.uniform(0.05, 0.95) * c.w
        y = y_at(floor, x) + c.rng.uniform(0.02, 0.13) * c.h
        s = c.h * c.rng.uniform(0.018, 0.035) * (1 + (y - c.h * 0.8) / c.h * 3)
        c.draw.rounded_rectangle((x - s * 0.25, y - s * 1.1, x + s * 0.25, y), radius=s * 0.1,
                                 fill=(246, 240, 226))
        c.draw.chord((x - s, y - s * 1.8, x + s, y - s * 0.5), 180, 360, fill=(206, 40, 46))
        c.draw.chord((x - s * 0.7, y - s * 1.7, x + s * 0.1, y - s * 0.9), 180, 270,
                     fill=(236, 96, 90))


def scene_terraces(c: Canvas) -> None:
    paint_sky(c, 0.5)
    paint_sun(c, c.w * c.rng.uniform(0.2, 0.8), c.h * 0.12, c.w * 0.04)
    paint_clouds(c, 3, (0.04, 0.18))
    paint_ridges(c, 2, 0.3, 0.4)
    bushes = any(word in c.text for word in ("茶", "地瓜", "薯"))
    values = waves(c.rng, count=2)
    greens = [(150, 196, 80), (120, 180, 70), (176, 206, 96), (100, 160, 64)]
    bands = 9
    for k in range(bands):
        t = k / (bands - 1)
        base = c.h * (0.42 + 0.58 * t ** 1.2)
        points = c.profile(values, base, c.h * (0.06 + 0.05 * t))
        c.fill_below(points, greens[k % len(greens)])
        c.draw.line(points, fill=(226, 236, 170), width=max(2, int(c.h * 0.004 * (1 + 2 * t))))
        if bushes and k >= 2:
            paint_bush_row(c, points, c.h * (0.012 + 0.03 * t))


def paint_bush_row(c: Canvas, points: list[Point], r: float) -> None:
    x = c.rng.uniform(0, r)
    while x < c.w:
        y = y_at(points, x) + r * 0.9
        c.draw.ellipse((x - r * 1.2, y - r, x + r * 1.2, y + r * 0.6), fill=(56, 120, 56))
        c.draw.ellipse((x - r * 0.8, y - r * 0.9, x + r * 0.2, y - r * 0.2), fill=(86, 150, 70))
        x += r * 3.0


SCENES: dict[str, Callable[[Canvas], None]] = {
    "mountains": scene_mountains,
    "orchard": scene_orchard,
    "river": scene_river,
    "buildings": scene_buildings,
    "homestay": scene_homestay,
    "camping": scene_camping,
    "festival": scene_festival,
    "red": scene_red,
    "forest": scene_forest,
    "terraces": scene_terraces,
}


# ---- rendering -------------------------------------------------------------------------


def scaled(noise: Image.Image, amplitude: int) -> Image.Image:
    """Noise centred on 128 with values 128 ± amplitude."""
    return noise.point(lambda v: 128 + (v - 128) * amplitude // 128)


def texture_layers(size: tuple[int, int], rng: random.Random) -> tuple[Image.Image, Image.Image]:
    """(soft blotches, fine grain) as raw 0..255 noise."""
    w, h = size
    small = (w // 64 + 2, h // 64 + 2)
    blotch = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    blotch = blotch.resize((w, h), Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    return blotch, grain


def textured(img: Image.Image, blotch: Image.Image, grain: Image.Image, amount: int) -> Image.Image:
    """Add print-like texture; `amount` sets the grain, which drives the JPEG size."""
    noise = ImageChops.add(scaled(blotch, BLOTCH), scaled(grain, amount), 1.0, -128)
    return ImageChops.add(img, noise.convert("RGB"), 1.0, -128)


def render_scene(decl: Declaration, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """The untextured picture, drawn at SUPERSAMPLE× and scaled down for smooth edges."""
    big = (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE)
    text = f"{decl.caption} {decl.file} {decl.context}"
    canvas = Canvas(Image.new("RGB", big, WHITE), rng, text, rng.choice(SKIES))
    SCENES[scene_for(decl)](canvas)
    return canvas.img.reduce(SUPERSAMPLE)


def encode(img: Image.Image, options: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, **options)
    return buffer.getvalue()


def encode_textured(img: Image.Image, rng: random.Random, options: dict[str, Any]) -> bytes:
    """Encode with the strongest grain that keeps the file within MAX_BYTES."""
    blotch, grain = texture_layers(img.size, rng)
    data = b""
    for amount in GRAIN_LEVELS:
        data = encode(textured(img, blotch, grain, amount), options)
        if len(data) <= MAX_BYTES:
            break
    return data


def render_logo() -> Image.Image:
    """Red disc with a gold ring, white mountains, a golden sun and a river line."""
    s = LOGO_SIZE * 4
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((s * 0.02, s * 0.02, s * 0.98, s * 0.98), fill=PARTY_RED)
    d.ellipse((s * 0.07, s * 0.07, s * 0.93, s * 0.93), outline=GOLD, width=int(s * 0.025))
    d.ellipse((s * 0.56, s * 0.22, s * 0.72, s * 0.38), fill=GOLD)
    d.polygon([(s * 0.16, s * 0.7), (s * 0.4, s * 0.32), (s * 0.52, s * 0.5), (s * 0.62, s * 0.4),
               (s * 0.84, s * 0.7)], fill=WHITE)
    d.line([(s * 0.52, s * 0.5), (s * 0.62, s * 0.4), (s * 0.84, s * 0.7)], fill=PARTY_RED,
           width=int(s * 0.02))
    wave = [(s * (0.24 + 0.52 * i / 40), s * (0.79 + 0.02 * math.sin(i / 40 * math.tau * 2)))
            for i in range(41)]
    d.line(wave, fill=WHITE, width=int(s * 0.035), joint="curve")
    for x, y in (wave[0], wave[-1]):
        d.ellipse((x - s * 0.0175, y - s * 0.0175, x + s * 0.0175, y + s * 0.0175), fill=WHITE)
    small = img.resize((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
    return small.quantize(64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


BADGE_SIZE = (220, 256)


def render_badge() -> Image.Image:
    """A stand-in for the 党政机关网站标识 (the real image is issued with the site's
    registration): a red shield with a gold border, a gold star and a white gateway."""
    w, h = (v * 4 for v in BADGE_SIZE)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, w - 1, h - 1), radius=w * 0.12, fill=PARTY_RED)
    d.rounded_rectangle((w * 0.06, w * 0.06, w * 0.94, h - w * 0.06), radius=w * 0.08,
                        outline=GOLD, width=int(w * 0.03))
    cx, cy, r = w * 0.5, h * 0.27, w * 0.16
    star = [(cx + (r if i % 2 == 0 else r * 0.4) * math.sin(i * math.pi / 5),
             cy - (r if i % 2 == 0 else r * 0.4) * math.cos(i * math.pi / 5)) for i in range(10)]
    d.polygon(star, fill=GOLD)
    d.rectangle((w * 0.2, h * 0.5, w * 0.8, h * 0.55), fill=WHITE)  # the lintel
    for x in (0.26, 0.4, 0.54, 0.68):
        d.rectangle((w * x, h * 0.57, w * (x + 0.06), h * 0.76), fill=WHITE)
    d.rectangle((w * 0.16, h * 0.78, w * 0.84, h * 0.83), fill=WHITE)  # the steps
    small = img.resize(BADGE_SIZE, Image.Resampling.LANCZOS)
    return small.quantize(64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def logo_svg() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        '<circle cx="50" cy="50" r="48" fill="#cc161c"/>'
        '<circle cx="50" cy="50" r="42" fill="none" stroke="#f6c442" stroke-width="2.5"/>'
        '<circle cx="64" cy="30" r="8" fill="#f6c442"/>'
        '<path d="M16 70 L40 32 L52 50 L62 40 L84 70 Z" fill="#fff"/>'
        '<path d="M52 50 L62 40 L84 70" fill="none" stroke="#cc161c" stroke-width="2"/>'
        '<path d="M24 79 Q37 75 50 79 T76 79" fill="none" stroke="#fff" stroke-width="3.5"'
        ' stroke-linecap="round"/>'
        "</svg>\n"
    )


def gps_exif(exif: Image.Exif, file: str) -> None:
    rng = rng_for(file, "gps")
    lat = BASE_GPS[0] + rng.uniform(-0.03, 0.03)
    lng = BASE_GPS[1] + rng.uniform(-0.03, 0.03)
    exif[TAG_GPS_IFD] = {
        0: b"\x02\x03\x00\x00",
        1: "N",
        2: dms(lat),
        3: "E",
        4: dms(lng),
        5: 0,
        6: IFDRational(round(rng.uniform(300, 900) * 10), 10),
        18: "WGS-84",
    }
    day, minute = rng.randint(1, 28), rng.randint(0, 59)
    exif[TAG_EXIF_IFD] = {TAG_DATETIME_ORIGINAL: f"2024:04:{day:02d} 10:{minute:02d}:00"}


def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100)


def photo_bytes(decl: Declaration, portrait: bool, gps: bool) -> bytes:
    """The encoded file for one photo."""
    rng = rng_for(decl.file)
    suffix = PurePosixPath(decl.file).suffix.lower()
    size = (PHOTO_SIZE[1], PHOTO_SIZE[0]) if portrait else PHOTO_SIZE
    img = render_scene(decl, size, rng)
    if suffix not in JPEG_SUFFIXES:
        options = {"format": "PNG", "optimize": True} if suffix == ".png" else {
            "format": "WEBP", "quality": 82, "method": 6}
        return encode_textured(img, rng, options)
    exif = Image.Exif()
    if portrait:  # stored sideways, the way phones do; Orientation=6 turns it upright
        img = img.transpose(Image.Transpose.ROTATE_90)
        exif[TAG_ORIENTATION] = 6
    if gps:
        gps_exif(exif, decl.file)
    options: dict[str, Any] = {"format": "JPEG", **JPEG_OPTIONS}
    if len(exif):
        options["exif"] = exif.tobytes()
    return encode_textured(img, rng, options)


FACE_SIZE = (900, 1200)
COATS: tuple[RGB, ...] = ((38, 50, 72), (56, 56, 60), (86, 44, 40), (44, 66, 58))
HAIR: tuple[RGB, ...] = ((30, 26, 24), (52, 44, 40), (120, 116, 112))


def render_face(decl: Declaration) -> Image.Image:
    """A faceless head-and-shoulders figure with a Party badge on the coat: a sample person
    is invented, so no face is drawn (a real portrait needs its person's consent)."""
    rng = rng_for(decl.file)
    w, h = (v * SUPERSAMPLE for v in FACE_SIZE)
    ramp = Image.linear_gradient("L").resize((w, h))
    img = Image.composite(Image.new("RGB", (w, h), jitter((196, 180, 162), rng, 10)),
                          Image.new("RGB", (w, h), jitter((238, 228, 214), rng, 8)), ramp)
    d = ImageDraw.Draw(img)
    skin = jitter((226, 186, 150), rng, 10)
    d.ellipse((w * 0.06, h * 0.64, w * 0.94, h * 1.3), fill=rng.choice(COATS))  # shoulders
    d.polygon([(w * 0.39, h * 0.645), (w * 0.5, h * 0.8), (w * 0.61, h * 0.645)], fill=WHITE)
    d.rectangle((w * 0.43, h * 0.5, w * 0.57, h * 0.66), fill=shade(skin, -0.12))  # neck
    d.ellipse((w * 0.31, h * 0.2, w * 0.69, h * 0.6), fill=skin)  # head
    d.chord((w * 0.3, h * 0.17, w * 0.7, h * 0.5), 180, 360, fill=rng.choice(HAIR))
    d.ellipse((w * 0.26, h * 0.75, w * 0.31, h * 0.79), fill=PARTY_RED)  # the badge
    d.ellipse((w * 0.275, h * 0.76, w * 0.295, h * 0.777), fill=GOLD)
    return img.reduce(SUPERSAMPLE)


def write_atomically(target: Path, save: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    try:
        save(temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def create(decl: Declaration, target: Path, portrait: set[str], gps: set[str]) -> bool:
    """Write one file; False when its type cannot be produced."""
    suffix = target.suffix.lower()
    if decl.logo and suffix == ".svg":
        write_atomically(target, lambda p: p.write_text(logo_svg(), encoding="utf-8"))
        return True
    if suffix not in RASTER_SUFFIXES:
        print(f"warning: cannot make a {suffix or 'suffix-less'} file: {decl.file}",
              file=sys.stderr)
        return False
    if decl.logo or decl.badge:
        emblem = render_logo() if decl.logo else render_badge()
        write_atomically(target, lambda p: emblem.save(p, format="PNG", optimize=True))
        return True
    if decl.qr:
        code = segno.make(QR_TEXT.format(name=decl.qr), error="m")
        kind = "png" if suffix == ".png" else suffix.lstrip(".")
        write_atomically(target, lambda p: code.save(str(p), kind=kind, scale=QR_SCALE,
                                                     border=4))
        return True
    if decl.face:
        data = encode_textured(render_face(decl), rng_for(decl.file, "grain"),
                               {"format": "JPEG", **JPEG_OPTIONS})
    else:
        data = photo_bytes(decl, decl.file in portrait, decl.file in gps)
    write_atomically(target, lambda p: p.write_bytes(data))
    return True


def run(content: Path, assets: Path, force: bool) -> tuple[int, int, int]:
    """(created, kept, total bytes of all declared files present afterwards)."""
    decls = collect_declarations(content)
    portrait, gps = exif_plan(decls)
    created = kept = total = 0
    for decl in decls:
        target = assets / decl.file
        if target.exists() and not force:
            kept += 1
        elif create(decl, target, portrait, gps):
            created += 1
        if target.exists():
            total += target.stat().st_size
    return created, kept, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="re-render files that exist")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--assets", type=Path, default=Path("assets"))
    args = parser.parse_args(argv)
    if not args.content.is_dir():
        print(f"error: no content folder at {args.content}", file=sys.stderr)
        return 2
    created, kept, total = run(args.content, args.assets, args.force)
    print(f"sample photos: {created} created, {kept} kept, {total:,} bytes in {args.assets}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
