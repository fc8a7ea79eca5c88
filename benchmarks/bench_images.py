"""Image pipeline benchmark: decode floor, cold, warm, 5 changed photos, peak memory.

    python benchmarks/bench_images.py [--count 200] [--work .cache/bench]

Every phase runs in a fresh Python process; the peak memory of a phase is the largest sum of
resident memory over that process and all its workers, sampled every 20 ms. Times are
wall-clock seconds on this machine; what matters is the ratio to the baselines measured in
the same run (the decode floor, and the same site built without photos).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import phases  # noqa: E402
from photo_corpus import make_corpus  # noqa: E402

PHOTOS_PER_VILLAGE = 10
SITE = """\
name: 基准镇
brand:
  name: 红色领航
  slogan: 基准测试
footer:
  icp: 闽ICP备00000000号-1
  copyright: 基准测试
"""


# -- the project under test -------------------------------------------------------------------


def make_project(folder: Path, photos: list[Path], with_photos: bool = True) -> Path:
    """A site with one village per ten photos; assets are hard links into the corpus."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content/villages").mkdir(parents=True)
    (folder / "content/pages").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "themes", folder / "themes")
    (folder / "content/site.yaml").write_text(SITE, encoding="utf-8")
    assets = folder / "assets/photos"
    assets.mkdir(parents=True)
    for start in range(0, len(photos), PHOTOS_PER_VILLAGE):
        number = start // PHOTOS_PER_VILLAGE + 1
        lines = [f"name: 示范村{number:03d}", f"summary: 第 {number} 个示范村"]
        if with_photos:
            lines.append("photos:")
            for photo in photos[start:start + PHOTOS_PER_VILLAGE]:
                os.link(photo, assets / photo.name)
                lines += [f"  - file: photos/{photo.name}", f"    caption: 照片 {photo.stem}"]
        text = "\n".join(lines) + "\n"
        (folder / f"content/villages/示范村{number:03d}.yaml").write_text(text, encoding="utf-8")
    return folder


def change_photos(project: Path, count: int) -> None:
    """Re-encode `count` photos: new bytes, same names (the way an editor swaps a photo)."""
    from PIL import Image

    for path in sorted((project / "assets/photos").glob("*.jpg"))[:count]:
        with Image.open(path) as image:
            image.load()
            data = image
        path.unlink()  # break the hard link: the corpus stays as it was
        data.save(path, "JPEG", quality=88)


# -- phases (each in its own process) ---------------------------------------------------------


def phase_floor(photos: list[str]) -> dict:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    start = time.perf_counter()
    for photo in photos:
        with Image.open(photo) as image:
            image.load()
    return {"seconds": time.perf_counter() - start}


def phase_core(project: str) -> dict:
    from generator.pipeline import Settings, build

    start = time.perf_counter()
    result = build(Settings.for_project(Path(project)))
    seconds = time.perf_counter() - start
    assert result.ok, [p.format() for p in result.problems]
    return {"seconds": seconds, "processed": result.media.processed,
            "reused": result.media.reused, "files": len(result.files)}


def phase_site(project: str) -> dict:
    import logging

    from generator.adapter.plugin import build_site

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # e.g. the note about site_url
    site = Path(project) / "site"
    start = time.perf_counter()
    result = build_site(Path(project) / "mkdocs.yml", site_dir=site)
    return {"seconds": time.perf_counter() - start, "processed": result.media.processed,
            "reused": result.media.reused}


PHASES = {"floor": phase_floor, "core": phase_core, "site": phase_site}


# -- driver -----------------------------------------------------------------------------------


def run(phase: str, argument: object) -> dict:
    return phases.run(__file__, ROOT, phase, argument)


def median_of(phase: str, argument: object, times: int) -> dict:
    return phases.median_of(__file__, ROOT, phase, argument, times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--small", type=int, default=50, help="second size, for memory")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache/bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phase")
    parser.add_argument("argument", nargs="?")
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](json.loads(args.argument))))
        return 0

    corpus = args.work / "corpus"
    specs = make_corpus(corpus, args.count)
    photos = [corpus / s.name for s in specs]
    megabytes = sum(p.stat().st_size for p in photos) / 1e6
    print(f"corpus: {len(photos)} photos, {megabytes:.0f} MB, {os.cpu_count()} CPUs", flush=True)

    big = make_project(args.work / "images-big", photos)
    small = make_project(args.work / "images-small", photos[:args.small])
    bare = make_project(args.work / "images-bare", photos, with_photos=False)

    rows = []

    def record(name: str, result: dict) -> dict:
        rows.append((name, result))
        print(f"{name}: {result['seconds']:.2f} s, CPU {result['cpu']:.2f} s, "
              f"peak {result['peak_mb']:.0f} MB", flush=True)
        return result

    floor = record("decode floor (full decode, 1 process)", run("floor", [str(p) for p in photos]))
    cold = record("cold pipeline (all variants, empty cache)", run("core", str(big)))
    cold_small = record(f"cold pipeline, {args.small} photos", run("core", str(small)))
    warm_core = record("warm pipeline, nothing changed", run("core", str(big)))
    warm = record("warm full build (MkDocs), nothing changed",
                  median_of("site", str(big), args.repeat))
    bare_site = record("same full build, no photos", median_of("site", str(bare), args.repeat))
    change_photos(big, 5)
    changed = record("full build after changing 5 photos", run("site", str(big)))

    print()
    print("| measurement | wall s | CPU s | peak memory (MB) | photos |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, result in rows:
        extra = ", ".join(f"{k} {v}" for k, v in result.items()
                          if k in {"processed", "reused"})
        print(f"| {name} | {result['seconds']:.2f} | {result['cpu']:.2f} | "
              f"{result['peak_mb']:.0f} | {extra} |")
    print()
    print(f"- cold pipeline / decode floor: {cold['seconds'] / floor['seconds']:.2f}× wall "
          f"(target ≤ 3×); {cold['cpu'] / floor['cpu']:.2f}× in CPU time, "
          f"spread over {os.cpu_count()} CPUs")
    print(f"- warm full build / same build without photos: "
          f"{warm['seconds'] / bare_site['seconds']:.2f}× (target ≤ 1.2×)")
    print(f"- peak memory, {args.count} vs {args.small} photos: "
          f"{cold['peak_mb']:.0f} MB vs {cold_small['peak_mb']:.0f} MB "
          f"({cold['peak_mb'] / cold_small['peak_mb']:.2f}×; target: no growth)")
    print(f"- warm pipeline alone: {warm_core['seconds']:.2f} s; after 5 changed photos the "
          f"full build took {changed['seconds']:.2f} s, processing {changed['processed']} "
          f"and reusing {changed['reused']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
