"""Lighthouse (npm, pinned in tools/lighthouse/) on the sample site, against Debian's Chromium.

    make lighthouse                      # installs Lighthouse, builds the sample, writes the table
    .venv/bin/python benchmarks/lighthouse.py --runs 3 --report benchmarks/page-weight.md

The site is served under a sub-path on 127.0.0.1 with gzip, as the browser suite serves it.
Each page is audited `--runs` times with Lighthouse's mobile defaults (the scores; the median
run is kept, as Lighthouse advises; simulated throttling, so the scores depend little on what
else the machine is doing). The weak rural network's LCP is measured apart, in Chromium driven
by Playwright at 390×844 (DPR 2): 1.5 Mbit/s down, 300 ms per request and a CPU slowed 4×
through the DevTools protocol, the LCP read from Chromium's own PerformanceObserver (median
of `--runs` loads with an empty cache).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import cli  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DEVICE_SCALE_FACTOR,
    PAGE_TYPES,
    PHONE,
    SiteServer,
)

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
WEAK_NETWORK = {"offline": False, "latency": 300, "downloadThroughput": 1_500_000 / 8,
                "uploadThroughput": 750_000 / 8}
LCP_OBSERVER = """window.__lcp = 0; new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__lcp = entry.startTime;
}).observe({type: 'largest-contentful-paint', buffered: true});"""
MARK_BEGIN = "<!-- lighthouse:begin -->"
MARK_END = "<!-- lighthouse:end -->"


def audit(url: str, work: Path) -> dict:
    out = work / "report.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={work / 'profile'}"])
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        check=True, env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    return json.loads(out.read_text(encoding="utf-8"))


def visitor_lcp(url: str, runs: int) -> float:
    """Median LCP in seconds on the weak network, each load in a fresh context."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport=PHONE, device_scale_factor=DEVICE_SCALE_FACTOR)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", WEAK_NETWORK)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.add_init_script(LCP_OBSERVER)
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(300)  # the last LCP entry is queued after the paint
            times.append(page.evaluate("window.__lcp") / 1000)
            context.close()
        browser.close()
    return statistics.median(times)


def scores(report: dict) -> dict[str, int]:
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def failing(report: dict) -> list[str]:
    """Audits that cost points in accessibility or performance, by id."""
    ids = []
    for category in ("accessibility", "performance"):
        for ref in report["categories"][category]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 0.9:
                ids.append(ref["id"])
    return ids


def responsive_images(report: dict) -> str:
    """Lighthouse's `uses-responsive-images`: bytes wasted by pictures larger than shown, and
    which files ("0" when none)."""
    details = report["audits"]["uses-responsive-images"].get("details") or {}
    items = details.get("items") or []
    if not items:
        return "0"
    files = ", ".join(f"{item['url'].rsplit('/', 1)[-1]} {item['wastedBytes'] / 1024:.1f}"
                      for item in items)
    return f"{details.get('overallSavingsBytes', 0) / 1024:.1f} KiB in {len(items)}: {files}"


def table(site: Path, runs: int) -> str:
    server = SiteServer(site)
    rows = []
    version = ""
    try:
        for kind in PAGE_TYPES:  # every page type the browser suite weighs
            title, path = kind.title, kind.path
            url = server.url(path)
            with tempfile.TemporaryDirectory() as tmp:
                reports = [audit(url, Path(tmp)) for _ in range(runs)]
            lcp = visitor_lcp(url, runs)
            reports.sort(key=lambda r: r["categories"]["performance"]["score"])
            median = reports[len(reports) // 2]
            version = median["lighthouseVersion"]
            s = scores(median)
            perf_all = "/".join(str(scores(r)["performance"]) for r in reports)
            lcp_default = median["audits"]["largest-contentful-paint"]["numericValue"] / 1000
            rows.append(
                f"| {title} | /{path} | {s['performance']} ({perf_all}) | {s['accessibility']} "
                f"| {s['best-practices']} | {s['seo']} | {lcp_default:.2f} s | {lcp:.2f} s "
                f"| {responsive_images(median)} | {', '.join(failing(median)) or '—'} |"
            )
    finally:
        server.close()
    head = (
        f"Lighthouse {version}, mobile defaults, simulated throttling, Chromium at {CHROMIUM}; "
        f"median of {runs} runs (each run's Performance in brackets). The last LCP column is "
        "Chromium's own LCP at 390×844 on 1.5 Mbit/s with 300 ms per request and a 4× slower "
        f"CPU, median of {runs} loads with an empty cache. 'uses-responsive-images' is "
        "Lighthouse's audit of pictures downloaded larger than they are shown (its phone: "
        "412 px wide, DPR 1.75), in the median run: 0, or the KiB wasted and by which files."
        "\n\n"
        "| page type | URL | Performance | Accessibility | Best Practices | SEO "
        "| LCP (Lighthouse mobile) | LCP at 1.5 Mbit/s, 300 ms "
        "| uses-responsive-images: KiB wasted | audits below 0.9 |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n"
    )
    return head + "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--report", type=Path, help="replace the Lighthouse table in this file")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse`")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            if cli.main(["--project", str(ROOT), "build", "--site-dir", str(site)]) != 0:
                return 1
        text = table(site, args.runs)
    print(text)
    if args.report:
        old = args.report.read_text(encoding="utf-8")
        block = f"{MARK_BEGIN}\nRecorded by `make lighthouse`.\n\n{text}{MARK_END}"
        if MARK_BEGIN in old:
            before, rest = old.split(MARK_BEGIN, 1)
            new = before + block + rest.split(MARK_END, 1)[1]
        else:
            new = old.rstrip("\n") + "\n\n## Lighthouse\n\n" + block + "\n"
        args.report.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
