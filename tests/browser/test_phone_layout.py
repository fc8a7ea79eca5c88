"""Each page type on a phone (390×844): nothing wider than the screen, fingers-sized tap
targets, readable text, the right language, and a large-text (大字) switch that stays on."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page

from .conftest import PAGE_TYPES, PHONE, PageType, SiteServer, open_page

MIN_TARGET = 44  # px, WCAG 2.5.5 (AAA) and Apple's and Android's guidance
MIN_BODY_TEXT = 16  # px
MIN_SMALL_TEXT = 14  # px, captions and labels

# Tap targets that are visible now, each with its size. A link inside a sentence is exempt
# (WCAG 2.5.8: its size is set by the line of text around it).
TAP_TARGETS = """() => {
  const inSentence = el => {
    const block = el.parentElement.closest("p, li, dd, dt, td, th, figcaption, blockquote");
    if (!block) return false;
    const box = el.getBoundingClientRect();
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      if (el.contains(node) || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects())
        if (r.bottom > box.top + 2 && r.top < box.bottom - 2) return true;
    }
    return false;
  };
  const visible = el => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= 0 || r.left >= innerWidth) return false;
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.visibility === "hidden" || style.opacity === "0") return false;
    }
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (y < 0 || y > innerHeight) return true;  // below the fold: nothing covers it
    const hit = document.elementFromPoint(x, y);  // covered, e.g. by a drawer's sub-menu?
    return !!hit && (el.contains(hit) || hit.contains(el));
  };
  const selector = "a[href], button, input:not([type=hidden]):not(.md-toggle), select, textarea,"
    + " label[for], summary, [role=button]";
  return [...document.querySelectorAll(selector)]
    .filter(el => visible(el) && !inSentence(el))
    .map(el => {
      const r = el.getBoundingClientRect();
      return {what: el.outerHTML.slice(0, 120), width: Math.round(r.width),
              height: Math.round(r.height)};
    });
}"""

# Text in the article and footer with its size; captions, labels and diagram labels (SVG)
# may be a little smaller.
TEXT_SIZES = """() => {
  const small = "figcaption, small, sup, sub, svg, .sc-figure__note, .sc-figure__label, "
    + ".sc-stop__kind, .sc-stop__time, .sc-tags, .md-copyright, .md-footer__direction, "
    + ".sc-event__date, .sc-event__state, .sc-place__brand";
  const found = [];
  for (const root of document.querySelectorAll("article, footer")) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      found.push({text: node.textContent.trim().slice(0, 30), size, small: !!el.closest(small)});
    }
  }
  return found;
}"""


def scroll_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def small_targets(page: Page) -> list[str]:
    return [f"{t['width']}×{t['height']} {t['what']}" for t in page.evaluate(TAP_TARGETS)
            if t["width"] < MIN_TARGET or t["height"] < MIN_TARGET]


@pytest.fixture(params=PAGE_TYPES, ids=lambda p: p.key)
def page_type(request: pytest.FixtureRequest) -> PageType:
    return request.param


def test_page_fits_a_phone(phone: BrowserContext, server: SiteServer, page_type: PageType) -> None:
    page, _ = open_page(phone, server.url(page_type.path))
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert scroll_width(page) <= PHONE["width"]
    small = small_targets(page)
    assert not small, "\n".join(small)
    page.click("label.md-header__button[for=__drawer]")  # the navigation drawer
    page.wait_for_timeout(300)  # its slide-in transition
    small = small_targets(page)
    assert not small, "\n".join(small)


def test_text_is_large_enough(phone: BrowserContext, server: SiteServer,
                              page_type: PageType) -> None:
    page, _ = open_page(phone, server.url(page_type.path))
    texts = page.evaluate(TEXT_SIZES)
    assert len(texts) > 10
    too_small = [t for t in texts
                 if t["size"] < (MIN_SMALL_TEXT if t["small"] else MIN_BODY_TEXT)]
    assert not too_small, "\n".join(f"{t['size']}px {t['text']}" for t in too_small)


def test_large_text_switch_is_remembered(phone: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(phone, server.url("villages/dongshancun/"))
    button = page.get_by_role("button", name="大字")
    body = "parseFloat(getComputedStyle(document.querySelector('article')).fontSize)"
    normal = page.evaluate(body)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(body) >= normal * 1.25
    other, _ = open_page(phone, server.url("routes/hongselinghangdangjianguanmoxian/"))
    assert other.evaluate(body) >= normal * 1.25  # remembered on the next page
    assert other.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    assert scroll_width(other) <= PHONE["width"]
    other.get_by_role("button", name="大字").click()
    assert other.evaluate(body) == normal
