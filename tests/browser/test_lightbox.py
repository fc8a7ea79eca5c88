"""Tapping a photo on a phone: the large variant, its caption, swipes, and Back to close."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import BrowserContext, Page

from .conftest import SiteServer, open_page

VILLAGE = "villages/dongshancun/"


def swipe(page: Page, dx: int) -> None:
    box = page.locator(".sc-lb").bounding_box()
    assert box
    y = box["y"] + box["height"] / 2
    x = box["x"] + box["width"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=5)
    page.mouse.up()


def opened(page: Page) -> tuple[str, str, str]:
    """(image URL shown, caption, counter) once the large image has loaded."""
    page.wait_for_function("() => { const i = document.querySelector('.sc-lb img');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    return (page.evaluate("document.querySelector('.sc-lb img').currentSrc"),
            page.inner_text(".sc-lb__caption"), page.inner_text(".sc-lb__counter"))


def test_photo_opens_large_swipes_within_its_gallery_and_back_closes(
        phone: BrowserContext, server: SiteServer) -> None:
    page, visit = open_page(phone, server.url(VILLAGE), wait_until="networkidle")
    gallery = page.locator("[data-gallery]").first
    captions = gallery.locator("figcaption").all_inner_texts()
    assert len(captions) >= 3
    gallery.locator("a.sc-lightbox").nth(1).click()
    src, caption, counter = opened(page)
    assert src.endswith(".webp") and "-1080." in src  # 390 px at 2× picks the 1080 variant
    assert (caption, counter) == (captions[1], f"2 / {len(captions)}")

    swipe(page, -150)  # finger moves left: the next photo
    assert opened(page)[1:] == (captions[2], f"3 / {len(captions)}")
    swipe(page, 150)
    swipe(page, 150)
    assert opened(page)[1:] == (captions[0], f"1 / {len(captions)}")

    page.go_back()  # the phone's Back button closes the photo, not the page
    page.wait_for_selector(".sc-lb", state="hidden")
    assert page.url == server.url(VILLAGE)
    assert not visit.errors and not visit.failed


def test_lightbox_works_from_a_usb_stick(phone: BrowserContext, offline_site: Path) -> None:
    page, visit = open_page(phone, (offline_site / "villages/dongshancun.html").as_uri())
    page.locator("a.sc-lightbox").first.click()
    src, caption, _ = opened(page)
    assert src.startswith("file://") and caption
    page.keyboard.press("Escape")
    page.wait_for_selector(".sc-lb", state="hidden")
    assert not visit.errors and not visit.failed
