"""Dates as visitors read them: 2025年4月12日（星期六）, in a `<time>` element.

The page says nothing about "today": output depends on the content alone (a build tomorrow
gives the same bytes). Whether a date is past is decided in the visitor's browser
(showcase.js reads the `data-sc-until` attribute `until` writes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

_WEEKDAYS = "一二三四五六日"


def _day(date: dt.date, year: bool = True, weekday: bool = True) -> str:
    text = f"{date.year}年{date.month}月{date.day}日" if year else f"{date.month}月{date.day}日"
    if weekday:
        text += f"（星期{_WEEKDAYS[date.weekday()]}）"
    return f'<time datetime="{date.isoformat()}">{text}</time>'


def chinese_date(date: dt.date, weekday: bool = False) -> Markup:
    """2025年4月12日, or with `weekday` 2025年4月12日（星期六）."""
    return Markup(_day(date, weekday=weekday))


def date_span(start: dt.date, end: dt.date | None = None, weekday: bool = True) -> Markup:
    """One day, or from one day to another: the second leaves out the year when it is the
    same (2025年4月12日（星期六）至4月20日（星期日））."""
    if end is None or end == start:
        return Markup(_day(start, weekday=weekday))
    return Markup(f"{_day(start, weekday=weekday)}至"
                  f"{_day(end, year=end.year != start.year, weekday=weekday)}")


def until(start: dt.date | None, end: dt.date | None) -> Markup:
    """` data-sc-until="…"`: the last day something is on, for the browser to hide it after;
    nothing for what has no date."""
    last = end or start
    return Markup(f' data-sc-until="{last.isoformat()}"') if last else Markup("")


def soonest_first(spans: Sequence[Any]) -> list[Any]:
    """Temporary openings (anything with `start`), those with dates first by their first day,
    then those without (a season, a weekday) as written."""
    dated = sorted((s for s in spans if s.start is not None), key=lambda s: s.start)
    return dated + [s for s in spans if s.start is None]
