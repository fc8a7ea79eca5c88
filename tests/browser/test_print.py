"""What comes out of the printer: the route handbook (A4) and the QR placards (A5), printed by
Chromium to PDF and read back. Each carries the unit and the date written in site.yaml (not
the day it was built), the handbook numbers its pages, a placard fills one sheet."""

from __future__ import annotations

import io
import unicodedata

import pytest
import yaml
from playwright.sync_api import BrowserContext
from pypdf import PdfReader

from .conftest import ROOT, SiteServer, open_page

MM = 72 / 25.4  # PDF points per millimetre
ROUTE = "routes/hongselinghangdangjianguanmoxian/"


def site_yaml() -> dict:
    return yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))


def printed(context: BrowserContext, url: str) -> PdfReader:
    page, visit = open_page(context, url, wait_until="networkidle")
    assert not visit.failed and not visit.errors
    page.emulate_media(media="print")  # the pictures only paper shows (QR codes) show
    page.evaluate("""async () => {  // every lazy picture in, as a visitor scrolling would
      for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
        scrollTo(0, y); await new Promise(done => setTimeout(done, 20)); }
    }""")
    page.wait_for_function(
        "[...document.images].filter(i => i.getClientRects().length).every(i => i.complete)")
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


# The PDF's CJK glyphs come back partly as radicals: Kangxi ones (⼈ for 人) NFKC turns back,
# these supplementary ones it does not. (NFKC also makes "，" a ",": expectations go through it.)
RADICALS = str.maketrans("⺠⻓⻚⻔⻢⻋⻄⻅⻛⻜⻝⻥⻦⻬⻰⺟⺩⻘⻨⻩",
                         "民长页门马车西见风飞食鱼鸟齐龙母王青麦黄")


def plain(words: str) -> str:
    return unicodedata.normalize("NFKC", words).translate(RADICALS)


def text(reader: PdfReader, number: int) -> str:
    return plain(reader.pages[number].extract_text())


@pytest.fixture(scope="module")
def unit_and_date() -> str:
    data = site_yaml()
    updated = data["updated"]
    return f"{data['footer']['sponsor']} · {updated.year}年{updated.month}月{updated.day}日"


def test_the_handbook_carries_unit_date_and_page_numbers(
        desktop: BrowserContext, hosted_with_site_url: SiteServer, unit_and_date: str) -> None:
    reader = printed(desktop, hosted_with_site_url.url(ROUTE))
    pages = len(reader.pages)
    assert 1 < pages <= 3
    for number in range(pages):
        page = reader.pages[number]
        assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)
                ) == (210, 297)
        words = text(reader, number)
        assert plain(f"第 {number + 1} 页，共 {pages} 页") in words
        assert unit_and_date in words
        assert "关于本站" not in words and "搜索" not in words  # no menu, header or footer
    first = text(reader, 0)
    assert first.index("慢城镇观摩手册") < first.index("红色领航党建观摩线")
    # the stops begin on the first page, under the facts and the map
    assert "行程" in first and "逸都社区" in first and "罗汉里党史教育基地" in first


def test_each_placard_is_one_a5_sheet_with_logo_photo_brand_unit_and_date(
        desktop: BrowserContext, hosted_with_site_url: SiteServer) -> None:
    data = site_yaml()
    unit = data["footer"]["sponsor"]
    updated = data["updated"]
    reader = printed(desktop, hosted_with_site_url.url("placards/"))
    village = yaml.safe_load((ROOT / "content/villages/东山村.yaml").read_text(encoding="utf-8"))
    names = []
    for number, page in enumerate(reader.pages):
        assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)
                ) == (148, 210)
        words = text(reader, number).splitlines()
        assert words[0] == f"{data['name']} · {data['brand']['name']}"  # nothing spilt over
        assert words[-1] == f"{unit} · {updated.year}年{updated.month}月"
        assert len(page.images) >= 2  # the logo and the item's photo (the code is drawn)
        names.append(words[2])
    assert names[0] == "东山村" and len(names) == len(set(names)) == 11
    first = text(reader, 0)
    assert village["brand"]["name"] in first and village["brand"]["slogan"] in first
    assert "第 1 页" not in first  # a sheet, not a page of a document
