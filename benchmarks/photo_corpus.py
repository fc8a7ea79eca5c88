"""A deterministic corpus of phone-size photos for the image benchmarks.

Each photo starts from one of the sample site's pictures (assets/), is enlarged to phone size,
cropped, tinted and given sensor-like grain so that it compresses like a real photo (2–6 MB
as a 4000×3000 JPEG). Some are portraits stored sideways with EXIF Orientation 6, some carry
GPS, one is 8000×6000, a few are PNG. The same arguments always give the same files.

    python benchmarks/photo_corpus.py OUT_DIR [--count 200]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageFilter
from PIL.TiffImagePlugin import IFDRational

ROOT = Path(__file__).resolve().parent.parent
PHONE = (4000, 3000)
HUGE = (8000, 6000)
PNG_SIZE = (2400, 1800)  # screenshots and posters, not camera frames


@dataclass(frozen=True)
class Spec:
    name: str
    base: str
    size: tuple[int, int]  # stored pixels
    portrait: bool  # stored sideways with Orientation 6
    gps: bool
    png: bool
    grain: float
    seed: int


def plan(count: int, seed: int = 2024) -> list[Spec]:
    bases = sorted(str(p) for p in (ROOT / "assets").rglob("*.jpg"))
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        png = i % 50 == 7
        huge = i == 13
        specs.append(Spec(
            name=f"{i:03d}.{'png' if png else 'jpg'}",
            base=bases[i % len(bases)],
            size=PNG_SIZE if png else HUGE if huge else PHONE,
            portrait=not png and i % 10 == 3,
            gps=not png and i % 4 == 1,
            png=png,
            grain=rng.uniform(0.05, 0.16),
            seed=rng.getrandbits(32),
        ))
    return specs


def _grain(size: tuple[int, int], rng: random.Random, amount: float) -> Image.Image:
    """Luminance noise at sensor scale, made from seeded random bytes."""
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    noise = noise.filter(ImageFilter.GaussianBlur(0.6))
    gain = 2.5 + amount * 10
    return noise.point(lambda v: max(0, min(255, round(128 + (v - 128) * gain))))


def _gps(rng: random.Random) -> Image.Exif:
    exif = Image.Exif()
    lat, lng = 25.4 + rng.random() * 0.1, 118.7 + rng.random() * 0.1

    def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
        minutes = (value - int(value)) * 60
        return (IFDRational(int(value)), IFDRational(int(minutes)),
                IFDRational(round((minutes - int(minutes)) * 6000), 100))

    exif[0x8825] = {1: "N", 2: dms(lat), 3: "E", 4: dms(lng)}
    return exif


def make(spec: Spec, out: Path) -> int:
    rng = random.Random(spec.seed)
    with Image.open(spec.base) as base:
        image = base.convert("RGB")
    w, h = image.size
    crop = rng.uniform(0.75, 1.0)
    cw, ch = int(w * crop), int(h * crop)
    x, y = rng.randint(0, w - cw), rng.randint(0, h - ch)
    upright = (spec.size[1], spec.size[0]) if spec.portrait else spec.size
    image = image.crop((x, y, x + cw, y + ch)).resize(upright, Image.Resampling.BICUBIC)
    if rng.random() < 0.5:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    tint = Image.new("RGB", upright, tuple(rng.randint(0, 255) for _ in range(3)))
    image = Image.blend(image, tint, rng.uniform(0.0, 0.12))
    if not spec.png:
        noise = _grain(upright, rng, spec.grain)
        image = Image.merge("RGB", [Image.blend(c, noise, spec.grain) for c in image.split()])
    exif = Image.Exif()
    if spec.portrait:  # phones store the sensor's landscape frame and a tag to turn it
        image = image.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    if spec.gps:
        for key, value in _gps(rng).items():
            exif[key] = value
    target = out / spec.name
    if spec.png:
        image.save(target, "PNG", compress_level=6)
    else:
        image.save(target, "JPEG", quality=92, exif=exif.tobytes())
    return target.stat().st_size


def make_corpus(out: Path, count: int = 200, workers: int | None = None) -> list[Spec]:
    """Write the corpus into `out` (skipping files that are already there)."""
    out.mkdir(parents=True, exist_ok=True)
    specs = plan(count)
    manifest = out / "manifest.json"
    wanted = json.dumps([asdict(s) for s in specs], ensure_ascii=False, indent=1)
    if manifest.exists() and manifest.read_text(encoding="utf-8") == wanted and all(
            (out / s.name).exists() for s in specs):
        return specs
    todo = [s for s in specs if not (out / s.name).exists()]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(make, todo, [out] * len(todo)))
    manifest.write_text(wanted, encoding="utf-8")
    return specs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    specs = make_corpus(args.out, args.count)
    sizes = [(args.out / s.name).stat().st_size for s in specs]
    jpeg = [size for s, size in zip(specs, sizes, strict=True) if not s.png]
    print(f"{len(specs)} photos in {args.out}: {sum(sizes) / 1e6:.0f} MB; JPEG "
          f"{min(jpeg) / 1e6:.1f}–{max(jpeg) / 1e6:.1f} MB; "
          f"{sum(s.portrait for s in specs)} portrait (Orientation 6), "
          f"{sum(s.gps for s in specs)} with GPS, {sum(s.png for s in specs)} PNG, "
          f"{sum(s.size == HUGE for s in specs)} of 8000×6000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
