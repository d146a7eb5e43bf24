"""Event data as analysts get it: ACLED exports and GDELT 2.0 event files, known by their columns.

An ACLED export is a CSV whose header has `event_id_cnty`, `event_date`, `actor1`, `latitude`
and `longitude` (any case). A GDELT 2.0 event file has no header: tab-separated lines of 61
fields, the first a number (GLOBALEVENTID) and the second a date as eight digits (SQLDATE).
Each event becomes one observation per distinct actor it names (ACLED's actor1, assoc_actor_1,
actor2, assoc_actor_2; GDELT's Actor1Code, Actor2Code), its name mapped to the pack's actors
through their aliases (`standoff.ingest.actornames`). The file is read column by column: no
object per event. The mapping and the radii are in docs/events.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from standoff.errors import ObservationError, message
from standoff.ingest import strict
from standoff.ingest.actornames import ActorNames
from standoff.ingest.eventcols import Events, expand
from standoff.model import ObservationSet, Pack

__all__ = ["ACLED_RADIUS_M", "GDELT_COLUMNS", "GDELT_RADIUS_M", "event_format", "read_events"]

ACLED_NEEDS = ("event_id_cnty", "event_date", "actor1", "latitude", "longitude")
ACLED_ROLES = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
#: ACLED geo_precision -> radius (m): the town itself; near a town or a part of a region,
#: coded to the nearest town; only the region known, coded to its capital or a central place.
ACLED_RADIUS_M = {"1": 2_000.0, "2": 20_000.0, "3": 75_000.0}
#: ACLED sub_event_type -> the activity words of no_activity clauses (others: the type's own words).
ACLED_ACTIVITY = {"air/drone strike": "strike", "shelling/artillery/missile attack": "firing",
                  "armed clash": "firing", "grenade": "firing"}
_ACLED_VERBATIM = ("latitude", "longitude", "notes", "source", "event_date")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{k}{f}" for k in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL")
#: GDELT ActionGeo_Type -> radius (m): 1 a country (its centroid), 2 a US state, 3 a US city,
#: 4 a world city, 5 a world state (first-order division).
GDELT_RADIUS_M = {"1": 500_000.0, "2": 75_000.0, "3": 10_000.0, "4": 10_000.0, "5": 75_000.0}
_GDELT_VERBATIM = ("ActionGeo_Lat", "ActionGeo_Long", "SOURCEURL")


def event_format(path: Path) -> str | None:
    """'acled', 'gdelt' or None, from the first line of a .csv, .tsv or .txt file (a GDELT 1.0
    file is refused: its columns differ)."""
    if path.suffix.lower() not in (".csv", ".tsv", ".txt") or not path.is_file():
        return None
    with path.open("rb") as f:
        head = f.read(1 << 16).decode("utf-8", "replace").lstrip("\ufeff")
    first = head.split("\n", 1)[0].rstrip("\r")
    fields = first.split("\t")
    if fields[0].isdigit() and len(fields) > 1 and re.fullmatch(r"\d{8}", fields[1]):
        if len(fields) == len(GDELT_COLUMNS):
            return "gdelt"
        if len(fields) in (57, 58):  # GDELT 1.0: the historical files and the daily updates
            raise ObservationError(f"a GDELT 1.0 event file ({len(fields)} fields): standoff reads GDELT 2.0 "
                                   f"event files ({len(GDELT_COLUMNS)} tab-separated fields)", file=str(path),
                                   line=1)
    names = {n.strip().strip('"').strip().lower() for n in first.split(",")}
    return "acled" if all(n in names for n in ACLED_NEEDS) else None


def read_events(path: Path, pack: Pack | None) -> ObservationSet | None:
    """The observations of an ACLED or GDELT file, or None when it is neither."""
    kind = event_format(path)
    if kind is None:
        return None
    names = ActorNames(pack) if pack is not None else None
    text = strict.read_text(path, "ACLED CSV" if kind == "acled" else "GDELT")
    return _acled(path, text, names, pack) if kind == "acled" else _gdelt(path, text, names, pack)


def _acled_events(path: Path, text: str) -> Events:
    """The export's columns (names in lower case), one value per event."""
    header, records, starts = strict.csv_records(path, text)
    columns = [h.strip().lower() for h in header]
    width = len(columns)
    for record, line in zip(records, starts, strict=True):
        if len(record) != width:
            if len(record) > width:
                raise ObservationError(message("csv-extra-fields", count=len(record), header=width),
                                       file=str(path), line=line, code="csv-extra-fields")
            record += [""] * (width - len(record))
    cells = list(zip(*records, strict=True)) if records else [()] * width
    return Events(path, {c: _strings(v) for c, v in zip(columns, cells, strict=True) if c},
                  np.array(starts, dtype=np.int64))


def _strings(values: tuple[str, ...] | list[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _acled(path: Path, text: str, names: ActorNames | None, pack: Pack | None) -> ObservationSet:
    ev = _acled_events(path, text)
    ev.require("event_id_cnty", "every event needs an id")
    day = ev.dates("event_date", "a date such as 2018-07-23 or 23 July 2018")
    precision = ev.choice("time_precision", ("1", "2", "3"), "1", "is not 1, 2 or 3")
    radius = ev.lookup("geo_precision", ACLED_RADIUS_M, "is not 1, 2 or 3")
    start = np.where(precision == "2", day - 6, np.where(precision == "3", day.astype("datetime64[M]")
                                                            .astype("datetime64[D]"), day))
    month_end = (day.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    end = np.where(precision == "2", day + 6, np.where(precision == "3", month_end, np.datetime64("NaT")))
    sub = ev.stripped("sub_event_type")
    kind = np.where(sub != "", sub, ev.stripped("event_type"))  # the sub-event type, else the type
    activity = ev.mapped(kind, lambda s: ACLED_ACTIVITY.get(s.lower(),
                                                            "_".join(re.findall(r"\w+", s.lower()))))
    slots = [(role, part) for role in ACLED_ROLES for part in ev.parts(role, ";")]
    empty = np.all([part == "" for _, part in slots], axis=0) if slots else np.ones(len(ev), bool)
    ev.refuse(empty, "actor1", lambda _: "every event needs an actor")
    lon = ev.floats("longitude", -180.0, 180.0)
    lat = ev.floats("latitude", -90.0, 90.0)
    columns = {"time": start.astype("datetime64[D]"), "time_end": end.astype("datetime64[D]"), "lon": lon,
               "lat": lat, "radius_m": radius, "activity": activity,
               "quote": ev.stripped("notes"), "source": ev.stripped("source")}
    keep = [c for c in ev.columns if c not in _ACLED_VERBATIM]
    return expand(ev, ev.stripped("event_id_cnty"), slots, names, pack, columns, keep,
                  id_field="event_id_cnty")


def _gdelt_events(path: Path, text: str) -> Events:
    """The 61 columns, read by Arrow's CSV reader; a malformed line is found line by line."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    raw = text.encode("utf-8")
    try:
        table = pcsv.read_csv(pa.py_buffer(raw),
                              read_options=pcsv.ReadOptions(column_names=list(GDELT_COLUMNS)),
                              parse_options=pcsv.ParseOptions(delimiter="\t", quote_char=False),
                              convert_options=pcsv.ConvertOptions(
                                  column_types=dict.fromkeys(GDELT_COLUMNS, pa.string()),
                                  strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return _gdelt_lines(path, text)  # raises with the line
    data = np.frombuffer(raw, np.uint8)
    ends = np.append(np.flatnonzero(data == 10), len(data))
    starts = np.concatenate([[0], ends[:-1] + 1])
    blank = (ends == starts) | ((ends - starts == 1) & (data[np.minimum(starts, len(data) - 1)] == 13))
    lines = np.flatnonzero(~blank) + 1
    columns = {c: table.column(c).combine_chunks() for c in GDELT_COLUMNS}
    url = columns["SOURCEURL"]  # a CRLF file leaves the CR on the last field
    columns["SOURCEURL"] = pc.utf8_rtrim(url, characters="\r")
    return Events(path, columns, lines[:table.num_rows])


def _gdelt_lines(path: Path, text: str) -> Events:
    lines = text.split("\n")
    numbers = [j + 1 for j, line in enumerate(lines) if line.rstrip("\r")]
    rows = [lines[j - 1].rstrip("\r").split("\t") for j in numbers]
    width = len(GDELT_COLUMNS)
    for line, fields in zip(numbers, rows, strict=True):
        if len(fields) != width:
            raise ObservationError(f"{len(fields)} tab-separated fields, but a GDELT 2.0 event has {width}",
                                   file=str(path), line=line)
    cells = list(zip(*rows, strict=True)) if rows else [()] * width
    return Events(path, {c: _strings(v) for c, v in zip(GDELT_COLUMNS, cells, strict=True)},
                  np.array(numbers, dtype=np.int64))


def _gdelt(path: Path, text: str, names: ActorNames | None, pack: Pack | None) -> ObservationSet:
    ev = _gdelt_events(path, text)
    ev.refuse(~ev.matches("GLOBALEVENTID", r"\d+"), "GLOBALEVENTID", lambda v: f"'{v}' is not a number")
    ev.refuse(~ev.matches("SQLDATE", r"\d{8}"), "SQLDATE", lambda v: f"'{v}' is not a date written YYYYMMDD")
    kind = ev.mapped(ev.col("ActionGeo_Type"), str.strip)
    placed = ~np.isin(kind, ("", "0")) & (ev.stripped("ActionGeo_Lat") != "") & \
        (ev.stripped("ActionGeo_Long") != "")
    codes = [ev.stripped(role) for role in ("Actor1Code", "Actor2Code")]
    acting = (codes[0] != "") | (codes[1] != "")
    no_place, no_actor = int((~placed).sum()), int((placed & ~acting).sum())
    ev = ev.take(np.flatnonzero(placed & acting))
    day = ev.dates("SQLDATE", "a date written YYYYMMDD", formats=("%Y%m%d",))
    radius = ev.lookup("ActionGeo_Type", GDELT_RADIUS_M, "is not one of 0 to 5")
    code = ev.col("EventCode")
    activity = ev.mapped(code, lambda c: "strike" if c.startswith("195") else
                         "firing" if c[:3] in ("190", "193", "194", "196") else "")
    columns = {"time": day, "time_end": np.full(len(ev), np.datetime64("NaT"), "datetime64[D]"),
               "lon": ev.floats("ActionGeo_Long", -180.0, 180.0),
               "lat": ev.floats("ActionGeo_Lat", -90.0, 90.0),
               "radius_m": radius, "activity": activity, "quote": np.full(len(ev), "", dtype=object),
               "source": ev.stripped("SOURCEURL")}
    slots = [(role, ev.stripped(role)) for role in ("Actor1Code", "Actor2Code")]
    left = [f"{n} without {what}" for n, what in (
        (no_place, "a place (ActionGeo_Type 0 or no ActionGeo_Lat/Long)"), (no_actor, "an actor code")) if n]
    skipped = f"{no_place + no_actor} events left out: " + ", ".join(left) if left else ""
    keep = [c for c in GDELT_COLUMNS if c not in _GDELT_VERBATIM]
    return expand(ev, ev.stripped("GLOBALEVENTID"), slots, names, pack, columns, keep,
                  id_field="GLOBALEVENTID", skipped=skipped)
