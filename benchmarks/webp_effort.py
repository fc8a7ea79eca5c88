"""WebP effort (`method`) against bytes and encoding time, at the widths the site writes.

    .venv/bin/python benchmarks/webp_effort.py            # methods 0–4, three kinds of photo

Three sets of twelve pictures, each scaled (bicubic, as the pipeline does) to every width it
covers and encoded at the site's quality with each method: phone-size photos with sensor grain
(`photo_corpus.py`, as `bench_images.py` uses), the sample site's drawn pictures (`assets/`),
and the province-scale pool (`synthetic_site.py`). Bytes are summed over the set; time is CPU
milliseconds per picture, one process.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import photo_corpus  # noqa: E402
import synthetic_site  # noqa: E402

from generator.media.images import ImageSettings  # noqa: E402

WIDTHS = (360, 720, 1080, 1600)
COUNT = 12


def picture_sets(work: Path) -> dict[str, list[Path]]:
    corpus = work / "webp-corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for spec in photo_corpus.plan(200)[:COUNT]:
        if not (corpus / spec.name).exists():
            photo_corpus.make(spec, corpus)
    pool = work / "pool"
    synthetic_site.make_pool(pool)  # made once, kept
    samples = sorted((ROOT / "assets").rglob("*.jpg"))
    return {
        "phone photos, 4000×3000 with grain": sorted(corpus.glob("*.jpg"))[:COUNT],
        "sample site's pictures, 1600×1200": samples[::max(1, len(samples) // COUNT)][:COUNT],
        "province pool, 1024×768": sorted(pool.glob("*.jpg"))[:COUNT],
    }


def measure(files: list[Path], methods: range, quality: int) -> dict[tuple[int, int], list]:
    found: dict[tuple[int, int], list] = {}
    for file in files:
        with Image.open(file) as opened:
            im = ImageOps.exif_transpose(opened).convert("RGB")
        for width in WIDTHS:
            if width > im.width:
                continue
            scaled = im.resize((width, round(im.height * width / im.width)),
                               Image.Resampling.BICUBIC)
            for method in methods:
                out = io.BytesIO()
                start = time.process_time()
                scaled.save(out, "WEBP", quality=quality, method=method)
                spent = time.process_time() - start
                total = found.setdefault((width, method), [0, 0.0])
                total[0] += len(out.getvalue())
                total[1] += spent
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=ROOT / ".cache/bench")
    parser.add_argument("--methods", type=int, nargs=2, default=(0, 4), metavar=("FIRST", "LAST"))
    args = parser.parse_args(argv)
    methods = range(args.methods[0], args.methods[1] + 1)
    quality = ImageSettings().webp_quality
    for label, files in picture_sets(args.work).items():
        found = measure(files, methods, quality)
        print(f"\n{label} ({len(files)} pictures), WebP quality {quality}: "
              "KB over the set (CPU ms per picture)\n")
        print("| width | " + " | ".join(f"method {m}" for m in methods) + " |")
        print("| ---: |" + " ---: |" * len(methods))
        for width in WIDTHS:
            cells = [found.get((width, m)) for m in methods]
            if any(cell is None for cell in cells):
                continue
            print(f"| {width} | " + " | ".join(
                f"{b / 1000:,.0f} ({t * 1000 / len(files):.0f})" for b, t in cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
