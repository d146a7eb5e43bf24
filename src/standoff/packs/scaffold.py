"""`standoff init`: a new pack folder that loads, validates and checks clean, ready to edit."""

from __future__ import annotations

from pathlib import Path

from standoff.errors import PackError

__all__ = ["init_pack"]


def _box(west: float, south: float, east: float, north: float) -> str:
    ring = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return "\n".join(f"            - [{lon:.4f}, {lat:.4f}]" for lon, lat in ring)


def _files(pack_id: str, bbox: tuple[float, float, float, float]) -> dict[str, str]:
    """The text of each file of a new pack, by relative path.

    Long because it is the files' text itself: splitting it would scatter one template.
    """
    west, south, east, north = bbox
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    line = [(mid_lon, south + 0.1 * (north - south)), (mid_lon, north - 0.1 * (north - south))]
    east_lon = mid_lon + 0.3 * (east - west)
    west_lon = mid_lon - 0.3 * (east - west)
    return {
        "pack.yaml": f"""\
# Pack {pack_id}: one theatre's features, actors, places and agreements (see docs/packs.md).
id: {pack_id}
title: {pack_id} (replace with the theatre's name)
theatre: THEATRE
description: >-
  A new pack made by `standoff init`. Replace the placeholder geometry, actors and
  agreement with the real ones, then run `standoff validate --pack {pack_id}`.
# Phrases the text reader may meet, mapped to the feature they name.
line_aliases:
  the line: LINE_X
  the ceasefire line: LINE_X
examples: [examples/observations.csv]
""",
        "features.yaml": f"""\
# Reference geometries. Coordinates are [lon, lat] in degrees, WGS84: LONGITUDE FIRST.
- id: THEATRE
  name: Theatre of {pack_id}
  kind: area
  source: placeholder drawn by standoff init
  accuracy_m: 0
  versions:
    - version: "1"
      rings:
        -
{_box(west, south, east, north)}

- id: LINE_X
  name: Line X
  kind: line
  source: placeholder drawn by standoff init
  accuracy_m: 500
  versions:
    - version: "1"
      valid_from: 2020-01-01
      coords:
        - [{line[0][0]:.4f}, {line[0][1]:.4f}]
        - [{line[1][0]:.4f}, {line[1][1]:.4f}]
""",
        "actors.yaml": """\
# Actors: dotted codes in a hierarchy; a selector `RED*` matches RED and its subtree.
- code: RED
  name: Red forces
  aliases: [Red forces, the Reds]
- code: RED.ARMY
  name: Red army
  aliases: [Red army]
- code: BLUE
  name: Blue forces
  aliases: [Blue forces, the Blues]
""",
        "places.yaml": f"""\
# Places the text reader can resolve: lon/lat in degrees, kind sets the uncertainty radius.
- {{id: EAST_TOWN, name: East Town, lon: {east_lon:.4f}, lat: {mid_lat:.4f}, kind: town}}
- {{id: WEST_TOWN, name: West Town, lon: {west_lon:.4f}, lat: {mid_lat:.4f}, kind: town}}
""",
        "agreements/example-10km.yaml": """\
# An agreement: who must not be where, in the words of its source.
id: example-10km
title: "Example: Red forces at least 10 km from Line X"
status: proposed
parties: [RED, BLUE]
sources:
  - id: example
    title: Placeholder source (replace with the real text and its URL)
    published: 2020-01-01
zones:
  near_line: {within: {km: 10, of: LINE_X}}
clauses:
  - id: red-10km
    actor: [RED*]
    kind: must_not_enter
    zone: near_line
    stated_km: 10
    quote: "(placeholder) Red forces shall stay 10 km from Line X."
    source: example
""",
        "examples/observations.csv": f"""\
id,time,actor,lon,lat,radius_m,source,quote
ex-1,2020-06-01,RED.ARMY,{mid_lon + 0.02:.4f},{mid_lat:.4f},500,illustrative,A Red army unit near the line.
ex-2,2020-06-02,RED,{east_lon:.4f},{mid_lat:.4f},1000,illustrative,Red forces in East Town.
""",
        "README.md": f"""\
# Pack {pack_id}

Made by `standoff init`. Everything here is a placeholder: replace the theatre, the line,
the actors, the places and the agreement with the real ones, citing sources and stating
each geometry's accuracy in metres. `standoff validate --pack <this folder>` lists every
problem at once; `standoff check examples/observations.csv --pack <this folder>` runs it.
""",
    }


def init_pack(folder: str | Path, *, pack_id: str | None = None,
              bbox: tuple[float, float, float, float] = (20.0, 40.0, 21.0, 41.0)) -> Path:
    """Write a new pack folder that checks clean; refuses a folder that is not empty.

    `bbox` is the placeholder theatre as (west, south, east, north) in degrees.
    """
    folder = Path(folder)
    west, south, east, north = bbox
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise PackError(f"--bbox {west},{south},{east},{north}: give west,south,east,north in "
                        "degrees with west < east and south < north")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PackError("the folder exists and is not empty: nothing was written", file=str(folder))
    name = pack_id or folder.resolve().name
    files = _files(name, bbox)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
