"""Industries shared by villages (一镇一业), declared once: the 一村一品 page lists each once with
its villages, every village page shows its own part, and a misspelt village is named at its
line. The villages compared in charts drawn at build time: star ratings and shared figures."""

from __future__ import annotations

import html
import re
import textwrap

from conftest import Project
from test_labels import pages_of

INDUSTRY = """\
name: 枇杷
category: 水果
summary: 全镇的当家产业。
season: 4—5月
price: 鲜果 15—30 元/斤
scale:
  year: 2023
  area: 6800
  output: 5100
  output_unit: 吨
  value: 10200
  households: 1350
villages:
  - village: 东山村
    note: 核心产区，建有枇杷新品种示范园。
  - village: 王坑村
    note: 高山枇杷，晚熟半个月。
shops:
  - name: 镇农产品展销中心
    phone: 0594-8800600
honors:
  - name: 全国名特优新农产品
    level: 国家级
    year: 2023
"""


def village(name: str, stars: int | None = None, income: float | None = None,
            extra: str = "") -> str:
    text = f"name: {name}\n"
    if stars:
        text += f"party_org:\n  name: 中共{name}支部委员会\n  stars: {stars}\n"
    if income is not None:
        text += ("figures:\n  - label: 村集体经济收入\n"
                 f"    value: {income}\n    unit: 万元\n    year: 2023\n")
    return text + textwrap.dedent(extra)


def town(project: Project) -> None:
    project.write("content/villages/东山村.yaml", village("东山村", 5, 46.8))
    project.write("content/villages/王坑村.yaml", village("王坑村", 4, 21, extra="""\
        products:
          - name: 王坑地瓜干
            category: 干货
            description: 古法晾晒。
        """))
    project.write("content/villages/状元村.yaml", village("状元村", 5, 63.5))
    project.write("content/industries/枇杷.yaml", INDUSTRY)


def test_the_products_page_lists_a_shared_industry_once_with_its_villages(
        project: Project) -> None:
    town(project)
    pages, nav = pages_of(project)
    page = pages["products.md"]
    assert page.count("### 枇杷\n") == 1
    assert ('产地：<a href="../villages/dongshancun/">东山村</a>、'
            '<a href="../villages/wangkengcun/">王坑村</a> · 上市：4—5月') in page
    assert '<a href="../industries/pipa/">枇杷：2 个村（社区）的情况、规模和荣誉</a>' in page
    assert "<dt>" not in page and "6800<small>亩</small>" in page  # its scale, as figures
    assert "哪里买" in page and "镇农产品展销中心" in page
    # a village's own product is listed as before, under its category
    assert "## 干货\n\n### 王坑地瓜干\n" in page and "古法晾晒" in page
    # a part of 一村一品 in the menu: one tab leads to both
    assert {"一村一品": ["products.md", "industries/index.md",
                         {"枇杷": "industries/pipa.md"}]} in nav
    assert not any("特色产业" in section for section in nav)


def test_each_village_page_shows_the_industry_with_its_own_part(project: Project) -> None:
    town(project)
    pages, _ = pages_of(project)
    east, wang, top = (pages[f"villages/{s}.md"] for s in ("dongshancun", "wangkengcun",
                                                           "zhuangyuancun"))
    assert "## 一村一品\n" in east and "### 枇杷\n" in east
    assert "<p>核心产区，建有枇杷新品种示范园。</p>" in east and "晚熟" not in east
    assert "<p>高山枇杷，晚熟半个月。</p>" in wang and "核心产区" not in wang
    assert "测试镇特色产业 · 水果 · 上市：4—5月" in east
    assert '<a href="../../industries/pipa/">枇杷产业：2 个村（社区）参与，规模和荣誉</a>' in east
    assert "订购电话 0594-8800600" in east  # where to buy, from the industry
    # the village's own product still shows, after the shared one
    assert wang.index("### 枇杷\n") < wang.index("### 王坑地瓜干\n")
    # a village that takes no part has no 一村一品 section, and no industry among its places
    assert "一村一品" not in top and "枇杷" not in top


def test_the_industry_page_has_its_scale_villages_and_where_to_buy(project: Project) -> None:
    town(project)
    pages, _ = pages_of(project)
    page = pages["industries/pipa.md"]
    assert "<dt>产地</dt><dd>2 个村（社区）</dd>" in page
    for value, unit, label in (("6800", "亩", "面积"), ("5100", "吨", "年产量"),
                               ("10200", "万元", "年产值"), ("1350", "户", "带动农户")):
        assert (f'{value}<small>{unit}</small></span><span class="sc-figure__label">'
                f"{label}（2023年）") in page
    parts = re.findall(r'<li><p class="sc-parts__name"><a href="([^"]+)">([^<]+)</a>'
                       r'.*?<p class="sc-parts__note">([^<]+)</p></li>', page)
    assert parts == [("../../villages/dongshancun/", "东山村", "核心产区，建有枇杷新品种示范园。"),
                     ("../../villages/wangkengcun/", "王坑村", "高山枇杷，晚熟半个月。")]
    assert "**全国名特优新农产品** · 国家级 · 2023 年" in page
    assert "订购电话 0594-8800600" in page


def test_a_misspelt_village_of_an_industry_is_named_at_its_line(project: Project) -> None:
    town(project)
    project.write("content/industries/枇杷.yaml", INDUSTRY.replace("village: 王坑村",
                                                                  "village: 王炕村"))
    result = project.build()
    assert not result.ok
    [problem] = [p for p in result.problems if p.code == "dangling-ref"]
    assert (problem.file, problem.line) == ("content/industries/枇杷.yaml", 16)
    assert "找不到名为“王炕村”的村（社区）" in problem.message and "王坑村" in problem.hint


def test_a_village_written_twice_and_an_output_without_unit_are_errors(
        project: Project) -> None:
    town(project)
    twice = INDUSTRY.replace("  - village: 王坑村\n", "  - village: 东山村\n")
    project.write("content/industries/枇杷.yaml", twice.replace("  output_unit: 吨\n", ""))
    result = project.build()
    found = {(p.line, p.message) for p in result.problems if p.file.endswith("枇杷.yaml")}
    # at `villages:` (line 12 once output_unit is gone), and at the scale's output
    assert (12, "字段“villages”（参与的村）：村“东山村”写了两次。") in found, found
    assert (9, "字段“scale”（规模）：写了年产量 output，也要写产量单位 output_unit，"
               "例如 output_unit: 吨。") in found, found


def bars(chart: str) -> list[tuple[str, str, str]]:
    """(label, value, bar length) of each bar of an SVG chart, top to bottom, as shown."""
    found = re.findall(r'<text class="sc-chart__label" x="0" y="\d+">([^<]+)</text>'
                       r'<text class="sc-chart__value"[^>]*>([^<]+)</text>'
                       r'<rect class="sc-chart__track"[^>]*></rect>'
                       r'<rect class="sc-chart__bar" x="0" y="\d+" width="([^"]+)"', chart)
    return [tuple(map(html.unescape, bar)) for bar in found]


def rows(chart: str) -> list[tuple[str, str]]:
    return [tuple(map(html.unescape, row)) for row in
            re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', chart)]


def charts(page: str) -> dict[str, str]:
    """Each chart of a page by its title."""
    return dict(re.findall(r'<figure class="sc-chart">\n<figcaption class="sc-chart__title">'
                           r"([^<]+)</figcaption>(.*?)</figure>", page, flags=re.DOTALL))


def test_a_figure_villages_share_is_a_ranked_bar_chart_with_its_table(
        project: Project) -> None:
    town(project)
    pages, _ = pages_of(project)
    found = charts(pages["villages/index.md"])
    chart = found["村集体经济收入（2023年）"]
    assert bars(chart) == [("状元村", "63.5 万元", "100.0%"), ("东山村", "46.8 万元", "73.7%"),
                           ("王坑村", "21 万元", "33.1%")]
    assert rows(chart) == [("状元村", "63.5 万元"), ("东山村", "46.8 万元"), ("王坑村", "21 万元")]
    # screen readers read the table, not the picture
    assert '<svg class="sc-chart__bars" width="100%" height="132" aria-hidden="true"' in chart
    assert '<table class="sc-chart__table sc-visually-hidden">' in chart
    assert "viewBox" not in chart  # 44 px a bar (height), text at the page's size


def test_star_ratings_are_counted_from_the_villages(project: Project) -> None:
    town(project)
    project.write("content/villages/善山村.yaml", village("善山村"))  # not rated
    pages, _ = pages_of(project)
    page = pages["villages/index.md"]
    assert "3 个村（社区）党组织评了星：五星级 2 个、四星级 1 个。" in page
    chart = charts(page)["党组织星级评定"]
    assert bars(chart) == [("五星级", "2 个", "100.0%"), ("四星级", "1 个", "50.0%")]
    assert rows(chart) == [("五星级", "2 个"), ("四星级", "1 个")]


def test_no_chart_for_a_figure_fewer_than_three_villages_share(project: Project) -> None:
    project.write("content/villages/东山村.yaml", village("东山村", income=46.8))
    project.write("content/villages/王坑村.yaml", village("王坑村", income=21))
    project.write("content/villages/状元村.yaml", village("状元村").replace(
        "name: 状元村\n", "name: 状元村\nfigures:\n  - label: 村集体经济收入\n    value: 60\n"
        "    unit: 万元\n    year: 2022\n"))  # another year: not the same figure
    pages, _ = pages_of(project)
    assert "sc-chart" not in pages["villages/index.md"]
    assert "数据对比" not in pages["villages/index.md"]


def test_text_in_a_chart_is_escaped(project: Project) -> None:
    town(project)
    project.write("content/villages/状元村.yaml", village("<b>状元村</b>", 5, 63.5))
    pages, _ = pages_of(project)
    chart = charts(pages["villages/index.md"])["村集体经济收入（2023年）"]
    assert "<b>" not in chart and "&lt;b&gt;状元村&lt;/b&gt;" in chart
