"""Routes seen from both ends: the stops of a route, and the routes through a place.

Also lays out the route diagram: stops projected onto a small plane sized for a phone,
with numbered markers and labels placed so they do not overlap. Drawing is left to the
`_route_map.svg.j2` template; this module only computes positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from generator.content.geo import Point, distance_m, to_gcj02
from generator.content.link import Entry, Site
from generator.content.models import Stop
from generator.content.sources import Sourced

# Diagram canvas in CSS pixels at 1:1; a phone in portrait shows about 358 px of content.
WIDTH = 358.0
MIN_HEIGHT = 220.0
MAX_HEIGHT = 400.0
PADDING = 22.0
MARKER_RADIUS = 12.0
FONT_SIZE = 14.0  # the smallest text on a page; the layout test holds every page to it
_NICE_KM = (0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
# Stops a diagram draws at most. Markers and labels are kept apart pair by pair (time
# quadratic in the stops), and a phone's 358 px hold about this many markers 27 px apart
# anyway; a longer route is listed stop by stop, without a diagram.
MAX_DIAGRAM_STOPS = 60


@dataclass(frozen=True)
class RouteStop:
    number: int  # 1-based position on the route
    stop: Stop
    entry: Entry
    point: Point | None

    @property
    def read_from(self) -> tuple[str, ...]:
        return self.entry.read_from  # its name and place (the stop itself is the route's)


@dataclass(frozen=True)
class Visit:
    """One place seen as stop `number` of `route`."""

    route: Entry
    number: int
    total: int
    previous: RouteStop | None
    next: RouteStop | None


@dataclass(frozen=True)
class Marker:
    number: int
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor of the label: start, middle or end


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    markers: list[Marker]  # in stop order; the route line joins them
    scale_km: float
    scale_px: float
    missing: list[RouteStop]  # stops drawn nowhere: no coordinates
    read_from: tuple[str, ...] = ()  # the stops' files: names and places drawn


@dataclass
class RouteIndex:
    """Stops of every route and the routes through every place, for templates."""

    site: Site
    _stops: dict[str, list[RouteStop]] = field(default_factory=dict)
    _visits: dict[tuple[str, str], list[Visit]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for route in self.site.entries.get("routes", []):
            stops = [RouteStop(number, stop, entry, to_gcj02(getattr(entry.item, "location",
                                                                     None)))
                     for number, stop in enumerate(route.item.stops, start=1)
                     for entry in [self.site.get(*stop.target)]]
            self._stops[route.id] = stops
            for i, stop in enumerate(stops):
                key = (stop.entry.collection.key, stop.entry.id)
                self._visits.setdefault(key, []).append(Visit(
                    route, stop.number, len(stops),
                    stops[i - 1] if i > 0 else None,
                    stops[i + 1] if i + 1 < len(stops) else None))

    def stops(self, route: Entry) -> list[RouteStop]:
        return self._stops.get(route.id, [])

    def visits(self, entry: Entry) -> Sourced:
        """Every route that stops here, in route order (a place can be a stop twice): any
        route's file may make it one."""
        routes = self.site.entries.get("routes")
        return Sourced(self._visits.get((entry.collection.key, entry.id), []),
                       routes.read_from if routes is not None else ())

    def diagram(self, route: Entry) -> Diagram | None:
        """The route drawn from its stops' coordinates (see `layout`)."""
        stops = self.stops(route)
        drawn = layout(stops)
        return None if drawn is None else replace(
            drawn, read_from=tuple(file for s in stops for file in s.read_from))


# ---- layout ------------------------------------------------------------------------


def _text_width(text: str) -> float:
    return sum(FONT_SIZE if ord(ch) > 0x2E7F else FONT_SIZE * 0.6 for ch in text)


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _label_candidates(x: float, y: float, width: float) -> list[tuple[Box, float, float, str]]:
    """Places for a label around a marker: right, left, above, below, then the diagonals."""
    gap = MARKER_RADIUS + 4
    half = FONT_SIZE / 2
    base = FONT_SIZE * 0.35  # baseline below the vertical centre
    right = (x + gap, y - half, x + gap + width, y + half)
    left = (x - gap - width, y - half, x - gap, y + half)
    above = (x - width / 2, y - gap - FONT_SIZE, x + width / 2, y - gap)
    below = (x - width / 2, y + gap, x + width / 2, y + gap + FONT_SIZE)
    return [
        (right, x + gap, y + base, "start"),
        (left, x - gap, y + base, "end"),
        (above, x, y - gap - 2, "middle"),
        (below, x, y + gap + FONT_SIZE - 2, "middle"),
        ((right[0], right[1] - FONT_SIZE, right[2], right[3] - FONT_SIZE),
         x + gap, y + base - FONT_SIZE, "start"),
        ((right[0], right[1] + FONT_SIZE, right[2], right[3] + FONT_SIZE),
         x + gap, y + base + FONT_SIZE, "start"),
        ((left[0], left[1] - FONT_SIZE, left[2], left[3] - FONT_SIZE),
         x - gap, y + base - FONT_SIZE, "end"),
        ((left[0], left[1] + FONT_SIZE, left[2], left[3] + FONT_SIZE),
         x - gap, y + base + FONT_SIZE, "end"),
    ]


def _place_labels(points: list[tuple[RouteStop, float, float]], width: float,
                  height: float) -> list[Marker]:
    """Greedy placement: each label takes the first spot that collides with nothing."""
    taken: list[Box] = [(x - MARKER_RADIUS, y - MARKER_RADIUS, x + MARKER_RADIUS,
                         y + MARKER_RADIUS) for _, x, y in points]
    markers = []
    for stop, x, y in points:
        best: tuple[float, tuple[Box, float, float, str]] | None = None
        for candidate in _label_candidates(x, y, _text_width(stop.entry.name)):
            box = candidate[0]
            outside = (max(0.0, -box[0]) + max(0.0, box[2] - width)
                       + max(0.0, -box[1]) + max(0.0, box[3] - height))
            cost = sum(_overlap(box, other) for other in taken) + outside * FONT_SIZE * 4
            if best is None or cost < best[0]:
                best = (cost, candidate)
            if cost == 0:
                break
        assert best is not None
        box, label_x, label_y, anchor = best[1]
        taken.append(box)
        markers.append(Marker(stop.number, stop.entry.name, round(x, 1), round(y, 1),
                              round(label_x, 1), round(label_y, 1), anchor))
    return markers


def _spread(points: list[tuple[RouteStop, float, float]], width: float,
            height: float) -> list[tuple[RouteStop, float, float]]:
    """Nudge markers that would cover each other apart, so every number stays readable.

    Neighbouring stops (a scenic spot in its village) can be a few hundred metres apart,
    closer than two markers are wide; a schematic may move them a little.
    """
    xy = [[x, y] for _, x, y in points]
    least = 2 * MARKER_RADIUS + 3
    for _ in range(50):
        moved = False
        for i in range(len(xy)):
            for j in range(i + 1, len(xy)):
                dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
                gap = math.hypot(dx, dy)
                if gap >= least:
                    continue
                if gap < 1e-6:  # the same place twice: step the later one to the right
                    dx, dy, gap = 1.0, 0.0, 1.0
                push = (least - gap) / 2 + 0.1
                ux, uy = dx / gap * push, dy / gap * push
                xy[i] = [xy[i][0] - ux, xy[i][1] - uy]
                xy[j] = [xy[j][0] + ux, xy[j][1] + uy]
                moved = True
        for point in xy:
            point[0] = min(max(point[0], MARKER_RADIUS + 2), width - MARKER_RADIUS - 2)
            point[1] = min(max(point[1], MARKER_RADIUS + 2), height - MARKER_RADIUS - 2)
        if not moved:
            break
    return [(stop, x, y) for (stop, _, _), (x, y) in zip(points, xy, strict=True)]


def _nice_scale(metres_per_px: float, target_px: float) -> tuple[float, float]:
    """A round scale-bar length (km) near `target_px`, and its length in pixels."""
    wanted_km = metres_per_px * target_px / 1000
    km = min(_NICE_KM, key=lambda k: abs(math.log(k / wanted_km)))
    return km, round(km * 1000 / metres_per_px, 1)


def layout(stops: list[RouteStop]) -> Diagram | None:
    """The diagram of a route; None with fewer than two places, or more than
    `MAX_DIAGRAM_STOPS` stops to draw."""
    located = [s for s in stops if s.point is not None]
    if len(located) > MAX_DIAGRAM_STOPS:
        return None
    if len({(s.point.lat, s.point.lng) for s in located if s.point}) < 2:
        return None
    points = [s.point for s in located if s.point]
    mid_lat = math.radians((min(p.lat for p in points) + max(p.lat for p in points)) / 2)
    # Equirectangular projection around the middle latitude: fine for a township.
    xs = [p.lng * math.cos(mid_lat) for p in points]
    ys = [-p.lat for p in points]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    # Leave room for labels, which mostly sit right or left of their marker.
    inner_w = WIDTH - 2 * PADDING - 80
    inner_h = MAX_HEIGHT - 2 * PADDING - 30
    scale = min(inner_w / span_x if span_x else math.inf, inner_h / span_y if span_y else math.inf)
    height = max(MIN_HEIGHT, min(MAX_HEIGHT, span_y * scale + 2 * PADDING + 30))
    offset_x = (WIDTH - span_x * scale) / 2
    offset_y = (height - 30 - span_y * scale) / 2
    projected = _spread([(stop, offset_x + (x - min(xs)) * scale,
                          offset_y + (y - min(ys)) * scale)
                         for stop, x, y in zip(located, xs, ys, strict=True)],
                        WIDTH, height - 30)
    lat_metres = distance_m((points[0].lat, 0.0), (points[0].lat + 1.0, 0.0))
    scale_km, scale_px = _nice_scale(lat_metres / scale, WIDTH / 4)
    return Diagram(WIDTH, round(height, 1), _place_labels(projected, WIDTH, height - 30),
                   scale_km, scale_px, [s for s in stops if s.point is None])
