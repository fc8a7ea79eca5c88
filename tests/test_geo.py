"""Coordinate conversion against published reference pairs, and its properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.geo import (
    bd09_to_gcj02,
    distance_m,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    map_links,
    out_of_china,
    to_gcj02,
    wgs84_to_gcj02,
)
from generator.content.models import Location

# (WGS-84 lat, lng, GCJ-02 lat, lng), the reference pairs published with eviltransform.
WGS_GCJ = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
# (BD-09 lat, lng, GCJ-02 lat, lng), published to five decimals (about 1 m).
BD_GCJ = [(39.90851, 116.43351, 39.90245, 116.42703)]

in_china = st.tuples(st.floats(18.0, 53.0), st.floats(74.0, 134.0))


@pytest.mark.parametrize(("wgs_lat", "wgs_lng", "gcj_lat", "gcj_lng"), WGS_GCJ)
def test_wgs84_to_gcj02_matches_published_pairs(wgs_lat: float, wgs_lng: float,
                                                gcj_lat: float, gcj_lng: float) -> None:
    assert distance_m(wgs84_to_gcj02(wgs_lat, wgs_lng), (gcj_lat, gcj_lng)) < 0.1
    assert distance_m(gcj02_to_wgs84(gcj_lat, gcj_lng), (wgs_lat, wgs_lng)) < 0.1


@pytest.mark.parametrize(("bd_lat", "bd_lng", "gcj_lat", "gcj_lng"), BD_GCJ)
def test_bd09_to_gcj02_matches_published_pair(bd_lat: float, bd_lng: float,
                                              gcj_lat: float, gcj_lng: float) -> None:
    assert distance_m(bd09_to_gcj02(bd_lat, bd_lng), (gcj_lat, gcj_lng)) < 1.0


@given(st.tuples(st.floats(-90, 90), st.floats(-180, 180)).filter(lambda p: out_of_china(*p)))
def test_points_outside_china_are_unchanged(point: tuple[float, float]) -> None:
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


@given(in_china)
def test_wgs84_round_trip_is_within_a_metre(point: tuple[float, float]) -> None:
    gcj = wgs84_to_gcj02(*point)
    assert 1 < distance_m(gcj, point) < 1000  # the offset is real and a few hundred metres
    assert distance_m(gcj02_to_wgs84(*gcj), point) < 1.0


@given(in_china)
def test_bd09_round_trip_is_within_a_metre(point: tuple[float, float]) -> None:
    assert distance_m(bd09_to_gcj02(*gcj02_to_bd09(*point)), point) < 1.0


def test_every_input_system_ends_in_gcj02() -> None:
    wgs_lat, wgs_lng, gcj_lat, gcj_lng = WGS_GCJ[2]
    from_wgs = to_gcj02(Location(lat=wgs_lat, lng=wgs_lng, coords="wgs84"))
    from_gcj = to_gcj02(Location(lat=gcj_lat, lng=gcj_lng))
    bd = gcj02_to_bd09(gcj_lat, gcj_lng)
    from_bd = to_gcj02(Location(lat=bd[0], lng=bd[1], coords="bd09"))
    for point in (from_wgs, from_gcj, from_bd):
        assert point is not None
        assert distance_m((point.lat, point.lng), (gcj_lat, gcj_lng)) < 1.0
    assert to_gcj02(Location(address="没有坐标的地址")) is None
    assert to_gcj02(None) is None


def test_map_links_encode_names_and_use_gcj02() -> None:
    links = map_links(Location(lat=25.4327, lng=118.7685, address="东山村 村委会&1"), "东山村 #1")
    assert links is not None
    assert links.amap == ("https://uri.amap.com/marker?position=118.7685,25.4327"
                          "&name=%E4%B8%9C%E5%B1%B1%E6%9D%91%20%231&coordinate=gaode")
    assert links.baidu.startswith("https://api.map.baidu.com/marker?location=25.4327,118.7685"
                                  "&title=%E4%B8%9C%E5%B1%B1%E6%9D%91%20%231&content=")
    assert "%E6%9D%91%E5%A7%94%E4%BC%9A%261&output=html&coord_type=gcj02&src=" in links.baidu
