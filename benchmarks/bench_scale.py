"""Province-scale benchmark: cold and incremental builds, memory and search index at N villages.

    python benchmarks/bench_scale.py [--sizes 100 1000] [--work .cache/bench] [--full-nav]
                                     [--photos-primed 1000]

For each size a synthetic county (synthetic_site.py: 20 photos per village) is built in fresh
Python processes: cold (no cache), warm with nothing changed, after editing one village, after
adding ten photos, after deleting a homestay. Baselines in the same run: the plain decode of every
photo (one process), and a bare MkDocs Material build of the same number of plain Markdown pages
with the same navigation, search and Markdown extensions (with --full-nav, also one that lists
every item in the navigation, as the site did before nav_max_items). The bare build's search is
set up for Chinese as Material's documentation says, with jieba installed (the `bench` extra:
`.venv/bin/pip install -e '.[bench]'`); the site itself no longer needs jieba.

Peak memory is the largest sum of resident memory over a phase's process and its workers,
sampled every 20 ms; CPU is user+system time of the process tree. Inside each build the time is
split by stage (load/validate/link, render, photos, MkDocs Markdown, templates, search, page
cache). What matters is the ratio to the baselines measured in the same run: on a shared
machine wall-clock time is noisy, CPU time much less so.

With --photos-primed SIZE, the project of that size gets its photo cache without a cold build:
every photo is a pool picture with a comment of its own (same pixels), so each pool picture is
rendered once and its rendition folder copied under the key of every photo made from it (the
bytes a cold build would write). The cold build and the decode floor of that size are then not
measured (at 1,000 villages they take a quarter of an hour of both CPUs); the first build after
priming builds every page with the photos cached.
"""

from __future__ import annotations

import argparse
import functools
import gc
import gzip
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import phases  # noqa: E402
import synthetic_site  # noqa: E402

EDITED_VILLAGE = 7  # the village whose file is edited and whose folder gets ten photos


# -- projects ---------------------------------------------------------------------------------


def make_bare(project: Path, bare: Path, full_nav: bool) -> int:
    """Plain Markdown pages with the texts and navigation of the project's pages; no showcase
    plugin, no photos, no HTML. Returns the page count."""
    import yaml

    from generator.media.stage import MediaIndex
    from generator.pages import render
    from generator.pipeline import Settings, check

    settings = Settings.for_project(project)
    site = check(settings).site
    assert site is not None
    pages, _ = render.Renderer(render.template_folders(settings.templates_dir),
                               render.RenderSettings()).render(
        site, MediaIndex())
    nav = json.loads(json.dumps(  # plain strings (titles are escaped Markup)
        render.navigation(site, [], None if full_nav else settings.nav_max_items)))
    shutil.rmtree(bare, ignore_errors=True)
    tags = re.compile(r"<[^>]+>|\{[^}\n]*\}|\*\*|^\s*[-#>|]+\s*", re.MULTILINE)
    for page in pages:
        _, front, body = page.read_text().split("---\n", 2)
        title = yaml.safe_load(front)["title"]
        paragraphs = [line.strip() for line in tags.sub("", body).splitlines() if line.strip()]
        text = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {title}\n\n"
        target = bare / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n\n".join(paragraphs[1:]) + "\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content/pages", "docs_dir: docs")
    config = config.replace("  custom_dir: themes/material\n", "")
    config = re.sub(r"language: zh-CN\b", "language: zh", config)  # zh-CN is the project's
    config = re.sub(r"  - showcase:\n(      .*\n)*", "", config)
    nav_yaml = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    (bare / "mkdocs.yml").write_text(config + nav_yaml, encoding="utf-8")
    return len(pages)


def edit_village(project: Path) -> None:
    """What an officer does daily: rewrite one village's one-line introduction."""
    path = sorted((project / "content/villages").glob("*.yaml"))[EDITED_VILLAGE]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^summary: .*$', 'summary: "今年新修订的村情简介：党建引领产业兴旺。"', text,
                  count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def delete_stay(project: Path) -> tuple[str, list[str]]:
    """Delete one homestay's file; returns its name and its photos (they stay in assets/)."""
    path = sorted((project / "content/stays").glob("*.yaml"))[0]
    photos = re.findall(r'file: "([^"]+)"', path.read_text(encoding="utf-8"))
    path.unlink()
    return path.stem, photos


# -- phases (each in its own process) ---------------------------------------------------------


def prime_photos(project: Path) -> int:
    """The photo cache a cold build would leave, made from one rendering per pool picture
    (see the module's docstring). Returns the number of photos primed."""
    import hashlib
    import struct

    from generator.adapter.plugin import settings_from_config
    from generator.media import images
    from generator.media import stage as media

    settings = settings_from_config(project / "mkdocs.yml")
    fingerprint = settings.images.fingerprint()
    folder = settings.cache_dir / "images"
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}  # by the digest of the pool picture's bytes
    primed = 0
    for path in sorted((project / "assets").rglob("*.jpg")):
        data = path.read_bytes()
        if data[2:4] != b"\xff\xfe":  # not a pool picture with its own comment
            continue
        length = struct.unpack(">H", data[4:6])[0]
        picture = hashlib.sha256(data[:2] + data[4 + length:]).hexdigest()
        digest = hashlib.sha256(data).hexdigest()
        target = folder / media._key(digest, fingerprint)
        if target.exists():
            continue
        if picture in made:
            shutil.copytree(made[picture], target)
        elif isinstance(images.render(path, target, settings.images, digest), tuple):
            made[picture] = target
        primed += 1
    return primed


def phase_floor(project: str) -> dict:
    from PIL import Image

    photos = sorted(Path(project, "assets").rglob("*.jpg"))
    start, cpu = time.perf_counter(), time.process_time()
    for photo in photos:
        with Image.open(photo) as image:
            image.load()
    return {"seconds": time.perf_counter() - start, "inner_cpu": time.process_time() - cpu,
            "photos": len(photos)}


def _workers_cpu() -> float:
    """CPU seconds of this process's descendants, those that ended included (the pool's
    workers are reaped by this process: their time is in its children's)."""
    times = os.times()
    total = times.children_user + times.children_system
    for pid in phases.descendants(os.getpid()):
        try:
            fields = phases.stat(pid)
            total += sum(int(f) for f in fields[11:15]) / phases.TICKS
        except (OSError, ValueError, IndexError):
            continue
    return total


class _Stopwatch:
    """Wall and CPU seconds spent in wrapped functions, by label (nested calls included)."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, label: str, workers: bool = False) -> None:
        """Time `owner.name`; with `workers`, its worker processes' CPU too (reading /proc,
        so only for the photo stage, not for functions called once per page)."""
        original = getattr(owner, name)
        others = _workers_cpu if workers else lambda: 0.0

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu, before = time.perf_counter(), time.process_time(), others()
            try:
                return original(*args, **kwargs)
            finally:
                self.wall[label] = self.wall.get(label, 0) + time.perf_counter() - wall
                self.cpu[label] = (self.cpu.get(label, 0) + time.process_time() - cpu
                                   + others() - before)

        setattr(owner, name, timed)


def _instrument() -> _Stopwatch:
    from material.plugins.search import plugin as search
    from mkdocs.commands import build as mkdocs_build

    from generator import pipeline
    from generator.adapter import page_reuse, publish
    from generator.adapter import plugin as mkdocs_plugin
    from generator.media import assets as assetpaths
    from generator.media import stage as media
    from generator.pages import render

    watch = _Stopwatch()
    watch.wrap(pipeline, "check", "load, validate, link")
    # the walk of assets/ that photo paths are checked against (made once, before `check`)
    watch.wrap(assetpaths.AssetTree, "__init__", "load, validate, link")
    watch.wrap(render.Renderer, "render", "render pages")
    watch.wrap(media, "process", "photos", workers=True)
    watch.wrap(mkdocs_build, "_populate_page", "mkdocs: Markdown")
    watch.wrap(mkdocs_build, "_build_page", "mkdocs: templates")
    watch.wrap(page_reuse.PageReuse, "built", "search: index pages")
    watch.wrap(search.SearchPlugin, "on_post_build", "search: write index")
    watch.wrap(page_reuse.PageReuse, "write_search_index", "search: write index")
    watch.wrap(page_reuse.PageReuse, "__init__", "page cache")
    watch.wrap(page_reuse.PageReuse, "restore", "page cache")
    watch.wrap(page_reuse.PageReuse, "finish", "page cache")
    watch.wrap(page_reuse.PageReuse, "populate", "mkdocs: Markdown, read late")
    watch.wrap(mkdocs_plugin, "place", "place photos")
    watch.wrap(publish.Publication, "publish", "publish: photos carried over, site swapped in")
    return watch


def phase_site(project: str) -> dict:
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # e.g. the note about site_url
    watch = _instrument()
    from generator.adapter.plugin import build_site

    start, cpu = time.perf_counter(), time.process_time()
    result = build_site(Path(project) / "mkdocs.yml", site_dir=Path(project) / "site")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    gc.freeze()  # as the `showcase` command ends (generator/cli.py: run)
    return {"seconds": seconds, "inner_cpu": cpu, "stages": watch.wall, "stage_cpu": watch.cpu,
            "processed": result.media.processed, "reused": result.media.reused,
            "removed": result.media.removed, "built": result.pages.built,
            "rendered": result.render.rendered,
            "pages_reused": result.pages.reused}


def phase_bare(project: str) -> dict:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    watch = _instrument()
    site = Path(project) / "site"
    shutil.rmtree(site, ignore_errors=True)
    start, cpu = time.perf_counter(), time.process_time()
    build(load_config(str(Path(project) / "mkdocs.yml"), site_dir=str(site)))
    return {"seconds": time.perf_counter() - start, "inner_cpu": time.process_time() - cpu,
            "stages": watch.wall, "stage_cpu": watch.cpu}


PHASES = {"floor": phase_floor, "site": phase_site, "bare": phase_bare}


# -- driver -----------------------------------------------------------------------------------


def run(phase: str, argument: object) -> dict:
    return phases.run(__file__, ROOT, phase, argument)


def median_of(phase: str, argument: object, times: int) -> dict:
    return phases.median_of(__file__, ROOT, phase, argument, times)


def search_index(site: Path) -> dict:
    """The site's own search index (generator/adapter/search.py): every file of it."""
    from generator.adapter.search import read_index

    files = sorted((site / "search").glob("*.js"))
    raw = sum(len(f.read_bytes()) for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    index = read_index(site)
    return {"raw": raw, "gzip": packed, "entries": len(index["entries"]),
            "pages": len(index["pages"]), "files": len(files)}


def page_weight(site: Path) -> dict:
    """Median HTML size of a village page, raw and gzip (what a visitor downloads first)."""
    pages = sorted((site / "villages").glob("*/index.html"))[:50]
    raw = [len(p.read_bytes()) for p in pages]
    packed = [len(gzip.compress(p.read_bytes(), 6)) for p in pages]
    return {"raw": statistics.median(raw), "gzip": statistics.median(packed)}


def measure(size: int, work: Path, repeat: int, full_nav: bool,
            primed: bool = False) -> dict[str, Any]:
    project = work / f"scale-{size}"
    print(f"\n## {size} villages", flush=True)
    counts = synthetic_site.make_project(project, size, pool_dir=work / "pool")
    pages = make_bare(project, work / f"bare-{size}", full_nav=False)
    if full_nav:
        make_bare(project, work / f"bare-full-{size}", full_nav=True)
    print(f"{pages} pages; " + ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    rows: list[tuple[str, dict]] = []

    def record(name: str, result: dict) -> dict:
        rows.append((name, result))
        extra = "".join(f", {k} {result[k]}" for k in
                        ("processed", "removed", "rendered", "built", "pages_reused")
                        if k in result)
        print(f"{name}: {result['seconds']:.1f} s, CPU {result['cpu']:.1f} s, "
              f"peak {result['peak_mb']:.0f} MB{extra}", flush=True)
        return result

    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    out: dict[str, Any] = {"size": size, "pages": pages, "counts": counts, "rows": rows}
    if primed:
        start = time.perf_counter()
        count = prime_photos(project)
        print(f"photo cache primed: {count} photos in {time.perf_counter() - start:.0f} s",
              flush=True)
    else:
        out["floor"] = record("decode floor (every photo, 1 process)",
                              run("floor", str(project)))
    out["bare"] = record(f"bare MkDocs Material, {pages} plain pages",
                         run("bare", str(work / f"bare-{size}")))
    if full_nav:
        out["bare_full"] = record("bare MkDocs, every item in the nav",
                                  run("bare", str(work / f"bare-full-{size}")))
    out["cold" if not primed else "first"] = record(
        "cold build (empty cache)" if not primed else "first build, photos primed",
        run("site", str(project)))
    out["search"] = search_index(project / "site")
    out["weight"] = page_weight(project / "site")
    out["warm"] = record("warm rebuild, nothing changed", median_of("site", str(project), repeat))
    shutil.rmtree(project / ".cache/showcase/pages")  # as after a theme or navigation change
    out["full"] = record("every page rebuilt, photos cached", run("site", str(project)))
    edit_village(project)
    out["edit"] = record("rebuild after editing one village", run("site", str(project)))
    synthetic_site.add_photos(project, EDITED_VILLAGE, 10, pool_dir=work / "pool")
    out["add"] = record("rebuild after adding ten photos", run("site", str(project)))
    name, photos = delete_stay(project)
    out["delete"] = record(f"rebuild after deleting a homestay ({len(photos)} photos)",
                           run("site", str(project)))
    out["deleted_page_gone"] = not any((project / "site/stays").glob(
        f"{synthetic_site.slugify(name)}/index.html"))
    return out


STAGES = [  # (label, stages summed, stages subtracted): nested timers are taken apart
    ("load, validate, link", ["load, validate, link"], []),
    ("render pages (Jinja2)", ["render pages"], []),
    ("photos (media stage, workers' CPU included)", ["photos"], []),
    ("MkDocs: Markdown to HTML", ["mkdocs: Markdown", "mkdocs: Markdown, read late"], []),
    ("MkDocs: page templates", ["mkdocs: templates"],
     ["search: index pages", "mkdocs: Markdown, read late"]),
    ("search: index pages (entries read from the HTML)", ["search: index pages"], []),
    ("search: write index", ["search: write index"], []),
    ("page cache: keys, restore, keep", ["page cache"], []),
    ("photos copied into the site by MkDocs' build", ["place photos"], []),
    ("publish: photos carried over, site swapped in",
     ["publish: photos carried over, site swapped in"], []),
]


def stage_table(r: dict[str, Any]) -> None:
    """Where each build's time goes, wall s (CPU s)."""
    columns = [k for k in ("cold", "first", "warm", "full", "edit", "add", "delete", "bare",
                           "bare_full")
               if k in r]
    print(f"\nWhere the time goes at {r['size']} villages, wall s (CPU s):")
    print("\n| stage | " + " | ".join(columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    rest = {k: r[k]["seconds"] for k in columns}
    for label, plus, minus in STAGES:
        cells = []
        for k in columns:
            wall = (sum(r[k]["stages"].get(n, 0.0) for n in plus)
                    - sum(r[k]["stages"].get(n, 0.0) for n in minus))
            cpu = (sum(r[k]["stage_cpu"].get(n, 0.0) for n in plus)
                   - sum(r[k]["stage_cpu"].get(n, 0.0) for n in minus))
            rest[k] -= wall
            cells.append(f"{wall:.2f} ({cpu:.2f})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("| everything else (config, files, nav, theme assets) | "
          + " | ".join(f"{rest[k]:.2f}" for k in columns) + " |")
    print("| whole build, in process | "
          + " | ".join(f"{r[k]['seconds']:.2f}" for k in columns) + " |")


def report(results: list[dict[str, Any]]) -> None:
    print("\n| measurement | " + " | ".join(f"{r['size']} villages" for r in results) + " |")
    print("| --- |" + " ---: |" * len(results))

    def line(label: str, cell: Any) -> None:
        print(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    line("pages / photos", lambda r: f"{r['pages']} / {r['counts']['photos']}")
    for key, label in [("cold", "cold build"), ("first", "first build, photos primed"),
                       ("warm", "warm rebuild, nothing changed"),
                       ("full", "every page rebuilt (empty page cache), photos cached"),
                       ("edit", "rebuild after editing one village"),
                       ("add", "rebuild after adding ten photos"),
                       ("delete", "rebuild after deleting a homestay"),
                       ("bare", "bare MkDocs Material, same page count"),
                       ("bare_full", "bare MkDocs, every item in the nav"),
                       ("floor", "decode floor (all photos, 1 process)")]:
        if any(key in r for r in results):
            line(f"{label}: wall s (CPU s)",
                 lambda r, k=key: f"{r[k]['seconds']:.1f} ({r[k]['cpu']:.1f})" if k in r
                 else "—")
    line("pages rendered (Jinja2) after one edit, of all",
         lambda r: f"{r['edit']['rendered']} / {r['pages']}")
    line("pages built by MkDocs / reused after one edit",
         lambda r: f"{r['edit']['built']} / {r['edit']['pages_reused']}")
    line("photos processed after adding ten", lambda r: str(r["add"]["processed"]))
    line("deleted homestay: page gone, renditions removed",
         lambda r: f"{r['deleted_page_gone']}, {r['delete']['removed']}")
    line("peak memory, cold build (MB)",
         lambda r: f"{r['cold']['peak_mb']:.0f}" if "cold" in r else "—")
    line("peak memory, warm rebuild (MB)", lambda r: f"{r['warm']['peak_mb']:.0f}")
    line("peak memory, every page rebuilt (MB)", lambda r: f"{r['full']['peak_mb']:.0f}")
    line("peak memory, rebuild after an edit (MB)", lambda r: f"{r['edit']['peak_mb']:.0f}")
    line("search index raw / gzip (KB)",
         lambda r: f"{r['search']['raw'] / 1e3:.0f} / {r['search']['gzip'] / 1e3:.0f}")
    line("search index per page raw / gzip (KB)",
         lambda r: f"{r['search']['raw'] / r['search']['pages'] / 1e3:.1f} / "
                   f"{r['search']['gzip'] / r['search']['pages'] / 1e3:.2f}")
    line("village page HTML raw / gzip (KB)",
         lambda r: f"{r['weight']['raw'] / 1e3:.0f} / {r['weight']['gzip'] / 1e3:.0f}")

    for r in results:
        stage_table(r)

    print("\nBudgets (issue 14; targets in brackets):")
    for r in results:
        size, bare = r["size"], r["bare"]
        for key, label, target in (("edit", "rebuild after editing one village", 0.5),
                                   ("warm", "warm rebuild, nothing changed", 0.25)):
            print(f"- {size}: {label} / bare MkDocs: "
                  f"{r[key]['seconds'] / bare['seconds']:.2f}× wall, "
                  f"{r[key]['cpu'] / bare['cpu']:.2f}× CPU (≤ {target}×)")
        builds = [k for k in ("cold", "first", "full", "warm", "edit", "add", "delete")
                  if k in r]
        peak = max(builds, key=lambda k: r[k]["peak_mb"])
        print(f"- {size}: peak memory of any build: {r[peak]['peak_mb']:.0f} MB ({peak}) "
              "(≤ 512 MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--work", type=Path, default=ROOT / ".cache/bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full-nav", action="store_true",
                        help="also build the bare baseline with every item in the navigation")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--photos-primed", type=int, nargs="*", default=[], metavar="SIZE",
                        help="sizes whose photo cache is primed instead of built cold")
    parser.add_argument("--phase")
    parser.add_argument("argument", nargs="?")
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](json.loads(args.argument))))
        return 0
    import importlib.util

    if importlib.util.find_spec("jieba") is None:
        print("The bare baseline is Material's search set up for Chinese, with jieba: "
              "run .venv/bin/pip install -e '.[bench]' first.", file=sys.stderr)
        return 2
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start", flush=True)
    results = [measure(size, args.work, args.repeat, args.full_nav,
                       primed=size in args.photos_primed) for size in args.sizes]
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    if args.json:  # before the report: a table that cannot be printed loses no numbers
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
