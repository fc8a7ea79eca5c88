"""What a phone downloads on a first visit, per page type, and the budget of every page type
(the 404 page too): at most 250 KB (gzip, as transferred) and 15 requests for HTML, CSS, JS
and the images above the fold. The table is printed at the end of the run (and written to
page-weight.md in pytest's temporary folder, or to $PAGE_WEIGHT_REPORT)."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Request

from .conftest import PAGE_TYPES, PHONE, WEIGHTS, PageType, SiteServer, Weight, open_page

BUDGET_BYTES = 250 * 1024
BUDGET_REQUESTS = 15
NOT_FOUND = PageType("404", "404（打错的网址）", "villages/no-such-village/")

# Images whose box lies (partly) in the first screen: pictures, and the backgrounds of
# elements there (the home page's section tiles). Chromium also fetches lazy images a screen
# or two further down, which the budget leaves out.
ABOVE_THE_FOLD = r"""() => {
  const inView = el => { const r = el.getBoundingClientRect();
                         return r.bottom > 0 && r.top < innerHeight && r.width > 0; };
  const pictures = [...document.images].filter(inView).map(img => img.currentSrc || img.src);
  const backgrounds = [...document.querySelectorAll("body *")].filter(inView).flatMap(el =>
    [...getComputedStyle(el).backgroundImage.matchAll(/url\("([^"]+)"\)/g)].map(m => m[1]));
  return [...pictures, ...backgrounds];
}"""


def transferred(request: Request) -> int:
    """Body bytes as sent (gzip for text): the server's Content-Length."""
    response = request.response()
    return int(response.headers.get("content-length", 0)) if response else 0


def kind(request: Request) -> str:
    known = {"document", "stylesheet", "script", "image"}
    return request.resource_type if request.resource_type in known else "other"


def measure(context: BrowserContext, server: SiteServer, page_type: PageType) -> Weight:
    page, visit = open_page(context, server.url(page_type.path), wait_until="networkidle")
    if page_type is NOT_FOUND:  # the page itself comes with status 404, and says so
        assert visit.failed == [f"{server.url(page_type.path)} (HTTP 404)"]
        assert all("404" in error for error in visit.errors), visit.errors
    else:
        assert not visit.failed and not visit.errors
    above = set(page.evaluate(ABOVE_THE_FOLD))
    weight = Weight(page_type)
    for request in visit.requests:
        size = transferred(request)
        weight.all_bytes += size
        weight.all_requests += 1
        weight.by_kind[kind(request)] = weight.by_kind.get(kind(request), 0) + size
        if kind(request) != "image" or request.url in above:
            weight.budget_bytes += size
            weight.budget_requests += 1
    WEIGHTS[page_type.key] = weight
    return weight


@pytest.mark.parametrize("page_type", [*PAGE_TYPES, NOT_FOUND], ids=lambda p: p.key)
def test_first_load_fits_the_budget(phone: BrowserContext, server: SiteServer,
                                    page_type: PageType) -> None:
    weight = measure(phone, server, page_type)
    summary = (f"{page_type.title} at {PHONE['width']}×{PHONE['height']}: "
               f"{weight.budget_bytes:,} bytes in {weight.budget_requests} requests "
               f"(images {weight.by_kind.get('image', 0):,} bytes)")
    assert weight.by_kind.get("document", 0) > 0
    assert weight.budget_requests <= BUDGET_REQUESTS, summary
    assert weight.budget_bytes <= BUDGET_BYTES, summary


def test_the_home_pages_section_photos_are_one_request(phone: BrowserContext,
                                                       server: SiteServer) -> None:
    page, visit = open_page(phone, server.url(), wait_until="networkidle")
    sheets = [u for u in visit.urls() if u.endswith("-covers.webp")]
    assert len(sheets) == 1 and sheets[0] in page.evaluate(ABOVE_THE_FOLD)
