"""Read the shipped TopoJSON basemap: shapes, areas and label points per country.

Only what the maps need: a small decoder for quantized TopoJSON polygons, the
area of each country in square degrees (to find the ones too small to see)
and a point inside its largest polygon (where a map draws a marker for it).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

from . import data


@cache
def _topology(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def basemap() -> dict:
    """The basemap as a TopoJSON dict (object ``countries``, ids = ISO numeric codes)."""
    return _topology(data.basemap_path())


def _decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _area_and_centroid(ring) -> tuple[float, float, float]:
    """Shoelace area (square degrees, unsigned) and centroid of one ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def country_shapes() -> pd.DataFrame:
    """One row per basemap feature: iso_numeric, area (sq. degrees) and a label point.

    The label point is the centroid of the country's largest polygon's outer ring,
    so archipelagos get a point on their main island.
    """
    topology = basemap()
    arcs = _decoded_arcs(topology)
    rows = []
    for feature in topology["objects"]["countries"]["geometries"]:
        polygons = feature["arcs"] if feature["type"] == "MultiPolygon" else [feature["arcs"]]
        measured = [_area_and_centroid(_ring(polygon[0], arcs)) for polygon in polygons]
        total = sum(area for area, _, _ in measured)
        _, lon, lat = max(measured)
        rows.append({"iso_numeric": feature["id"], "area": total, "lon": lon, "lat": lat})
    return pd.DataFrame(rows)
