"""Where a build's memory goes: resident memory and its high-water mark after each stage.

    .venv/bin/python benchmarks/memory_stages.py .cache/bench/scale-1000         # as it is
    .venv/bin/python benchmarks/memory_stages.py .cache/bench/scale-1000 --edit  # a village edited

Run it on a project `bench_scale.py` made (its caches warm: run it twice and read the second).
One process, no workers: for the photo workers of a cold build see `bench_scale.py`.
"""

from __future__ import annotations

import argparse
import functools
import logging
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _memory() -> tuple[int, int]:
    """(resident, high-water mark) in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def _after(owner: Any, name: str, label: str, rows: list[tuple[str, int, int]]) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def measured(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        rows.append((label, *_memory()))
        return result

    setattr(owner, name, measured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edit", action="store_true", help="edit one village's summary first")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from generator import pipeline
    from generator.adapter import page_reuse, publish
    from generator.adapter import plugin as mkdocs_plugin
    from generator.media import stage as media
    from generator.pages import render

    rows: list[tuple[str, int, int]] = [("imports", *_memory())]
    for owner, name, label in [
            (pipeline, "check", "load, validate, link"),
            (media, "process", "photos"),
            (render.Renderer, "render", "render pages"),
            (mkdocs_plugin.ShowcasePlugin, "on_files", "MkDocs files (page cache read)"),
            (mkdocs_plugin.ShowcasePlugin, "on_nav", "MkDocs navigation, pages restored"),
            (page_reuse.PageReuse, "finish", "pages built (Markdown, templates, search)"),
            (page_reuse.PageReuse, "write_search_index", "search index written"),
            (publish.Publication, "publish", "new site swapped in")]:
        _after(owner, name, label, rows)
    if args.edit:
        village = sorted((args.project / "content/villages").glob("*.yaml"))[7]
        text = village.read_text(encoding="utf-8")
        village.write_text(re.sub(r"^summary: .*$", f'summary: "修订 {time.time()}"', text,
                                  count=1, flags=re.M), encoding="utf-8")
    mkdocs_plugin.build_site(args.project / "mkdocs.yml", site_dir=args.project / "site")
    print("| after | resident MB | peak so far MB |\n| --- | ---: | ---: |")
    for label, resident, peak in rows:
        print(f"| {label} | {resident} | {peak} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
