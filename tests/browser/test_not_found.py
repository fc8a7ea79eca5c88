"""A mistyped address or a stale QR code gets the site's own 404 page, in Chinese and styled,
at any depth under a sub-path, with site_url or without, and from file://; its links lead home
and into the sections, and its search box searches the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from .conftest import AXE, SiteServer, Visit, open_page

MISSING = ["nosuch", "villages/no-such-village/", "villages/a/b/c.html", "scenic/旧的名字/"]
RED = "rgb(183, 28, 28)"


def only_its_own_404(visit: Visit, url: str) -> None:
    """Nothing failed but the page itself, which says 404 (Chromium logs that once)."""
    assert visit.failed == [f"{url} (HTTP 404)"]
    assert len(visit.errors) <= 1 and all("404" in e for e in visit.errors), visit.errors


def looks_like_the_site(page: Page) -> None:
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "抱歉，没有找到这个页面"
    header = "getComputedStyle(document.querySelector('header')).backgroundColor"
    assert page.evaluate(header) == RED
    logo = page.locator("header img")
    page.wait_for_function("document.querySelector('header img').complete")
    assert logo.evaluate("img => img.naturalWidth") > 0
    assert "主办单位：中共慢城镇委员会" in page.locator("footer").inner_text()


def check(page: Page, visit: Visit, server: SiteServer, url: str) -> None:
    looks_like_the_site(page)
    only_its_own_404(visit, url)
    assert all(u.startswith(server.url()) for u in visit.urls()), visit.urls()
    home = page.get_by_role("link", name="返回首页").get_attribute("href")
    assert home == server.url()
    sections = page.get_by_role("navigation", name="栏目")
    assert sections.get_by_role("link", name="景区景点").get_attribute("href") \
        == server.url("scenic/")


@pytest.mark.parametrize("missing", MISSING)
def test_a_missing_page_under_a_sub_path_without_site_url(
        phone: BrowserContext, server: SiteServer, missing: str) -> None:
    url = server.url(missing)
    page, visit = open_page(phone, url)
    check(page, visit, server, url)


@pytest.mark.parametrize("missing", MISSING[:2])
def test_a_missing_page_with_site_url(phone: BrowserContext,
                                      hosted_with_site_url: SiteServer, missing: str) -> None:
    url = hosted_with_site_url.url(missing)
    page, visit = open_page(phone, url)
    check(page, visit, hosted_with_site_url, url)


def test_the_way_home_works(phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("villages/no-such-village/"))
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(server.url())
    assert page.locator(".sc-banner").is_visible()


def test_its_search_box_searches_the_site(phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("routes/old-route/"))
    page.get_by_label("搜索本站").fill("东关寨")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url(server.url() + "?q=*")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator("input.md-search__input").input_value() == "东关寨"
    results = page.locator(".md-search-result").inner_text().replace("\u200b", "")
    assert "东关寨" in results


def test_the_404_page_opened_from_a_file(phone: BrowserContext, offline_site: Path) -> None:
    url = (offline_site / "404.html").as_uri()
    page, visit = open_page(phone, url)
    looks_like_the_site(page)
    assert not visit.failed and not visit.errors
    assert all(u.startswith(offline_site.as_uri()) or u.startswith("data:")
               for u in visit.urls())
    home = page.get_by_role("link", name="返回首页").get_attribute("href")
    assert home == (offline_site / "index.html").as_uri()
    page.get_by_role("link", name="村（社区）").click()
    page.wait_for_url((offline_site / "villages" / "index.html").as_uri())


def test_the_404_page_is_accessible(phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("villages/no-such-village/"))
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ["violations"]}))
      .violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))""")
    assert not found, found
