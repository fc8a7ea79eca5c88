"""Chinese search, loaded only when the visitor opens it, both served and from file://."""

from __future__ import annotations

from pathlib import Path

import yaml
from playwright.sync_api import BrowserContext, Page

from generator.content.slugs import slugify

from .conftest import ROOT, SiteServer, open_page

INDEX = "search/search_index"
WORKER = "assets/javascripts/workers/search."


def villages() -> list[dict]:
    found = []
    for path in sorted((ROOT / "content/villages").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append({**data, "slug": data.get("slug") or slugify(path.stem)})
    return found


def search(page: Page, query: str) -> list[str]:
    """Open search, type the query, and return every result's page (all of them loaded)."""
    if not page.is_visible("input.md-search__input"):
        page.click("label.md-header__button[for=__search]")
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")  # Material searches on keyup
    meta.filter(has_text="键入以开始搜索").wait_for()
    box.fill(query)
    box.press("End")
    meta.filter(has_text="结果").wait_for()
    # Material renders ten results at a time and more as the list scrolls.
    count = -1
    while count != (count := page.locator(".md-search-result__item").count()):
        page.eval_on_selector(".md-search__scrollwrap", "el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => a.href.split('#')[0])")
    return list(dict.fromkeys(hrefs))


def test_page_load_does_not_download_the_search_index(phone: BrowserContext,
                                                      server: SiteServer) -> None:
    page, visit = open_page(phone, server.url("villages/dongshancun/"), wait_until="networkidle")
    assert not [u for u in visit.urls() if INDEX in u or WORKER in u]
    page.click("label.md-header__button[for=__search]")
    page.wait_for_selector(".md-search-result__meta:has-text('键入以开始搜索')")
    requested = visit.urls()
    assert server.url(INDEX + ".json") in requested
    assert any(WORKER in u for u in requested)
    assert not visit.failed and not visit.errors


def test_searching_a_product_finds_its_villages_and_the_product_page(
        phone: BrowserContext, server: SiteServer) -> None:
    page, visit = open_page(phone, server.url())
    found = search(page, "枇杷")
    growers = [v for v in villages() if any("枇杷" in p["name"] for p in v.get("products", []))]
    assert len(growers) >= 2
    for village in growers:
        assert server.url(f"villages/{village['slug']}/") in found, village["name"]
    assert server.url("products/") in found
    assert not visit.failed and not visit.errors


def test_searching_a_village_name_finds_its_page_first(phone: BrowserContext,
                                                       server: SiteServer) -> None:
    page, _ = open_page(phone, server.url())
    for village in villages():
        found = search(page, village["name"])
        assert found and found[0] == server.url(f"villages/{village['slug']}/"), village["name"]


def test_search_works_from_files(phone: BrowserContext, offline_site: Path) -> None:
    page, visit = open_page(phone, (offline_site / "index.html").as_uri(),
                            wait_until="networkidle")
    assert not [u for u in visit.urls() if INDEX in u or WORKER in u]
    found = search(page, "枇杷")
    assert (offline_site / "villages/dongshancun.html").as_uri() in found
    assert (offline_site / "products.html").as_uri() in found
    assert (offline_site / "search/search_index.js").as_uri() in visit.urls()
    assert not visit.failed and not visit.errors
    page.click(".md-search-result__item a[href$='dongshancun.html']")
    page.wait_for_url("**/villages/dongshancun.html")
