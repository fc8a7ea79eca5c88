"""The site as a portal: a section bar on every desktop page and no documentation chrome, a
home page whose first phone screen holds a way into every section and the contact, 近期活动 in
the visitor's own date order, the official identity at the foot, and the unit's name kept
whole in large text. Screenshots of every page type at 390×844 and 1280×800 are kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from .conftest import (
    AXE,
    DESKTOP,
    PAGE_TYPES,
    PHONE,
    PageType,
    SiteServer,
    open_page,
    screenshot,
)
from .test_accessibility import violations

# 特色产业 is a part of 一村一品 (its tab and tile)
SECTIONS = ["村（社区）", "一村一品", "党建工作法", "人物", "新闻动态", "景区景点",
            "教育基地", "观摩线路", "节庆活动", "食宿"]

# The box of each element matching a selector, as the viewport sees it.
BOXES = """selector => [...document.querySelectorAll(selector)].map(el => {
  const r = el.getBoundingClientRect();
  return {text: el.innerText.trim(), top: r.top, bottom: r.bottom, left: r.left,
          right: r.right, width: r.width, height: r.height,
          shown: r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"};
})"""


def boxes(page: Page, selector: str) -> list[dict]:
    return page.evaluate(BOXES, selector)


def in_first_screen(box: dict, viewport: dict) -> bool:
    return box["shown"] and box["top"] >= 0 and box["bottom"] <= viewport["height"] \
        and box["left"] >= 0 and box["right"] <= viewport["width"]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.key)
def test_desktop_pages_have_the_section_bar_and_no_documentation_chrome(
        desktop: BrowserContext, server: SiteServer, page_type: PageType) -> None:
    page, visit = open_page(desktop, server.url(page_type.path))
    bar = boxes(page, ".md-tabs .md-tabs__link")
    assert [b["text"] for b in bar if b["shown"]][:len(SECTIONS) + 1] == ["首页", *SECTIONS]
    assert all(in_first_screen(b, DESKTOP) for b in bar)
    assert not boxes(page, "label.md-header__button[for=__drawer]")[0]["shown"]  # no menu button
    for chrome in (".md-sidebar--primary", ".md-sidebar--secondary"):  # side tree, 目录
        assert not any(b["shown"] for b in boxes(page, chrome)), chrome
    assert not page.locator(".md-footer__link").count()  # 上一页 / 下一页
    assert page.locator(".md-header").inner_text().count("中共慢城镇委员会") == 1  # host organ
    assert not visit.failed and not visit.errors


@pytest.mark.parametrize("page_type", [p for p in PAGE_TYPES if p.key != "home"],
                         ids=lambda p: p.key)
def test_desktop_content_is_one_centred_column(desktop: BrowserContext, server: SiteServer,
                                               page_type: PageType) -> None:
    """An item's page reads as one column in the middle (its cards of what is nearby do not
    widen it); only a list, cards right under its title, is wider, for three cards abreast."""
    page, _ = open_page(desktop, server.url(page_type.path))
    column = boxes(page, ".md-content")[0]
    left, right = column["left"], DESKTOP["width"] - column["right"]
    assert abs(left - right) < 20, f"not centred: {left:.0f} px left, {right:.0f} px right"
    is_list = page_type.key == "collection"  # 一村一品 is a page of text and photos
    assert column["width"] <= (1220 if is_list else 960), column["width"]
    if is_list:
        assert column["width"] > 960


def test_the_section_bar_leads_to_each_section_and_marks_it(desktop: BrowserContext,
                                                           server: SiteServer) -> None:
    page, _ = open_page(desktop, server.url())
    page.locator(".md-tabs").get_by_role("link", name="景区景点").click()
    page.wait_for_url(server.url("scenic/"))
    active = page.locator(".md-tabs__item--active").inner_text().strip()
    assert active == "景区景点"
    page.locator(".md-tabs").get_by_role("link", name="首页").click()
    page.wait_for_url(server.url())


def test_home_first_phone_screen_has_every_section_and_the_contact(
        phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url())
    tiles = boxes(page, ".sc-tile")
    assert [t["text"].split("\n")[0] for t in tiles] == SECTIONS
    outside = [t["text"] for t in tiles if not in_first_screen(t, PHONE)]
    assert not outside, f"tiles below the first screen: {outside}"
    photos = page.eval_on_selector_all(
        ".sc-tile__photo", "els => els.map(e => getComputedStyle(e).backgroundImage)")
    assert len(set(photos)) == 1 and photos[0].startswith('url("')  # one sheet for all
    call = page.locator("a[href^='tel:']").first
    mail = page.locator("a[href^='mailto:']").first
    assert call.get_attribute("href") == "tel:05948800100"
    assert mail.get_attribute("href") == "mailto:dangjian@example.com"
    for link in (call, mail):
        box = link.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], link
    banner = page.locator(".sc-banner").inner_text()
    assert "中共慢城镇委员会" in banner and "红色领航" in banner and "四季慢城" in banner
    # figures come after the ways in, not before
    figures = boxes(page, ".sc-figures")[0]
    assert figures["top"] > max(t["bottom"] for t in tiles) + PHONE["height"]


@pytest.mark.parametrize("width", [390, 768, 1280, 1920])
def test_home_page_at_common_widths(browser: Browser, server: SiteServer, width: int) -> None:
    height = {390: 844, 768: 1024, 1280: 800, 1920: 1080}[width]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        page, visit = open_page(context, server.url())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        viewport = {"width": width, "height": height}
        assert all(in_first_screen(t, viewport) for t in boxes(page, ".sc-tile"))
        if width >= 1280:  # on a desktop: rows of names in one line each, then the phone
            names = boxes(page, ".sc-tile__name")
            assert max(n["height"] for n in names) < 1.5 * min(n["height"] for n in names)
            assert len({n["top"] for n in names}) == 2, "two rows of tiles"
            assert in_first_screen(boxes(page, ".sc-button--call")[0], viewport)
        # the brand wraps between its phrases, never inside one
        for phrase in boxes(page, ".sc-banner__brand > span"):
            line = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                 "'.sc-banner h1')).fontSize)")
            assert phrase["height"] < line * 1.8, phrase
        assert not visit.failed and not visit.errors
    finally:
        context.close()


EVENTS = "[...document.querySelectorAll('.sc-event')].map(e => e.innerText.split('\\n'))"


def event_order(context: BrowserContext, server: SiteServer, day: str) -> list[list[str]]:
    context.clock.set_fixed_time(f"{day}T09:00:00+08:00")
    page, _ = open_page(context, server.url())
    return page.evaluate(EVENTS)


def test_upcoming_events_come_first_by_the_visitors_date(phone: BrowserContext,
                                                         server: SiteServer) -> None:
    """The page lists dated events oldest first (the build never reads the clock); on the
    visitor's phone the ones to come lead and the ones that are over are marked and go last."""
    html = server.file_for(server.url()).read_text(encoding="utf-8")  # type: ignore[union-attr]
    html = html[html.index("data-sc-events"):]
    written = [n for n in ("东关寨武侠文化节", "乡村音乐节", "状元脐橙节", "枇杷文化节",
                           "慢城红色骑行节") if n in html]
    assert sorted(written, key=html.index) == written  # in date order in the file
    order = event_order(phone, server, "2026-12-01")
    shown = ["".join(e) for e in order]
    assert "状元脐橙节" in shown[0] and "已结束" not in shown[0]
    assert "枇杷文化节" in shown[1] and "慢城红色骑行节" in shown[2]
    assert "后溪漂流节" not in "".join(shown)  # a season, no dates: not in 近期活动
    assert all("已结束" in e for e in shown[3:]) and "乡村音乐节" in shown[3]
    assert len(shown) == 5


def test_an_event_under_way_is_marked_and_leads(browser: Browser, server: SiteServer) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        shown = ["".join(e) for e in event_order(context, server, "2027-04-20")]
        assert "枇杷文化节" in shown[0] and "进行中" in shown[0]
        assert "慢城红色骑行节" in shown[1] and "已结束" not in shown[1]  # still to come
        # then those that are over, the latest first
        assert "状元脐橙节" in shown[2] and "已结束" in shown[2]
        assert "东关寨武侠文化节" in shown[-1] and "已结束" in shown[-1]
    finally:
        context.close()


def test_footer_shows_the_official_identity_centred(desktop: BrowserContext,
                                                    server: SiteServer) -> None:
    page, _ = open_page(desktop, server.url("villages/dongshancun/"))
    footer = page.locator(".sc-identity")
    text = footer.inner_text()
    for expected in ("主办单位：中共慢城镇委员会 慢城镇人民政府", "承办单位：慢城镇党建办公室",
                     "政府网站标识码：3503000001", "闽ICP备00000000号-1",
                     "闽公网安备35000000000000号", "版权所有 © 中共慢城镇委员会 慢城镇人民政府"):
        assert expected in text
    badge = footer.get_by_role("img", name="党政机关网站标识")
    badge.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.sc-identity__badge').complete")
    assert badge.evaluate("img => img.naturalWidth") > 0
    assert badge.evaluate("img => new URL(img.currentSrc).origin") == server.origin  # local
    link = page.locator(".sc-identity__badge-link").get_attribute("href")
    assert link and link.startswith("https://bszs.conac.cn/")
    assert page.locator("a[href^='mailto:dangjian@example.com']").count() >= 1
    box = footer.bounding_box()
    assert box and abs(box["x"] + box["width"] / 2 - DESKTOP["width"] / 2) < 20  # centred
    colour = page.evaluate("getComputedStyle(document.querySelector('.sc-footer__meta'))"
                           ".borderTopColor")
    assert colour == "rgb(212, 162, 58)"  # the gold rule over the red


def test_large_text_keeps_the_towns_name_whole(phone: BrowserContext,
                                               server: SiteServer) -> None:
    phone.add_init_script("localStorage.setItem('sc-large-text', '1')")
    for path in ("", "villages/dongshancun/"):
        page, _ = open_page(phone, server.url(path))
        assert page.evaluate("document.documentElement.classList.contains('sc-large-text')")
        name = page.locator(".sc-header__site")
        assert name.inner_text().strip() == "慢城镇"
        assert name.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        box = name.bounding_box()
        assert box and box["x"] + box["width"] <= page.locator(
            ".sc-large-text-button").bounding_box()["x"]  # type: ignore[index]


@pytest.mark.parametrize("size", ["390", "1280"])
def test_screenshots_of_every_page_type(browser: Browser, server: SiteServer,
                                        shot_folder, size: str) -> None:  # noqa: ANN001
    """Kept as the run's output (SCREENSHOT_DIR, or pytest's temporary folder): for looking
    at, the way a county leader would."""
    viewport = PHONE if size == "390" else DESKTOP
    context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=size == "390",
                                  has_touch=size == "390")
    context.clock.set_fixed_time("2026-12-01T09:00:00+08:00")
    try:
        for page_type in (*PAGE_TYPES, PageType("404", "404", "villages/no-such-village/")):
            page, _ = open_page(context, server.url(page_type.path))
            path = screenshot(page, shot_folder, f"{page_type.key}-{size}")
            assert path.stat().st_size > 10_000
            page.close()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "villages/dongshancun/", "villages/"])
def test_desktop_layout_is_accessible(desktop: BrowserContext, server: SiteServer,
                                      path: str) -> None:
    found = violations(desktop, server.url(path), AXE.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)
