"""A visitor with a keyboard or a screen reader, by pressing Tab and looking at where the focus
is (document.activeElement): a skip link first, the phone's menu button reachable and
announced, closed menus never in the way, the open menu and the lightbox keeping the focus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from .conftest import PAGE_TYPES, PageType, SiteServer, open_page

# Where the focus is, and whether a sighted keyboard user can see it there: inside the window
# and not covered (by a menu panel, say) at its middle.
FOCUS = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(Math.min(Math.max(x, 0), innerWidth - 1),
                                        Math.min(Math.max(y, 0), innerHeight - 1));
  const seen = r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth
    && r.bottom > 0 && r.top < innerHeight && !!hit && (el === hit || el.contains(hit)
    || hit.contains(el));
  const tag = el.tagName.toLowerCase();
  return {seen, tag, role: el.getAttribute("role") || (tag === "button" ? "button" : null),
          name: (el.getAttribute("aria-label") || el.textContent || el.alt || "").trim()
                .replace(/\\s+/g, " ").slice(0, 40),
          expanded: el.getAttribute("aria-expanded"),
          in_menu: !!el.closest(".md-sidebar--primary"), in_article: !!el.closest("article"),
          in_tabs: !!el.closest(".md-tabs"), in_path: !!el.closest(".md-path"),
          in_lightbox: !!el.closest(".sc-lb"), what: el.outerHTML.slice(0, 100)};
}"""
MENU_OPEN = "document.getElementById('__drawer').checked"


def press(page: Page, key: str) -> dict:
    page.keyboard.press(key)
    page.wait_for_timeout(30)
    found = page.evaluate(FOCUS)
    for _ in range(20):  # perhaps still scrolling to it, or photos above still loading
        if found["seen"]:
            break
        page.wait_for_timeout(100)
        found = page.evaluate(FOCUS)
    return found


def wait_for_menu(page: Page) -> None:
    page.wait_for_timeout(300)  # the drawer's slide (Material: .25 s)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    yield context
    context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.key)
def test_tab_never_lands_on_what_cannot_be_seen(phone: BrowserContext, server: SiteServer,
                                                page_type: PageType) -> None:
    """On a phone the closed menu's links were 55 invisible Tab stops before the content."""
    page, _ = open_page(phone, server.url(page_type.path))
    stops = [press(page, "Tab") for _ in range(25)]
    hidden = [s["what"] for s in stops if not s["seen"]]
    assert not hidden, "\n".join(hidden)
    assert not any(s["in_menu"] for s in stops)
    first_in_article = next(i for i, s in enumerate(stops) if s["in_article"])
    before = [s for s in stops[:first_in_article] if not s["in_path"]]
    # skip link, menu button, logo, 大字, search, and the breadcrumbs (首页 › 村（社区）, seen
    # above the title): then the page itself
    assert len(before) <= 5, [s["name"] for s in stops[:first_in_article + 1]]
    assert first_in_article - len(before) <= 2, [s["name"] for s in stops[:first_in_article]]


def test_tab_on_a_desktop_walks_only_what_is_shown(desktop: BrowserContext,
                                                  server: SiteServer) -> None:
    page, _ = open_page(desktop, server.url("scenic/dongguanzhai/"))
    stops = [press(page, "Tab") for _ in range(40)]
    hidden = [s["what"] for s in stops if not s["seen"]]
    assert not hidden, "\n".join(hidden)
    # the desktop's menu is the section bar (the side tree is hidden: the portal layout)
    assert any(s["in_tabs"] for s in stops) and any(s["in_article"] for s in stops)
    assert not any(s["in_menu"] for s in stops)


def test_skip_link_comes_first_and_leads_to_the_content(phone: BrowserContext,
                                                        server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("scenic/dongguanzhai/"))
    skip = press(page, "Tab")
    assert (skip["tag"], skip["name"], skip["seen"]) == ("a", "跳到正文", True)
    page.keyboard.press("Enter")
    after = press(page, "Tab")
    assert after["in_article"] and after["seen"], after
    assert after["name"] == "高德地图导航"  # the first link of the page: getting there


def test_phone_menu_button_is_reached_announced_and_opens_the_menu(
        phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("scenic/dongguanzhai/"))
    press(page, "Tab")  # the skip link
    button = press(page, "Tab")
    assert (button["role"], button["name"], button["expanded"]) == ("button", "菜单", "false")
    assert button["seen"]
    inside = press(page, "Enter")
    wait_for_menu(page)
    assert page.evaluate(MENU_OPEN)
    assert inside["in_menu"] and inside["tag"] == "a", inside  # the focus went into the menu
    assert page.evaluate("document.querySelector('.md-header [aria-controls]')"
                         ".getAttribute('aria-expanded')") == "true"
    walked = [inside, press(page, "Tab")]
    assert all(s["seen"] and s["in_menu"] for s in walked), walked
    # the menu opens on the current section's panel: its own links, not those it covers
    assert [s["name"] for s in walked[:2]] == ["状元特色文化街区", "后溪漂流景区"]
    back = press(page, "Escape")
    assert not page.evaluate(MENU_OPEN)
    assert (back["name"], back["expanded"]) == ("菜单", "false")
    press(page, "Space")
    wait_for_menu(page)
    assert page.evaluate(MENU_OPEN)  # Space works as on any button


def test_open_menu_goes_up_a_level_and_closes_when_tab_leaves_it(
        phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("scenic/dongguanzhai/"))
    press(page, "Tab")
    press(page, "Tab")
    press(page, "Enter")
    wait_for_menu(page)
    title = press(page, "Shift+Tab")  # the panel's back arrow, before its links
    assert (title["role"], title["name"], title["seen"]) == ("button", "返回上一级", True)
    up = press(page, "Enter")
    wait_for_menu(page)
    assert up["in_menu"] and up["seen"] and up["name"] == "景区景点：展开下一级", up
    stops = [press(page, "Tab") for _ in range(30)]
    in_menu = [s for s in stops if s["in_menu"]]
    assert len(in_menu) >= 8 and all(s["seen"] for s in in_menu), in_menu
    after = next(s for s in stops if not s["in_menu"])
    assert after["seen"] and not page.evaluate(MENU_OPEN)  # Tab out of the menu closes it


def test_lightbox_keeps_the_focus_and_gives_it_back(phone: BrowserContext,
                                                    server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("villages/dongshancun/"), wait_until="networkidle")
    for _ in range(30):
        photo = press(page, "Tab")
        if photo["what"].startswith('<a class="sc-lightbox'):
            break
    else:
        raise AssertionError("no photo reached by Tab")
    page.evaluate("document.activeElement.dataset.opener = 'yes'")
    close = press(page, "Enter")
    page.wait_for_selector(".sc-lb", state="visible")
    assert close["in_lightbox"] and close["name"] == "关闭"
    names = [press(page, "Tab")["name"] for _ in range(4)]
    assert names == ["上一张", "下一张", "关闭", "上一张"]
    assert press(page, "Shift+Tab")["name"] == "关闭"
    # behind it, the page is out of reach of the keyboard and of screen readers
    assert page.evaluate("[...document.body.children].filter(e => !e.classList.contains('sc-lb'))"
                         ".every(e => e.inert)")
    back = press(page, "Escape")
    page.wait_for_selector(".sc-lb", state="hidden")
    assert page.evaluate("document.activeElement.dataset.opener") == "yes", back
    assert page.evaluate("[...document.body.children].every(e => !e.inert)")
