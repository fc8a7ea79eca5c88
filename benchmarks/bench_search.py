"""Search as a visitor gets it: bytes, time to results and the results themselves.

Each site given is served (gzip, under a sub-path, as in the browser tests) and searched in
Debian's Chromium. For every query a fresh browser profile opens the home page, then the search
box, and types the query at once: the bytes the server sends from the click on (headers and
body, as transferred, workers' requests included), and the time until the result list shows,
are that visitor's first search. Each query is searched twice: unthrottled, and on Chromium's
devtools throttling (1.5 Mbit/s down, 750 kbit/s up, 300 ms latency) over CDP.

With --pagefind, each site is also copied and indexed by Pagefind (npm, pinned in
tools/pagefind/, `npm ci` there first), and the same queries are searched with Pagefind's JS API
on a small page of the copy (SEARCH_PAGE: it loads pagefind.js on the search, as our search
loads search.js when search opens, and shows the first SHOWN results with their excerpts, which
Pagefind loads one fragment a page). Both indexes are also made from the same built pages, each
in a fresh process (time and peak memory of the process tree), and both searches are tried from
file://.

    python benchmarks/bench_search.py LABEL=SITE_DIR [LABEL=SITE_DIR ...] [--pagefind]
        [--queries pipa,枇杷,...] [--top 3] [--markdown OUT.md]

The quality columns list each query's first results (page titles, as the list shows them) and
what is marked in the first result.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import phases  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SiteServer  # noqa: E402

QUERIES = ["pipa", "pp", "枇杷", "红菇", "东关", "东关寨", "东山村", "状元脐橙", "3A",
           "党群服务中心", "dsc"]
SLOW = {"offline": False, "latency": 300, "downloadThroughput": 1_500_000 / 8,
        "uploadThroughput": 750_000 / 8}
# The binary itself, not npm's Node launcher, so the peak memory is Pagefind's
PAGEFIND = ROOT / "tools/pagefind/node_modules/@pagefind/linux-x64/bin/pagefind_extended"
SHOWN = 10  # pages search.js shows with their text (its SHOWN); Pagefind gets the same
SEARCH_PAGE = """<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>Pagefind</title>
<ol id="results"></ol>
<script>
window.pagefindSearch = async (query, shown) => {
  const pagefind = await import("./pagefind/pagefind.js");
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.slice(0, shown).map(r => r.data()));
  document.getElementById("results").innerHTML = data.map(d =>
    `<li><a href="${d.url}"><h2>${d.meta.title}</h2></a><p>${d.excerpt}</p></li>`).join("");
  return found.results.length;
};
</script>
</html>
"""


class CountingServer(SiteServer):
    """The site server, counting what it sends: a page's CDP session does not see the
    requests of workers (Pagefind searches in one)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.sent = self.responses = 0
        self._count_lock = threading.Lock()

    def respond(self, handler: Any, body: bool) -> None:
        raw, server = handler.wfile, self

        class Counting:
            def write(self, data: bytes) -> int:
                with server._count_lock:
                    server.sent += len(data)
                return raw.write(data)

            def __getattr__(self, name: str) -> Any:
                return getattr(raw, name)

        handler.wfile = Counting()
        try:
            super().respond(handler, body)
        finally:
            handler.wfile = raw
        with self._count_lock:
            self.responses += 1

    def counted(self) -> tuple[int, int]:
        with self._count_lock:
            return self.sent, self.responses


def first_search(page: Page, query: str, timeout: float) -> float:
    """Open search, type the query; seconds until the result list (or 'no result') shows."""
    start = time.perf_counter()
    page.click("label.md-header__button[for=__search]")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.wait_for_function(
        """() => {
          const meta = document.querySelector('.md-search-result__meta');
          return meta && /结果|没有/.test(meta.textContent) &&
            (document.querySelector('.md-search-result__item') ||
             /没有/.test(meta.textContent));
        }""", timeout=timeout * 1000)
    return time.perf_counter() - start


@contextmanager
def visitor(throttle: bool) -> Iterator[Page]:
    """A fresh phone-sized profile with an empty cache, on the slow network if asked."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:  # the worker Pagefind starts is throttled with its page
            cdp.send("Network.emulateNetworkConditions", SLOW)
        try:
            yield page
        finally:
            browser.close()


def measure(server: CountingServer, query: str, throttle: bool, top: int) -> dict:
    """Our search: the home page, then Material's search box."""
    with visitor(throttle) as page:
        page.goto(server.url(), wait_until="networkidle")
        before = server.counted()
        seconds = first_search(page, query, timeout=600)
        page.wait_for_load_state("networkidle")
        sent, responses = server.counted()
        meta = page.text_content(".md-search-result__meta") or ""
        titles = page.eval_on_selector_all(
            ".md-search-result__item", """items => items.map(item => {
                const h = item.querySelector('h1') || item.querySelector('h2');
                return h ? h.textContent.trim() : '';
            })""")
        marks = page.eval_on_selector_all(
            ".md-search-result__item:first-child mark", "ms => ms.map(m => m.textContent)")
        zero_width = page.eval_on_selector(
            ".md-search-result", "el => el.textContent.includes('\\u200b')")
    return {"query": query, "seconds": seconds, "bytes": sent - before[0],
            "requests": responses - before[1], "count": _count(meta), "top": titles[:top],
            "marks": sorted({m.strip() for m in marks} - {""}), "zero_width": zero_width}


def measure_pagefind(server: CountingServer, query: str, throttle: bool, top: int) -> dict:
    """Pagefind: SEARCH_PAGE, then its JS API (pagefind.js, its worker, the index, the
    fragments of the results shown)."""
    with visitor(throttle) as page:
        page.goto(server.url("pagefind-search.html"), wait_until="networkidle")
        before = server.counted()
        start = time.perf_counter()
        count = page.evaluate("([q, shown]) => pagefindSearch(q, shown)", [query, SHOWN])
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        sent, responses = server.counted()
        titles = page.eval_on_selector_all("#results h2", "hs => hs.map(h => h.textContent)")
        marks = page.eval_on_selector_all("#results li:first-child mark",
                                          "ms => ms.map(m => m.textContent)")
        zero_width = page.eval_on_selector(
            "#results", "el => el.textContent.includes('\\u200b')")
    return {"query": query, "seconds": seconds, "bytes": sent - before[0],
            "requests": responses - before[1], "count": count, "top": titles[:top],
            "marks": sorted({m.strip() for m in marks} - {""}), "zero_width": zero_width}


def from_file(site: Path, pagefind: bool) -> str:
    """Does a search find anything when the site is opened from file://? "yes", or what
    went wrong."""
    with visitor(throttle=False) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            if pagefind:
                page.goto((site / "pagefind-search.html").as_uri())
                found = page.evaluate("q => pagefindSearch(q, 1)", "枇杷")
            else:
                page.goto((site / "index.html").as_uri())
                first_search(page, "枇杷", timeout=30)
                found = page.locator(".md-search-result__item").count()
        except Exception as error:  # noqa: BLE001 - what the visitor gets is the finding
            errors.append(str(error).splitlines()[0])
            found = 0
    return "yes" if found else "no: " + (errors[0] if errors else "no result")[:160]


def _count(meta: str) -> int:
    """The number of results the list says it has ("27 个符合条件的结果", "1.2k 个…")."""
    number = meta.split("个")[0].replace("找到", "").strip()
    if not number or not number[0].isdigit():
        return 0
    return round(float(number.rstrip("k")) * (1000 if number.endswith("k") else 1))


# -- making each index from the same built pages, each in a fresh process ---------------------

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def phase_ours(argument: list[str]) -> dict:
    """Our index from the built HTML: each page's entries (made during the page build in a
    real build, and cached with the page), then the index files."""
    from generator.adapter import search as site_search

    site, out = Path(argument[0]), Path(argument[1])
    start = time.perf_counter()
    pages = []
    for file in sorted(site.rglob("*.html")):
        article = _ARTICLE.search(file.read_text(encoding="utf-8"))
        if article is None:
            continue
        h1 = _H1.search(article.group(1))
        title = _TAG.sub("", h1.group(1)) if h1 else ""
        url = file.relative_to(site).as_posix().removesuffix("index.html")
        entries = site_search.page_entries(article.group(1), url, title, {})
        pages.append((None, site_search.dumps(entries)))
    made = time.perf_counter()
    site_search.write_index(out, pages)
    end = time.perf_counter()
    return {"seconds": end - start, "entries": made - start, "write": end - made,
            "pages": len(pages), "files": len(list((out / "search").iterdir()))}


def phase_pagefind(site: str) -> dict:
    """Pagefind over a copy of the built site, with its defaults."""
    start = time.perf_counter()
    subprocess.run([str(PAGEFIND), "--site", site, "--quiet"], check=True)
    seconds = time.perf_counter() - start
    files = [f for f in (Path(site) / "pagefind").rglob("*") if f.is_file()]
    return {"seconds": seconds, "files": len(files),
            "bytes": sum(f.stat().st_size for f in files)}


PHASES = {"ours": phase_ours, "pagefind": phase_pagefind}


def row(label: str, engine: str, fast: dict, slow: dict) -> str:
    return (f"| {label} | {fast['query']} | {engine} | {fast['count']} | "
            f"{' / '.join(fast['top'])} | {' '.join(fast['marks'])} | "
            f"{fast['bytes'] / 1024:.1f} | {fast['requests']} | {fast['seconds']:.2f} | "
            f"{slow['seconds']:.2f} | {'yes' if fast['zero_width'] else 'no'} |")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--phase"]:
        print(json.dumps(PHASES[argv[1]](json.loads(argv[2]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", help="LABEL=SITE_DIR")
    parser.add_argument("--pagefind", action="store_true",
                        help="also index a copy of each site with Pagefind and search it")
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    if args.pagefind and not PAGEFIND.exists():
        sys.exit("Pagefind is not installed: run `npm ci` in tools/pagefind/")
    lines = ["| site | query | engine | results | first results | marked in the first "
             "| KB first search | requests | s to results | s at 1.5 Mbit/s, 300 ms | U+200B |",
             "| --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    notes = []
    script = str(Path(__file__).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.sites:
            label, _, folder = spec.partition("=")
            site = Path(folder).resolve()
            engines = [("ours", site, measure)]
            if args.pagefind:
                copy = Path(tmp) / label
                shutil.copytree(site, copy)
                built = phases.run(script, ROOT, "pagefind", str(copy))
                ours = phases.run(script, ROOT, "ours", [str(site), str(Path(tmp) / "ours")])
                shutil.rmtree(Path(tmp) / "ours")
                (copy / "pagefind-search.html").write_text(SEARCH_PAGE, encoding="utf-8")
                engines.append(("Pagefind", copy, measure_pagefind))
                notes += [
                    f"{label}: index from the built pages: ours {ours['seconds']:.2f} s "
                    f"(entries {ours['entries']:.2f} s, files {ours['write']:.2f} s; "
                    f"{ours['pages']} pages, {ours['files']} files), peak "
                    f"{ours['peak_mb']:.0f} MB; Pagefind {built['seconds']:.2f} s "
                    f"({built['files']} files, {built['bytes'] / 1e6:.1f} MB), peak "
                    f"{built['peak_mb']:.0f} MB",
                    f"{label}: from file://: ours {from_file(site, False)}; "
                    f"Pagefind {from_file(copy, True)}"]
                print(*notes[-2:], sep="\n", flush=True)
            for engine, root, search in engines:
                server = CountingServer(root)
                try:
                    for query in args.queries.split(","):
                        fast = search(server, query, False, args.top)
                        slow = search(server, query, True, args.top)
                        lines.append(row(label, engine, fast, slow))
                        print(lines[-1], flush=True)
                finally:
                    server.close()
    if args.markdown:
        args.markdown.write_text("\n".join(lines + [""] + notes) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
