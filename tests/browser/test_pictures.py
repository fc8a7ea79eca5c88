"""Pictures sized right, as Chromium loads them: every photo the smallest file at least as wide
as it is shown (times the screen's pixel ratio), `sizes` saying that width where the browser
cannot measure it itself, the logo's size known before it loads, and no half-empty rows."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from .conftest import PAGE_TYPES, PageType, SiteServer, open_page

SCREENS = {"phone": ({"width": 390, "height": 844}, 2),
           "desktop": ({"width": 1280, "height": 800}, 1)}

# Every photo of the article once it has loaded: shown width, the file it chose, its candidates.
PICTURES = """async () => {
  const imgs = [...document.querySelectorAll("article picture img")];
  for (const img of imgs) {  // scrolled to, as a visitor would (they load when scrolled to)
    img.scrollIntoView({block: "center"});
    for (let waited = 0; !(img.complete && img.currentSrc) && waited < 5000; waited += 50)
      await new Promise(done => setTimeout(done, 50));
  }
  const width = u => parseInt(u.match(/-(\\d+)\\.\\w+$/)[1], 10);
  return imgs.map(img => {
    const source = img.parentElement.querySelector("source");
    const set = (source || img).getAttribute("srcset");
    return {
      shown: img.getBoundingClientRect().width,
      chosen: width(img.currentSrc),
      candidates: set.split(",").map(c => parseInt(c.trim().split(/\\s+/)[1], 10)),
      sizes: img.getAttribute("sizes"),
      what: (img.closest("figure, li, div") || img).className + " " + img.alt,
      backdrop: img.classList.contains("sc-banner__photo"),
    };
  });
}"""

# The width `sizes` gives at this window size, without "auto" (what browsers that cannot size
# a picture themselves go by): the first entry whose media condition holds, measured.
SIZES_SAY = """sizes => {
  const entries = sizes.split(",").map(e => e.trim()).filter(e => e !== "auto");
  for (const entry of entries) {
    const m = entry.match(/^(\\(.*\\))\\s+(.+)$/);
    if (m && !matchMedia(m[1]).matches) continue;
    const probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;height:1px";
    probe.style.width = m ? m[2] : entry;
    document.body.appendChild(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return width;
  }
  return innerWidth;
}"""


def screen(browser: Browser, name: str) -> BrowserContext:
    viewport, ratio = SCREENS[name]
    return browser.new_context(viewport=viewport, device_scale_factor=ratio, locale="zh-CN",
                               is_mobile=name == "phone", has_touch=name == "phone")


@pytest.fixture(params=list(SCREENS))
def context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    made = screen(browser, request.param)
    yield made
    made.close()


def pictures(page: Page) -> list[dict]:
    found = page.evaluate(PICTURES)
    assert found, "no photo on the page"
    return found


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.key)
def test_every_photo_loads_the_smallest_file_wide_enough(
        context: BrowserContext, server: SiteServer, page_type: PageType) -> None:
    page, _ = open_page(context, server.url(page_type.path))
    ratio = page.evaluate("devicePixelRatio")
    wrong = []
    for p in pictures(page):
        if p["backdrop"]:
            continue  # test_the_banner_photo_loads_half_its_width_on_a_phone
        needed = p["shown"] * ratio
        enough = [c for c in sorted(p["candidates"]) if c >= needed - 1]
        right = enough[0] if enough else max(p["candidates"])
        if p["chosen"] != right:
            wrong.append(f"{p['what']}: shown {p['shown']:.0f} px × {ratio}, loaded {p['chosen']}w"
                         f" where {right}w would do (candidates {p['candidates']})")
        said = page.evaluate(SIZES_SAY, p["sizes"])
        if not p["shown"] - 1 <= said <= p["shown"] * 1.1 + 2:
            wrong.append(f"{p['what']}: shown {p['shown']:.0f} px, sizes says {said:.0f} px"
                         f" ({p['sizes']})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("name", "file"), [("phone", 720), ("desktop", 1600)])
def test_the_banner_photo_loads_half_its_width_on_a_phone(browser: Browser, server: SiteServer,
                                                          name: str, file: int) -> None:
    """The home page's banner photo, across the screen: on a 2× phone of 390 px (780 pixels)
    a backdrop under the banner's red, so the file for half that; on a desktop of 1280 px,
    where the red fades out and the photo shows, the smallest file as wide."""
    context = screen(browser, name)
    try:
        page, _ = open_page(context, server.url())
        banner = [p for p in pictures(page) if p["backdrop"]]
        veil = page.evaluate("getComputedStyle(document.querySelector('.sc-banner'), '::before')"
                             ".backgroundImage")
    finally:
        context.close()
    assert len(banner) == 1
    assert banner[0]["shown"] == SCREENS[name][0]["width"]
    assert banner[0]["chosen"] == file
    if name == "phone":  # what makes half the pixels enough
        opacity = [float(a) for a in re.findall(r"rgba\([^)]*, ([\d.]+)\)", veil)]
        assert opacity and min(opacity) >= 0.75, veil


def test_a_phone_loads_360_px_thumbnails(browser: Browser, server: SiteServer) -> None:
    """A 175 px thumbnail on a 2× phone needs 350 pixels: the 360 px file, not the 720."""
    context = screen(browser, "phone")
    try:
        page, _ = open_page(context, server.url("scenic/dongguanzhai/"))
        lead, *thumbs = [p for p in pictures(page) if "sc-photo" in p["what"]]
    finally:
        context.close()
    assert lead["chosen"] == 720 and 350 <= lead["shown"] <= 360  # across the screen
    assert thumbs and all(170 <= t["shown"] <= 180 and t["chosen"] == 360 for t in thumbs)


def test_photos_fill_their_rows(context: BrowserContext, server: SiteServer) -> None:
    """A single photo, or an odd last one, is shown across the row, not beside a hole."""
    page, _ = open_page(context, server.url("bases/luohanlidangshijiaoyujidi/"))
    rows = page.evaluate("""() => [...document.querySelectorAll("article .sc-gallery")].map(g => {
      const box = g.getBoundingClientRect();
      const figures = [...g.querySelectorAll(":scope > figure")]
        .map(f => f.getBoundingClientRect());
      const tops = [...new Set(figures.map(f => Math.round(f.top)))];
      return tops.map(top => {
        const row = figures.filter(f => Math.round(f.top) === top);
        return Math.max(...row.map(f => f.right)) - box.left;
      }).map(used => used / box.width);
    })""")
    assert len(rows) >= 5  # the base's own photos and one of each teaching site
    for gallery in rows:
        assert all(used > 0.98 for used in gallery), rows


def test_route_stop_photos_are_large_enough_to_see(context: BrowserContext,
                                                   server: SiteServer) -> None:
    page, _ = open_page(context, server.url("routes/hongselinghangdangjianguanmoxian/"))
    widths = page.evaluate("[...document.querySelectorAll('.sc-stop__photo img')]"
                           ".map(i => i.getBoundingClientRect().width)")
    assert len(widths) == 6
    assert all(w >= 280 for w in widths), widths  # they were about 124 px


def test_logo_has_its_size_before_it_loads(context: BrowserContext, server: SiteServer) -> None:
    page, _ = open_page(context, server.url("villages/"))
    logos = page.evaluate("""() => [...document.querySelectorAll(".md-logo img")].map(i => ({
      width: i.getAttribute("width"), height: i.getAttribute("height"),
      natural: [i.naturalWidth, i.naturalHeight]}))""")
    assert logos
    for logo in logos:
        assert [int(logo["width"]), int(logo["height"])] == logo["natural"]
