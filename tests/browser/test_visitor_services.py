"""What a tourist who scanned a QR code needs, on a phone: hours, the phone number and the way
there in the first screen; holiday openings that are over gone, events that are over saying
so, on the day the page is read (not the day it was built)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import BrowserContext, Page

from .conftest import PHONE, SiteServer, open_page

# (page, the hours row's label) of the places a visitor goes to
PLACES = (("scenic/dongguanzhai/", "开放时间"), ("bases/luohanlidangshijiaoyujidi/", "开放时间"),
          ("stays/luohanlihongjunfan/", "营业时间"), ("events/pipawenhuajie/", "第七届"))

FIRST_SCREEN = """label => {
  const box = document.querySelector("article .sc-visit");
  const bottom = el => el ? el.getBoundingClientRect().bottom : Infinity;
  const row = [...box.querySelectorAll("dt")].find(dt => dt.textContent.trim() === label);
  return {hours: bottom(row), call: bottom(box.querySelector(".sc-button--call")),
          directions: bottom(box.querySelector(".sc-button--amap")),
          address: bottom(box.querySelector(".sc-visit__address"))};
}"""


def on(context: BrowserContext, server: SiteServer, path: str, day: str) -> Page:
    """The page as the browser shows it on `day` (its clock set to 10:00 that day)."""
    page = context.new_page()
    page.clock.install(time=dt.datetime.fromisoformat(f"{day}T10:00:00+08:00"))
    page.goto(server.url(path))
    return page


@pytest.mark.parametrize(("path", "label"), PLACES, ids=[p.split("/")[0] for p, _ in PLACES])
def test_hours_phone_and_directions_are_in_the_first_screen(
        phone: BrowserContext, server: SiteServer, path: str, label: str) -> None:
    page, _ = open_page(phone, server.url(path))
    found = page.evaluate(FIRST_SCREEN, label)
    assert all(bottom <= PHONE["height"] for bottom in found.values()), found


def test_a_holiday_opening_is_shown_until_its_last_day(phone: BrowserContext,
                                                       server: SiteServer) -> None:
    rows = ("() => [...document.querySelectorAll('.sc-visit__special')]"
            ".filter(r => r.offsetParent !== null).map(r => r.querySelector('dt').textContent)")
    before = on(phone, server, "scenic/dongguanzhai/", "2026-09-20").evaluate(rows)
    assert before == ["国庆假期", "除夕", "暑期（7—8 月）"]  # soonest first, a season last
    last_day = on(phone, server, "scenic/dongguanzhai/", "2026-10-07").evaluate(rows)
    assert last_day == before
    after = on(phone, server, "scenic/dongguanzhai/", "2026-10-08").evaluate(rows)
    assert after == ["除夕", "暑期（7—8 月）"]


def test_an_event_that_is_over_says_so(phone: BrowserContext, server: SiteServer) -> None:
    cards = ("() => Object.fromEntries([...document.querySelectorAll('.sc-cards li')].map(li =>"
             " [li.querySelector('strong').textContent, li.querySelector('.sc-date') ?"
             " li.querySelector('.sc-date').textContent : null]))")
    listing = on(phone, server, "events/", "2026-12-20").evaluate(cards)
    assert listing["状元脐橙节"] == "2026年12月12日（星期六）至12月13日（星期日）（已结束）"
    assert listing["枇杷文化节"] == "2027年4月17日（星期六）至4月25日（星期日）"
    assert listing["后溪漂流节"] is None  # a season, no dates
    page = on(phone, server, "events/pipawenhuajie/", "2027-04-25")
    assert "已结束" not in page.inner_text(".sc-visit")  # its last day: still on
    page = on(phone, server, "events/pipawenhuajie/", "2027-04-26")
    assert "（已结束）" in page.inner_text(".sc-visit")
