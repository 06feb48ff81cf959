"""Write ``dashboard/model/data/small_places.csv``: a point for each country or territory too small
for the world map's 110m outlines (Macao, Hong Kong, Singapore, Malta, island states…).

    python scripts/build_small_places.py

A place counts as small when the map's own ``world_110m.json`` has no outline for it. Its point
is the middle of the bounding box of its largest outline in the finer ``world_50m.json`` served
beside it; the few places that file lacks too are given by hand. Run it again after changing the
topojson files.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.config import TOPOJSON_ASSETS  # noqa: E402
from dashboard.model import countries  # noqa: E402

OUT = ROOT / "dashboard" / "model" / "data" / "small_places.csv"
BY_HAND = {  # (latitude, longitude) of places the 50m file has no outline for either
    "IOT": (-7.33, 72.42),  # Diego Garcia
    "SMR": (43.94, 12.46),
    "UMI": (19.28, 166.65),  # Wake Island
    "VAT": (41.90, 12.45),
    "WLF": (-13.77, -177.16),
}


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (longitude, latitude) points: the file's quantised deltas undone."""
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


def rings(geometry: dict) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["arcs"]]
    return []


def point(geometry: dict, arcs: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The middle of the bounding box of the outline with the widest box."""
    best, area = (0.0, 0.0), -1.0
    for ring in rings(geometry):
        points = [p for index in ring for p in (arcs[index] if index >= 0 else arcs[~index][::-1])]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        box = (max(lons) - min(lons)) * (max(lats) - min(lats))
        if box > area:
            best, area = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2), box
    return best


def main() -> None:
    coarse = json.loads((TOPOJSON_ASSETS / "world_110m.json").read_text())
    fine = json.loads((TOPOJSON_ASSETS / "world_50m.json").read_text())
    outlined = {g.get("id") for g in coarse["objects"]["countries"]["geometries"]}
    arcs = decoded_arcs(fine)
    finer = {g.get("id"): g for g in fine["objects"]["countries"]["geometries"]}
    rows = []
    for country in countries.all_countries():
        if country.iso3 in outlined:
            continue
        lat, lon = BY_HAND.get(country.iso3) or point(finer[country.iso3], arcs)
        rows.append({"iso3": country.iso3, "lat": f"{lat:.2f}", "lon": f"{lon:.2f}"})
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, ["iso3", "lat", "lon"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} small places to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
