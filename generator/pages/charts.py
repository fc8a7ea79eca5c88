"""Figures people would rather look at than read: the numbers of bar charts, computed from the
villages at build time (never typed twice). themes/pages/_charts.md.j2 draws them as SVG, with
a table of the same numbers.

A chart's geometry is in pixels down the page and in percent across it: the SVG has no
viewBox, so its text keeps the page's size on a 390 px phone and on a desktop alike, and only
the bars stretch with the column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from generator.content.link import Entry
from generator.content.models import Village

ROW = 44  # px a bar takes down the chart: its label line and the bar beneath
STARS = {5: "五星级", 4: "四星级", 3: "三星级", 2: "二星级", 1: "一星级"}
MIN_VILLAGES = 3  # a figure shared by fewer villages compares nothing worth a chart


def shown(value: float, unit: str | None) -> str:
    """46.8 万元, 3200 亩, 5 个: the number as people write it (no 3200.0, no 1e+06)."""
    number = f"{int(value)}" if float(value).is_integer() else f"{value:.10g}"
    return f"{number} {unit}" if unit else number


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value with its unit, as the bar and the table show it
    y: int  # top of its row in the SVG, px
    length: Markup  # of the bar, percent of the widest: "62.5%" (a number made here)


@dataclass(frozen=True)
class Chart:
    title: str
    heading: str  # the table's column of labels: 村（社区）, 星级
    bars: tuple[Bar, ...]
    read_from: tuple[str, ...]  # the files of the villages it counts
    lead: str | None = None  # a sentence above the chart, saying what it shows

    @property
    def height(self) -> int:
        return ROW * len(self.bars)


def _bars(rows: Iterable[tuple[str, float, str | None]]) -> tuple[Bar, ...]:
    rows = list(rows)
    widest = max((value for _, value, _ in rows), default=0)
    widest = widest if widest > 0 else 1
    return tuple(Bar(label, value, shown(value, unit), ROW * at,
                     Markup(f"{max(value, 0) / widest * 100:.1f}%"))
                 for at, (label, value, unit) in enumerate(rows))


def star_ratings(villages: Iterable[Entry]) -> Chart | None:
    """How many villages hold each star rating of their Party organisation, highest first;
    None when no village has one."""
    counts: dict[int, int] = {}
    files: list[str] = []
    for entry in villages:
        org = entry.item.party_org if isinstance(entry.item, Village) else None
        if org is not None and org.stars:
            counts[org.stars] = counts.get(org.stars, 0) + 1
            files.append(entry.source.file)
    if not counts:
        return None
    bars = _bars((STARS[stars], counts[stars], "个") for stars in sorted(counts, reverse=True))
    said = "、".join(f"{b.label} {b.text}" for b in bars)  # 五星级 14 个、四星级 3 个
    return Chart("党组织星级评定", "星级", bars, tuple(files),
                 f"{len(files)} 个村（社区）党组织评了星：{said}。")


def shared_figures(villages: Iterable[Entry]) -> list[Chart]:
    """A ranked bar chart for every figure that at least MIN_VILLAGES villages give with the
    same label, year and unit (村集体经济收入 of 2023 in 万元), in the order they first appear."""
    groups: dict[tuple[str, int | None, str | None], list[tuple[Entry, float]]] = {}
    for entry in villages:
        for figure in getattr(entry.item, "figures", ()):
            rows = groups.setdefault((figure.label, figure.year, figure.unit), [])
            if all(other is not entry for other, _ in rows):  # a village's first, if twice
                rows.append((entry, figure.value))
    charts = []
    for (label, year, unit), rows in groups.items():
        if len(rows) < MIN_VILLAGES:
            continue
        ranked = sorted(rows, key=lambda row: -row[1])  # stable: ties keep the villages' order
        title = f"{label}（{year}年）" if year else label
        charts.append(Chart(title, "村（社区）",
                            _bars((entry.name, value, unit) for entry, value in ranked),
                            tuple(entry.source.file for entry, _ in ranked)))
    return charts
