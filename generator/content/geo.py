"""Coordinates: convert what editors type into GCJ-02, and build map links from it.

Chinese map services use GCJ-02 (AMap, Tencent) or BD-09 (Baidu); GPS devices give WGS-84.
Everything the site shows or links to is GCJ-02. The WGS-84 → GCJ-02 offset is the widely
published formula (Krasovsky ellipsoid, the one in eviltransform); GCJ-02 → WGS-84 has no
closed form and is found by fixed-point iteration. BD-09 ⇄ GCJ-02 is Baidu's published
rotation and shift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote

from generator.content.models import Location

_A = 6378245.0  # Krasovsky 1940 semi-major axis
_EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_EARTH_RADIUS_M = 6371008.8

BAIDU_SOURCE = "webapp.dangjian.showcase"


@dataclass(frozen=True, slots=True)
class Point:
    """A point in GCJ-02, the system AMap and Baidu's `coord_type=gcj02` expect."""

    lat: float
    lng: float

    @property
    def lat_text(self) -> str:
        return _coordinate(self.lat)

    @property
    def lng_text(self) -> str:
        return _coordinate(self.lng)


def _coordinate(value: float) -> str:
    """Six decimals (about 0.1 m), trailing zeros dropped: stable text for URLs."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def out_of_china(lat: float, lng: float) -> bool:
    """The bounding box outside which GCJ-02 equals WGS-84."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset(lat: float, lng: float) -> tuple[float, float]:
    """GCJ-02 minus WGS-84 at a WGS-84 point, in degrees (lat, lng)."""
    x, y = lng - 105.0, lat - 35.0
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
             + 0.2 * math.sqrt(abs(x)) + common
             + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
             + (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0))
             * 2 / 3)
    d_lng = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x)) + common
             + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
             + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi))
             * 2 / 3)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = d_lat * 180.0 / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = d_lng * 180.0 / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if out_of_china(lat, lng):
        return lat, lng
    d_lat, d_lng = _offset(lat, lng)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """The inverse of `wgs84_to_gcj02`, to well under a centimetre."""
    if out_of_china(lat, lng):
        return lat, lng
    wgs_lat, wgs_lng = lat, lng
    for _ in range(30):
        gcj_lat, gcj_lng = wgs84_to_gcj02(wgs_lat, wgs_lng)
        error_lat, error_lng = gcj_lat - lat, gcj_lng - lng
        wgs_lat, wgs_lng = wgs_lat - error_lat, wgs_lng - error_lng
        if max(abs(error_lat), abs(error_lng)) < 1e-10:
            break
    return wgs_lat, wgs_lng


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.hypot(lng, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lng) points in metres."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2)
    return 2 * _EARTH_RADIUS_M * math.asin(math.sqrt(h))


def to_gcj02(location: Location | None) -> Point | None:
    """Where a location is on AMap, or None when it has no coordinates."""
    if location is None or location.lat is None or location.lng is None:
        return None
    lat, lng = location.lat, location.lng
    if location.coords == "wgs84":
        lat, lng = wgs84_to_gcj02(lat, lng)
    elif location.coords == "bd09":
        lat, lng = bd09_to_gcj02(lat, lng)
    return Point(lat, lng)


# ---- map links ---------------------------------------------------------------------


@dataclass(frozen=True)
class MapLinks:
    """Web pages of AMap and Baidu Maps showing a marker, with a 导航 (route) button.

    These are web pages, not app deep links: app schemes are blocked inside WeChat.
    """

    point: Point
    amap: str
    baidu: str


def map_links(location: Location | None, name: str, detail: str | None = None) -> MapLinks | None:
    point = to_gcj02(location)
    if point is None:
        return None
    label = quote(name, safe="")
    content = quote(detail or (location.address if location else None) or name, safe="")
    amap = ("https://uri.amap.com/marker?position=" + point.lng_text + "," + point.lat_text
            + "&name=" + label + "&coordinate=gaode")
    baidu = ("https://api.map.baidu.com/marker?location=" + point.lat_text + "," + point.lng_text
             + "&title=" + label + "&content=" + content
             + "&output=html&coord_type=gcj02&src=" + BAIDU_SOURCE)
    return MapLinks(point, amap, baidu)
