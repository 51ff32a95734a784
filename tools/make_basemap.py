"""Cut data/basemap/americas-50m.topo.json out of world-atlas's countries-50m.

    python tools/make_basemap.py [path/to/countries-50m.json]

Without a path it fetches the pinned world-atlas package with ``npm pack``.
It keeps the features whose ids are the iso_numeric codes of the hemisphere's
rows in data/countries.csv, and only the arcs those features use, so shared
borders stay shared and the file stays small. Run it again after adding a
country; the basemap test says when the file and the table disagree.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORLD_ATLAS = "world-atlas@2.0.2"
OUTPUT = ROOT / "data" / "basemap" / "americas-50m.topo.json"


def hemisphere_ids() -> set[str]:
    with open(ROOT / "data" / "countries.csv", encoding="utf-8") as handle:
        return {
            row["iso_numeric"]
            for row in csv.DictReader(handle)
            if row["scope"] != "outside the hemisphere"
        }


def fetch_world_atlas(folder: Path) -> Path:
    subprocess.run(
        ["npm", "pack", WORLD_ATLAS, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL
    )
    archive = next(folder.glob("world-atlas-*.tgz"))
    with tarfile.open(archive) as tar:
        member = tar.getmember("package/countries-50m.json")
        tar.extractall(folder, members=[member], filter="data")
    return folder / "package" / "countries-50m.json"


def _walk_arcs(arcs, remap):
    """Rewrite nested arc indexes; a negative index ~i means arc i reversed."""
    if isinstance(arcs, int):
        old = arcs if arcs >= 0 else ~arcs
        new = remap.setdefault(old, len(remap))
        return new if arcs >= 0 else ~new
    return [_walk_arcs(item, remap) for item in arcs]


def subset(topology: dict, keep: set[str]) -> dict:
    geometries = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") in keep]
    missing = keep - {g["id"] for g in geometries}
    if missing:
        raise SystemExit(f"world-atlas has no feature for iso_numeric {sorted(missing)}")
    remap: dict[int, int] = {}
    kept = []
    for geometry in sorted(geometries, key=lambda g: g["id"]):
        kept.append(
            {
                "type": geometry["type"],
                "id": geometry["id"],
                "properties": {"name": geometry["properties"]["name"]},
                "arcs": _walk_arcs(geometry["arcs"], remap),
            }
        )
    arcs = [None] * len(remap)
    for old, new in remap.items():
        arcs[new] = topology["arcs"][old]
    return {
        "type": "Topology",
        "transform": topology["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": kept}},
        "arcs": arcs,
    }


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(argv[1]) if len(argv) > 1 else fetch_world_atlas(Path(scratch))
        topology = json.loads(source.read_text(encoding="utf-8"))
        result = subset(topology, hemisphere_ids())
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {OUTPUT.relative_to(ROOT)}: {len(result['objects']['countries']['geometries'])} "
        f"features, {OUTPUT.stat().st_size / 1024:.0f} KB"
    )


if __name__ == "__main__":
    main(sys.argv)
