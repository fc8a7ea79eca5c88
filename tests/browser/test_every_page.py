"""Every page of the sample site, as a visitor's browser loads it: served under a sub-path
and opened from file:// (the offline build). No console error, no failed request, nothing
from another host, and every link and image leads somewhere."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import BrowserContext

from .conftest import SiteServer, Visit, open_page

# Links and images on the page, as absolute URLs the browser resolved.
COLLECT = """() => {
  const abs = u => new URL(u, document.baseURI).href;
  const candidates = s => s.split(",").map(c => c.trim().split(/\\s+/)[0]).filter(Boolean).map(abs);
  return {
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    images: [...document.querySelectorAll("img")].map(img => ({
      src: img.currentSrc || img.src,
      candidates: img.srcset ? candidates(img.srcset) : [],
      broken: img.complete && img.naturalWidth === 0,
    })),
    sources: [...document.querySelectorAll("source[srcset]")].flatMap(s => candidates(s.srcset)),
  };
}"""

LOCAL_SCHEMES = ("data:", "blob:", "about:")
Resolver = Callable[[str], Path | None]  # the site file a URL points to, or None


def pages(site: Path) -> list[str]:
    """Every HTML page, as a path below the site root (404.html is checked on its own)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html")


@cache
def ids_of(file: Path) -> frozenset[str]:
    text = file.read_text(encoding="utf-8")
    return frozenset(html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', text))


def check_page(visit: Visit, found: dict, resolve: Resolver, own: str) -> list[str]:
    """Problems on one loaded page; `own` is the URL prefix of the site."""
    problems = [f"failed request: {f}" for f in visit.failed] + list(visit.errors)
    for url in visit.urls():
        if not (url.startswith(own) or url.startswith(LOCAL_SCHEMES)):
            problems.append(f"request outside the site: {url}")
    for link in found["links"]:
        parts = urlsplit(link)
        if not link.startswith(own):
            if parts.scheme not in {"https", "http", "tel", "mailto"}:
                problems.append(f"link with an unexpected scheme: {link}")
            continue
        target = resolve(link)
        if target is None:
            problems.append(f"broken link: {link}")
        elif parts.fragment and unquote(parts.fragment) not in ids_of(target):
            problems.append(f"link to a missing anchor: {link}")
    for image in found["images"]:
        for url in [image["src"], *image["candidates"]]:
            if resolve(url) is None:
                problems.append(f"broken image: {url}")
        if image["broken"]:
            problems.append(f"image failed to show: {image['src']}")
    problems.extend(f"broken image source: {u}" for u in found["sources"] if resolve(u) is None)
    return problems


def visit_all(context: BrowserContext, urls: list[str], resolve: Resolver, own: str) -> str:
    """Every problem on every page, as a report ('' when there is none)."""
    report = []
    for url in urls:
        page, visit = open_page(context, url)
        found = page.evaluate(COLLECT)
        page.close()
        if problems := check_page(visit, found, resolve, own):
            report.append(unquote(url) + "\n  " + "\n  ".join(problems))
    return "\n".join(report)


def test_every_page_works_under_a_sub_path(phone: BrowserContext, server: SiteServer,
                                           sample_site: Path) -> None:
    paths = [p.removesuffix("index.html") for p in pages(sample_site)]
    assert len(paths) >= 35
    report = visit_all(phone, [server.url(p) for p in paths], server.file_for, server.url())
    assert not report, report


def test_every_page_works_from_files(phone: BrowserContext, offline_site: Path) -> None:
    root = offline_site.resolve()

    def resolve(url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file":
            return None
        file = Path(unquote(parts.path)).resolve()
        # From file:// a link must name the .html file: a folder shows a file listing.
        return file if file.is_relative_to(root) and file.is_file() else None

    paths = pages(offline_site)
    assert "villages/dongshancun.html" in paths
    report = visit_all(phone, [(root / p).as_uri() for p in paths], resolve, root.as_uri())
    assert not report, report


def test_old_browsers_load_nothing_from_other_hosts(phone: BrowserContext,
                                                    server: SiteServer) -> None:
    """Without ResizeObserver (iOS before 13.4) Material would fetch a polyfill from unpkg."""
    phone.add_init_script("delete window.ResizeObserver")
    page, visit = open_page(phone, server.url("villages/dongshancun/"), wait_until="networkidle")
    off_host = [url for url in visit.urls() if not url.startswith(server.origin)]
    assert not off_host
    assert not visit.failed and not visit.errors
    page.click("label.md-header__button[for=__drawer]")  # Material's layout still works
    page.get_by_role("link", name="状元村").first.click()
    page.wait_for_url("**/villages/zhuangyuancun/")


def test_canonical_links_follow_site_url(phone: BrowserContext, server: SiteServer,
                                         hosted_with_site_url: SiteServer) -> None:
    canonical = "document.querySelector('link[rel=canonical]')?.href ?? null"
    for path in ("", "villages/dongshancun/"):
        page, _ = open_page(phone, hosted_with_site_url.url(path))
        assert page.evaluate(canonical) == hosted_with_site_url.url(path)
        page, _ = open_page(phone, server.url(path))
        assert page.evaluate(canonical) is None  # no site_url: no canonical link at all
