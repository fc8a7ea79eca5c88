"""What publishing a site costs at a county's scale of photo files (generator/adapter/publish.py).

    .venv/bin/python benchmarks/bench_publish.py --files 100000

Makes a cache of N content-named photo files, then publishes a small site carrying them, as
`showcase build` does: the first time every photo is copied (or cloned) from the cache; after
that each unchanged one is linked from the old site once its manifest entry matches, and the
old site is deleted after the swap. For comparison, in the same run: moving the old site's
photo folder into the new site whole and listing it, which is what earlier versions did (not
atomic: between the renames the old site had no photos). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from generator.adapter.publish import CARRIED, Publication


def _cache(root: Path, files: int, size: int) -> list[tuple[str, str]]:
    folder = root / "cache/images"
    folder.mkdir(parents=True)
    data = os.urandom(size)
    media = []
    for n in range(files):
        name = f"{n:016x}-{(360, 720, 1080)[n % 3]}.webp"
        path = f"{folder}/{name}"
        with open(path, "wb") as stream:
            stream.write(data)
        media.append((name, path))
    return media


def _publish(target: Path, cache: Path, media: list[tuple[str, str]],
             traced: bool = False) -> float:
    """Seconds to publish; with `traced`, the peak of Python's memory while doing it (MB)."""
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    with Publication(target, cache) as publication:
        assert publication.staging is not None
        (publication.staging / "index.html").write_text("<!doctype html>", encoding="utf-8")
        publication.publish(iter(media))
    seconds = time.perf_counter() - start
    if not traced:
        return seconds
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def _moved(target: Path) -> float:
    """The earlier way: the old photo folder renamed into a new site, its names listed."""
    start = time.perf_counter()
    staging = target.with_name("moved")
    staging.mkdir()
    (target / CARRIED).rename(staging / CARRIED)
    with os.scandir(staging / CARRIED) as entries:
        names = {e.name for e in entries}
    seconds = time.perf_counter() - start
    (staging / CARRIED).rename(target / CARRIED)
    staging.rmdir()
    assert names
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=2000, help="bytes per photo file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=".") as temp:
        root = Path(temp)
        made = time.perf_counter()
        media = _cache(root, args.files, args.size)
        made = time.perf_counter() - made
        target, cache = root / "site", root / "cache"
        rows = [("cold: every photo copied from the cache", _publish(target, cache, media))]
        rows.append(("warm: every photo linked from the old site", _publish(target, cache,
                                                                             media)))
        changed = media[::100]
        for name, _source in changed:  # an optimiser rewrote 1 % in place
            with open(target / CARRIED / name, "r+b") as stream:
                stream.write(b"optimised")
        rows.append(("warm, 1 % changed in place under site/: those copied again",
                     _publish(target, cache, media)))
        assert all((target / CARRIED / n).read_bytes()[:9] != b"optimised" for n, _ in changed)
        rows.append(("earlier, not atomic: photo folder moved and listed", _moved(target)))
        peak = _publish(target, cache, media, traced=True)
    print(f"{args.files} photo files of {args.size} bytes (writing them took {made:.1f} s); "
          f"Python memory peak of a warm publish {peak:.1f} MB\n")
    print("| publish | wall s |\n| --- | ---: |")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
