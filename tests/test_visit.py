"""Getting there, route diagrams and next-stop links, as a visitor on a tour sees them."""

from __future__ import annotations

import html as htmllib
import itertools
import math
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import yaml
from conftest import ROOT, Project
from hypothesis import given, settings
from hypothesis import strategies as st
from test_sample_site import article, html_of, items

from generator.cli import main
from generator.content.geo import Point
from generator.content.slugs import slugify
from generator.pages.routes import MARKER_RADIUS, RouteStop, layout

STOP_KEYS = {"village": "villages", "scenic": "scenic", "base": "bases", "stay": "stays",
             "event": "events"}


def hrefs(page: str) -> list[str]:
    return [htmllib.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def amap(lat: str, lng: str, name: str) -> str:
    return (f"https://uri.amap.com/marker?position={lng},{lat}&name={quote(name, safe='')}"
            "&coordinate=gaode")


def baidu(lat: str, lng: str, name: str, content: str) -> str:
    return (f"https://api.map.baidu.com/marker?location={lat},{lng}&title={quote(name, safe='')}"
            f"&content={quote(content, safe='')}&output=html&coord_type=gcj02"
            "&src=webapp.dangjian.showcase")


def visit_block(page: str) -> str:
    """The getting-there box, up to its own closing tag (its facts are <div> rows)."""
    start = page.index('class="sc-visit"')
    depth = 1
    for tag in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page[start: start + tag.start()]
    raise AssertionError("the getting-there box is not closed")


def test_every_place_with_a_location_shows_address_phone_and_map_links(
        sample_site: Path) -> None:
    checked = 0
    for key, slug, data in items():
        location = data.get("location")
        if not location or "lat" not in location:
            continue
        block = visit_block(article(sample_site, f"{key}/{slug}"))
        lat, lng = str(location["lat"]), str(location["lng"])
        links = hrefs(block)
        assert amap(lat, lng, data["name"]) in links, slug
        assert baidu(lat, lng, data["name"], location["address"]) in links, slug
        assert location["address"] in block
        phone = (data.get("phone") or (data.get("booking") or {}).get("phone")
                 or (data.get("contact") or {}).get("phone"))
        if phone:
            assert f'href="tel:{str(phone).replace("-", "")}"' in block, slug
        checked += 1
    assert checked >= 17


def test_home_page_shows_how_to_reach_the_town(sample_site: Path) -> None:
    site = yaml.safe_load((ROOT / "content/site.yaml").read_text(encoding="utf-8"))
    block = visit_block(article(sample_site, "."))
    where = site["location"]
    assert amap(str(where["lat"]), str(where["lng"]), site["name"]) in hrefs(block)
    assert where["address"] in block


def test_map_buttons_are_big_enough_to_tap() -> None:
    css = (ROOT / "themes/material/assets/stylesheets/visit.css").read_text(encoding="utf-8")
    for selector in (".md-typeset .sc-button {", ".md-typeset .sc-stop__nav a,",
                     ".md-typeset .sc-onroute__steps a,"):
        rule = css[css.index(selector): css.index("}", css.index(selector))]
        assert "min-height: 44px" in rule, selector


def _project_with_route(project: Project, coords: dict[str, str]) -> None:
    for name, location in coords.items():
        project.write(f"content/villages/{name}.yaml", f"name: {name}\n{location}")
    project.write("content/routes/测试线.yaml", """\
        name: 测试线
        kind: 观摩路线
        stops:
          - village: 甲村
            time: 30 分钟
            note: 第一站看点
          - village: 乙村
          - village: 丙村
        """)


def test_wgs84_coordinates_are_converted_for_the_map_links(project: Project) -> None:
    # The Beijing reference pair: WGS-84 39.911954,116.377817 is GCJ-02 39.913345,116.384047.
    _project_with_route(project, {
        "甲村": "location:\n  lat: 39.911954\n  lng: 116.377817\n  coords: wgs84\n",
        "乙村": "location:\n  lat: 39.92\n  lng: 116.39\n",
        "丙村": "",
    })
    assert main(["--project", str(project.root), "build"]) == 0
    page = article(project.root / "site", "villages/jiacun")
    assert amap("39.913345", "116.384047", "甲村") in hrefs(page)
    assert "position=116.377817" not in page


def route_map(page: str) -> str:
    return page[page.index('<figure class="sc-route-map">'): page.index("</figure>",
                                                                        page.index("sc-route-map"))]


def test_route_diagram_draws_every_located_stop_in_order(sample_site: Path) -> None:
    for path in sorted((ROOT / "content/routes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = article(sample_site, f"routes/{data.get('slug') or slugify(path.stem)}")
        svg = route_map(page)
        names = []
        for stop in data["stops"]:
            key, target = next((k, v) for k, v in stop.items() if k in STOP_KEYS)
            names.append(target)
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in svg and 'role="img"' in svg
        numbers = re.findall(r'<g class="sc-route-map__stop">.*?>(\d+)</text></g>', svg)
        assert numbers == [str(i) for i in range(1, len(names) + 1)], path.name
        labels = re.findall(r'class="sc-route-map__label"[^>]*>([^<]+)</text>', svg)
        assert labels == names, path.name
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg)
        assert desc and all(f"{i} {n}" in desc.group(1) for i, n in enumerate(names, 1))
        assert len(re.search(r'<polyline points="([^"]+)"', svg).group(1).split()) == len(names)
        assert 'viewBox="0 0 358 ' in svg  # one phone width of content
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_stops_without_coordinates_are_left_out_of_the_diagram(project: Project) -> None:
    _project_with_route(project, {
        "甲村": "location:\n  lat: 25.43\n  lng: 118.76\n",
        "乙村": "location:\n  address: 只有地址\n",
        "丙村": "location:\n  lat: 25.47\n  lng: 118.78\n",
    })
    assert main(["--project", str(project.root), "build"]) == 0
    page = article(project.root / "site", "routes/ceshixian")
    svg = route_map(page)
    assert re.findall(r'class="sc-route-map__label"[^>]*>([^<]+)</text>', svg) == ["甲村", "丙村"]
    assert re.findall(r'<g class="sc-route-map__stop">.*?>(\d+)</text></g>', svg) == ["1", "3"]
    assert "第 2 站乙村没有填写坐标，未画出" in svg
    assert page.count('<li class="sc-stop">') == 3


def test_route_with_one_located_stop_has_no_diagram_but_keeps_the_list(
        project: Project) -> None:
    _project_with_route(project, {"甲村": "location:\n  lat: 25.43\n  lng: 118.76\n",
                                  "乙村": "", "丙村": ""})
    assert main(["--project", str(project.root), "build"]) == 0
    page = article(project.root / "site", "routes/ceshixian")
    assert "sc-route-map" not in page and "<svg" not in page.split("</h1>")[1]
    assert page.count('<li class="sc-stop">') == 3
    assert "第一站看点" in page and "建议停留 30 分钟" in page


@pytest.mark.parametrize("route_file", sorted((ROOT / "content/routes").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_each_stop_page_names_its_route_and_links_the_next_stop(sample_site: Path,
                                                                route_file: Path) -> None:
    data = yaml.safe_load(route_file.read_text(encoding="utf-8"))
    route_slug = data.get("slug") or slugify(route_file.stem)
    stops = [(STOP_KEYS[k], v) for stop in data["stops"] for k, v in stop.items()
             if k in STOP_KEYS]
    for number, (collection, name) in enumerate(stops, start=1):
        page = article(sample_site, f"{collection}/{slugify(name)}")
        section = page[page.index('<ul class="sc-onroute">'):]
        entry = section[section.index(f'href="../../routes/{route_slug}/">{data["name"]}</a>'):]
        entry = entry[: entry.index("</li>")]
        assert f"第 {number} 站，共 {len(stops)} 站" in entry
        here = f"{collection}/{slugify(name)}"
        if number < len(stops):
            next_collection, next_name = stops[number]
            href = re.search(rf'href="([^"]+)">下一站：{next_name}</a>', entry)
            assert href, (name, next_name)
            assert posixpath.normpath(posixpath.join(here, href.group(1))) == (
                f"{next_collection}/{slugify(next_name)}")
            assert "导航去下一站" in entry
        else:
            assert "最后一站" in entry
        if number > 1:
            assert f">上一站：{stops[number - 2][1]}</a>" in entry


def test_route_page_lists_time_note_and_navigation_for_each_stop(sample_site: Path) -> None:
    data = yaml.safe_load((ROOT / "content/routes/红色领航党建观摩线.yaml").read_text("utf-8"))
    page = article(sample_site, "routes/hongselinghangdangjianguanmoxian")
    stops = [s[: s.index("</li>")] for s in page.split('<li class="sc-stop">')[1:]]
    assert len(stops) == len(data["stops"])
    for stop, html in zip(data["stops"], stops, strict=True):
        assert f"建议停留 {stop['time']}" in html
        assert stop["note"] in html
        assert "https://uri.amap.com/marker?position=" in html
        assert html.count("<img") == 1  # one photo per stop, no QR without site_url


def test_no_page_loads_anything_from_a_map_service(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|data)="https?://[^"]*(amap|baidu)', text), page
    assert "amap.com" in html_of(sample_site, "villages/dongshancun")


@given(st.lists(st.tuples(st.floats(25.40, 25.50), st.floats(118.70, 118.80)),
                min_size=2, max_size=12))
@settings(max_examples=60, deadline=None)
def test_diagram_markers_never_cover_each_other(points: list[tuple[float, float]]) -> None:
    stops = [RouteStop(i, None, SimpleNamespace(name=f"第{i}站"), Point(lat, lng))  # type: ignore[arg-type]
             for i, (lat, lng) in enumerate(points, start=1)]
    diagram = layout(stops)
    if diagram is None:  # every point the same
        assert len(set(points)) < 2
        return
    assert [m.number for m in diagram.markers] == list(range(1, len(points) + 1))
    for a, b in itertools.combinations(diagram.markers, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= 2 * MARKER_RADIUS - 0.5, (a, b)
    for m in diagram.markers:
        assert 0 < m.x < diagram.width and 0 < m.y < diagram.height
