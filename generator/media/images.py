"""Image renditions: one photo in, small private web variants out. Knows nothing of the site.

Each photo is decoded once, at the smallest JPEG scale that still covers the largest variant
(`Image.draft`), turned upright (EXIF orientation), converted to sRGB when it carries another
colour profile, then downscaled in a chain (1600 → 1080 → 720 → 360), each step from the last
(bicubic, antialiased: Pillow's choice for thumbnails, a quarter faster than Lanczos).
Every output is written from pixels alone: no EXIF (so no GPS), no ICC, no comments.

The modern formats (WebP, optionally AVIF) get every width. The JPEG fallback only gets the
widest thumbnail and the widest large width: every browser a visitor opens the site in shows
WebP, so JPEG is for sharing cards, printing and very old phones, and writing it at every
width was a third of the encoding time (benchmarks/README.md).

`render` runs in worker processes; it returns a plain `Rendition` (with the digest of every
file it wrote) or a `RenderError` and never raises for a bad input file. It decodes the bytes
whose digest it was given, or nothing: a photo replaced while the build reads it never leaves
new pixels under the old bytes' key. The folder's `rendition.json` is sealed and names each
variant's digest, so a damaged rendition is told apart from one as written.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from generator.output import sealed, unsealed

# Bump when the output of `render` changes for the same input and settings.
PIPELINE_VERSION = 4  # 4: 16-bit greyscale scaled to 8 bits, not clipped

_ORIENTATION = 0x0112
_ROTATED = {5, 6, 7, 8}
_SRGB = ImageCms.createProfile("sRGB")

try:  # optional: iPhone photos
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the installed extras
    HEIF_SUPPORTED = False

INPUT_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
HEIF_SUFFIXES = {".heic", ".heif"}
VECTOR_SUFFIXES = {".svg", ".svgz", ".ai", ".eps", ".pdf", ".cdr", ".psd"}
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}


@dataclass(frozen=True)
class ImageSettings:
    """Everything that changes the bytes of a rendition (and so its cache key)."""

    grid_widths: tuple[int, ...] = (360, 720)
    large_widths: tuple[int, ...] = (1080, 1600)
    jpeg_quality: int = 82
    webp_quality: int = 80
    # 2 costs about a third more WebP encoding than 1, which writes 4–29 % more bytes at the
    # widths phones load, 360–1080 px (benchmarks/README.md, "WebP effort")
    webp_method: int = 2
    avif: bool = False
    avif_quality: int = 55
    originals: bool = False  # also a full-size variant (still without any metadata)
    max_pixels: int = 100_000_000

    @property
    def formats(self) -> tuple[str, ...]:
        """Output formats, best first; the last one is the `<img>` fallback."""
        return ("avif", "webp", "jpeg") if self.avif else ("webp", "jpeg")

    def fingerprint(self) -> str:
        return json.dumps({"pipeline": PIPELINE_VERSION, **asdict(self)}, sort_keys=True)


@dataclass(frozen=True, slots=True)  # a county has a hundred thousand
class Variant:
    width: int
    height: int
    format: str  # jpeg, webp or avif
    file: str  # name inside the rendition folder

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@functools.lru_cache(maxsize=4096)
def _variant(width: int, height: int, format: str, file: str) -> Variant:  # noqa: A002
    """Photos of one size have the same variants: a county's renditions share them."""
    return Variant(width, height, format, file)


@functools.lru_cache(maxsize=4096)
def _shared(value: tuple) -> tuple:
    return value


@functools.lru_cache(maxsize=4096)
def _variants(fields: tuple[tuple[int, int, str, str], ...]) -> tuple[Variant, ...]:
    return tuple(_variant(*v) for v in fields)


@dataclass(frozen=True, slots=True)
class Rendition:
    """What a photo became: its upright size, a placeholder colour, and its variants."""

    width: int
    height: int
    colour: str  # "#rrggbb", shown while the image loads
    grid: tuple[int, ...]  # widths for thumbnails, ascending
    large: tuple[int, ...]  # widths for the lightbox, ascending
    variants: tuple[Variant, ...] = field(default=())
    notes: tuple[str, ...] = ()  # what was odd about the source (`NOTES`), told the editor

    def to_data(self) -> dict:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict) -> Rendition:
        return cls(data["width"], data["height"], data["colour"], _shared(tuple(data["grid"])),
                   _shared(tuple(data["large"])),
                   _variants(tuple((v["width"], v["height"], v["format"], v["file"])
                                   for v in data["variants"])),
                   tuple(data.get("notes", ())))


Digests = dict[str, str]  # sha256 of each file of a rendition folder, by its name


@dataclass(frozen=True)
class RenderError:
    """Why a source could not be used; `kind` picks the message shown to the editor."""

    kind: str  # unreadable, truncated, too-large, vector, heif-missing, changed
    detail: str = ""


def accepted_suffixes() -> set[str]:
    return INPUT_SUFFIXES | HEIF_SUFFIXES


def widths_for(requested: tuple[int, ...], width: int) -> tuple[int, ...]:
    """Requested widths, never wider than the photo itself."""
    return tuple(sorted({min(w, width) for w in requested}))


# Pillow's warnings about a source, by a word of their (English) text, as the kind of note
# the editor is told about in Chinese; any other warning is an "odd" note.
NOTES = (("exif", "exif"), ("metadata", "exif"), ("tag", "exif"), ("mpo", "odd"),
         ("truncated", "odd"), ("palette", "odd"))


@contextlib.contextmanager
def _pixel_limit(limit: int) -> Iterator[list[warnings.WarningMessage]]:
    """Refuse images above `limit` pixels (Pillow only warns between 1× and 2× its limit);
    every other warning is recorded (and so not printed in English to the terminal)."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield caught
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _notes(caught: list[warnings.WarningMessage]) -> tuple[str, ...]:
    found = []
    for caught_warning in caught:
        text = str(caught_warning.message).lower()
        kind = next((kind for word, kind in NOTES if word in text), "odd")
        if kind not in found:
            found.append(kind)
    return tuple(sorted(found))


def _eight_bit(im: Image.Image) -> Image.Image:
    """16-bit greyscale (PNG: mode I;16 or I) as 8-bit greyscale of the same brightness;
    converted directly, every value above 255 would be clipped to white."""
    if im.mode.startswith("I;16"):
        im = im.convert("I")
    elif im.mode != "I":
        return im
    low, high = im.getextrema()
    if high > 255 or low < 0:
        im = im.point(lambda value: value * (1 / 256))
    return im.convert("L")


def _decode(source: Path | io.BytesIO, settings: ImageSettings,
            largest: int | None = None) -> Image.Image:
    """Decode at reduced scale where the format allows it, turned upright, metadata dropped.
    `largest`: the widest it needs to be (default: the widest variant the settings ask for)."""
    with Image.open(source) as im:
        stored_w, stored_h = im.size
        rotated = im.getexif().get(_ORIENTATION) in _ROTATED
        upright_w = stored_h if rotated else stored_w
        if largest is None:
            largest = upright_w if settings.originals else max(
                (*settings.grid_widths, *settings.large_widths))
        scale = min(upright_w, largest) / upright_w
        im.draft(None, (math.ceil(stored_w * scale), math.ceil(stored_h * scale)))
        im.load()
        upright = ImageOps.exif_transpose(im)
    return upright


def _to_srgb(im: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB, whatever the source mode and embedded profile."""
    icc = im.info.get("icc_profile")
    im = _eight_bit(im)
    has_alpha = im.mode in {"RGBA", "LA", "PA"} or (
        im.mode == "P" and "transparency" in im.info)
    if has_alpha and im.mode == "P":
        # straight to RGBA: Pillow warns (in English, on every build) when a palette with
        # per-entry transparency is converted to RGB, as below
        im = im.convert("RGBA")
    alpha = im.convert("RGBA").getchannel("A") if has_alpha else None
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(profile).lower().replace(" ", ""):
                base = im if im.mode in {"RGB", "CMYK", "L"} else im.convert("RGB")
                im = ImageCms.profileToProfile(base, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    im = im.convert("RGB")
    if alpha is not None:
        im.putalpha(alpha)
    im.info = {}
    return im


def _encode(im: Image.Image, fmt: str, settings: ImageSettings) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg":
        if im.mode == "RGBA":
            white = Image.new("RGBA", im.size, (255, 255, 255, 255))
            im = Image.alpha_composite(white, im).convert("RGB")
        # Baseline with optimised Huffman tables: the same size as progressive at this quality
        # for less than half the time (benchmarks/README.md).
        im.save(out, "JPEG", quality=settings.jpeg_quality, optimize=True)
    elif fmt == "webp":
        im.save(out, "WEBP", quality=settings.webp_quality, method=settings.webp_method)
    else:
        im.save(out, "AVIF", quality=settings.avif_quality, speed=6)
    return out.getvalue()


def _colour(im: Image.Image) -> str:
    r, g, b = im.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{r:02x}{g:02x}{b:02x}"


def content_digest(data: bytes) -> str:
    """The digest a photo's bytes are known by (its cache key is made from it)."""
    return hashlib.sha256(data).hexdigest()


def render(source: Path, target: Path, settings: ImageSettings,
           expected: str | None = None) -> tuple[Rendition, Digests] | RenderError:
    """Write every variant of `source` into the new folder `target` (atomically). With
    `expected`, only if the bytes read are the ones of that digest: a photo replaced after it
    was hashed must not be cached under the key of its old bytes."""
    if source.suffix.lower() in HEIF_SUFFIXES and not HEIF_SUPPORTED:
        return RenderError("heif-missing")
    try:
        data = source.read_bytes()  # read once: what is hashed is what is decoded
    except OSError as error:
        return RenderError("unreadable", str(error))
    if expected is not None and content_digest(data) != expected:
        return RenderError("changed")
    try:
        with _pixel_limit(settings.max_pixels) as caught:
            im = _to_srgb(_decode(io.BytesIO(data), settings))
    except Exception as error:  # every way a photo can fail is classified
        return _failure(source, error)
    return _write(im, target, settings, _notes(caught))


def verify(source: Path, settings: ImageSettings) -> RenderError | None:
    """Whether `source` can be rendered, without rendering it: its header, its size against
    the pixel limit, and a decode at the smallest scale the format offers (a JPEG at an
    eighth), which reads every byte of the picture and so finds a truncated or damaged one."""
    if source.suffix.lower() in HEIF_SUFFIXES and not HEIF_SUPPORTED:
        return RenderError("heif-missing")
    try:
        with _pixel_limit(settings.max_pixels):
            _decode(source, settings, largest=1)
    except Exception as error:  # classified as in render
        return _failure(source, error)
    return None


def _failure(source: Path, error: Exception) -> RenderError:
    if isinstance(error, Image.DecompressionBombWarning | Image.DecompressionBombError):
        return RenderError("too-large", str(error))
    if isinstance(error, UnidentifiedImageError):
        vector = source.suffix.lower() in VECTOR_SUFFIXES  # a designer's file, not a photo
        return RenderError("vector" if vector else "unreadable", str(error))
    if isinstance(error, MemoryError):
        return RenderError("too-large", str(error))
    # a damaged file makes decoders raise anything
    kind = "truncated" if "truncated" in str(error) else "unreadable"
    return RenderError(kind, str(error))


@functools.lru_cache(maxsize=1024)
def layout(width: int, height: int, settings: ImageSettings
           ) -> tuple[tuple[int, ...], tuple[int, ...], tuple[Variant, ...]]:
    """Thumbnail widths, lightbox widths and the variants written for an upright photo of
    this size (photos of one size share them)."""
    full = (width,) if settings.originals else ()
    grid = widths_for(settings.grid_widths, width)
    large = widths_for((*settings.large_widths, *full), width)
    fallback = settings.formats[-1]
    fallback_widths = {grid[-1], large[-1]}
    variants = [_variant(w, max(1, round(height * w / width)), fmt, f"{w}.{EXTENSIONS[fmt]}")
                for w in {*grid, *large} for fmt in settings.formats
                if fmt != fallback or w in fallback_widths]
    return grid, large, tuple(sorted(variants, key=lambda v: (v.width, v.format)))


RENDITION = "rendition.json"


def _write(im: Image.Image, target: Path, settings: ImageSettings,
           notes: tuple[str, ...] = ()) -> tuple[Rendition, Digests]:
    width, height = im.size
    grid, large, variants = layout(width, height, settings)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    current = im
    digests: Digests = {}
    for variant in sorted(variants, key=lambda v: -v.width):  # each size from the last
        if current.size != (variant.width, variant.height):
            current = current.resize((variant.width, variant.height), Image.Resampling.BICUBIC)
        encoded = _encode(current, variant.format, settings)
        (staging / variant.file).write_bytes(encoded)
        digests[variant.file] = hashlib.sha256(encoded).hexdigest()
    rendition = Rendition(width, height, _colour(current), grid, large, variants, notes)
    (staging / RENDITION).write_bytes(sealed(record(rendition, digests)))
    try:
        os.replace(staging, target)
    except OSError:  # another worker finished the same photo first
        shutil.rmtree(staging, ignore_errors=True)
    return rendition, digests


def small_logo(source: Path, height: int) -> bytes:
    """`source` (a logo's narrowest WebP variant) at most `height` pixels high, as the WebP,
    lossless or not, that is smaller: a flat logo compresses best without loss."""
    with Image.open(source) as im:
        im.load()
        if im.height > height:
            im = im.resize((max(1, round(im.width * height / im.height)), height),
                           Image.Resampling.LANCZOS)
        encoded = []
        for options in ({"lossless": True, "method": 6}, {"quality": 90, "method": 6}):
            out = io.BytesIO()
            im.save(out, "WEBP", **options)
            encoded.append(out.getvalue())
    return min(encoded, key=len)


def pixel_size(path: Path) -> tuple[int, int]:
    """Width and height of an image file (its header is read, not its pixels)."""
    with Image.open(path) as im:
        return im.size


def square_icon(source: Path, size: int) -> bytes:
    """`source` fitted into a transparent `size`×`size` square, as a PNG of 256 colours at
    most: a site icon (browser tab, bookmark) every browser reads, a few kilobytes."""
    with Image.open(source) as im:
        im = im.convert("RGBA")
        im.thumbnail((size, size), Image.Resampling.LANCZOS)
        square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        square.paste(im, ((size - im.width) // 2, (size - im.height) // 2))
    out = io.BytesIO()
    square.quantize(256, method=Image.Quantize.FASTOCTREE).save(out, "PNG", optimize=True)
    return out.getvalue()


def cover_sheet(sources: list[Path], cell: tuple[int, int], quality: int) -> bytes:
    """Each source cropped to fill a `cell` (centred) and drawn one under the other, as one
    WebP: photos shown small side by side, fetched in one request."""
    width, height = cell
    sheet = Image.new("RGB", (width, height * len(sources)))
    for at, source in enumerate(sources):
        with Image.open(source) as im:
            fitted = ImageOps.fit(im.convert("RGB"), cell, Image.Resampling.LANCZOS)
        sheet.paste(fitted, (0, at * height))
    out = io.BytesIO()
    sheet.save(out, "WEBP", quality=quality, method=6)
    return out.getvalue()


def record(rendition: Rendition, digests: Digests) -> dict:
    """What is known of a rendition folder: the rendition, and the digest of each file."""
    return {"rendition": rendition.to_data(), "files": digests}


def read_rendition(folder: Path) -> dict | None:
    """The record of a rendition as `render` wrote it (see `from_record`); None when it is
    missing or not as written."""
    try:
        record = unsealed((folder / RENDITION).read_bytes())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def from_record(record: object) -> tuple[Rendition, Digests] | None:
    """A rendition and the digests of its files, from its record; None if it is no record."""
    try:
        rendition = Rendition.from_data(record["rendition"])  # type: ignore[index]
        digests = dict(record["files"])  # type: ignore[index]
    except (ValueError, TypeError, KeyError):
        return None
    if sorted(digests) != sorted(v.file for v in rendition.variants):
        return None
    return rendition, digests
