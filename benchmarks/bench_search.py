"""Search as a visitor gets it: bytes, time to results and the results themselves.

Each site given is served (gzip, under a sub-path, as in the browser tests) and searched in
Debian's Chromium. For every query a fresh browser profile opens the home page, then the search
box, and types the query at once: the bytes of every response from the click on, and the time
until the result list shows, are that visitor's first search. With --throttle the network is
Chromium's devtools throttling (1.5 Mbit/s down, 750 kbit/s up, 300 ms latency) over CDP.

    python benchmarks/bench_search.py LABEL=SITE_DIR [LABEL=SITE_DIR ...] [--throttle]
        [--queries pipa,枇杷,...] [--top 3] [--markdown OUT.md]

The quality columns list each query's first results (page titles, as the list shows them) and
what is marked in the first result.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SiteServer  # noqa: E402

QUERIES = ["pipa", "pp", "枇杷", "红菇", "东关", "东关寨", "东山村", "状元脐橙", "3A",
           "党群服务中心", "dsc"]
SLOW = {"offline": False, "latency": 300, "downloadThroughput": 1_500_000 / 8,
        "uploadThroughput": 750_000 / 8}


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


def measure(server: SiteServer, query: str, throttle: bool, top: int) -> dict:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="zh-CN")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        if throttle:
            cdp.send("Network.emulateNetworkConditions", SLOW)
        counting = {"on": False, "bytes": 0, "requests": 0}

        def finished(event: dict) -> None:
            if counting["on"]:
                counting["bytes"] += int(event.get("encodedDataLength", 0))
                counting["requests"] += 1

        cdp.on("Network.loadingFinished", finished)
        page.goto(server.url(), wait_until="networkidle")
        counting["on"] = True
        seconds = first_search(page, query, timeout=600)
        page.wait_for_load_state("networkidle")
        counting["on"] = False
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
        browser.close()
    return {"query": query, "seconds": seconds, "bytes": counting["bytes"],
            "requests": counting["requests"], "count": _count(meta), "top": titles[:top],
            "marks": sorted(set(marks)), "zero_width": zero_width}


def _count(meta: str) -> int:
    """The number of results the list says it has ("27 个符合条件的结果", "1.2k 个…")."""
    number = meta.split("个")[0].replace("找到", "").strip()
    if not number or not number[0].isdigit():
        return 0
    return round(float(number.rstrip("k")) * (1000 if number.endswith("k") else 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", help="LABEL=SITE_DIR")
    parser.add_argument("--throttle", action="store_true")
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    lines = ["| site | query | results | first results | marked in the first | KB first search "
             "| requests | seconds to results | U+200B |",
             "| --- | --- | ---: | --- | --- | ---: | ---: | ---: | --- |"]
    for spec in args.sites:
        label, _, folder = spec.partition("=")
        server = SiteServer(Path(folder))
        try:
            for query in args.queries.split(","):
                row = measure(server, query, args.throttle, args.top)
                line = (f"| {label} | {query} | {row['count']} | {' / '.join(row['top'])} | "
                        f"{' '.join(row['marks'])} | {row['bytes'] / 1024:.1f} | "
                        f"{row['requests']} | {row['seconds']:.2f} | "
                        f"{'yes' if row['zero_width'] else 'no'} |")
                print(line, flush=True)
                lines.append(line)
        finally:
            server.close()
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
