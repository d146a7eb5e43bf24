"""A real check result over tests/data/mappack, for the map and report tests.

Six reports chosen to give every status: the tests know how many markers of each colour to
expect because the verdicts below were checked by hand against the pack's lines (and the
margins of the point reports against pyproj.Geod in `test_fixture_margins_match_geod`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from standoff.engine import CheckResult, check
from standoff.model import Observation, ObservationSet, Pack
from standoff.packs import load_pack

PACK_DIR = Path(__file__).parent / "data" / "mappack"
PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> '
           "&amp; \u2028 </script>")


def pack() -> Pack:
    return load_pack(PACK_DIR)


OBS = [
    # id, actor, lon, lat, radius_m, time, count, unit, {agreement: (clause, status)}
    # o1 stands on the road M5 before the m5 clause takes effect (2018-01-01): not applicable.
    ("o1", "IRN.IRGC", 36.24, 33.36, 2000, date(2017, 11, 10), None, None,
     {"sixty": ("irn-60km", "violation"), "m5": ("irn-east-m5", "not_applicable")}),
    ("o2", "IRN", 36.00, 33.00, 5000, date(2018, 2, 1), None, None,
     {"sixty": ("irn-60km", "violation"), "m5": ("irn-east-m5", "violation")}),
    ("o3", "IRN.IRGC", 36.60, 33.30, 1000, date(2018, 6, 1), None, None,
     {"sixty": ("irn-60km", "compliant"), "m5": ("irn-east-m5", "compliant")}),
    ("o4", "SYR.SAA", 35.95, 33.10, 500, date(2018, 7, 1), 40, "tank",
     {"sixty": ("saa-limit", "compliant")}),
    ("o5", "IRN", 36.45, 33.00, 10000, date(2018, 5, 1), None, None,
     {"sixty": ("irn-60km", "possible"), "m5": ("irn-east-m5", "compliant")}),
    ("o6", "SYR", 36.70, 33.60, 0, None, None, None, {}),
]
#: Report o3 is an area ("east of the road"), drawn as a polygon instead of a circle.
AREA = [(36.55, 33.25), (36.65, 33.25), (36.65, 33.35), (36.55, 33.35), (36.55, 33.25)]
EXPECTED_ALL = {"violation": 2, "possible": 1, "compliant": 2, "not_applicable": 1}
EXPECTED_WITHOUT_SIXTY = {"violation": 1, "possible": 0, "compliant": 2, "not_applicable": 3}


def observations(payload: str = PAYLOAD) -> ObservationSet:
    """The six reports; report o5 quotes the script-injection payload."""
    records = []
    for oid, actor, lon, lat, radius, when, count, unit, _ in OBS:
        quote = payload if oid == "o5" else f"Forces of {actor} were seen near {lon}, {lat}."
        records.append(Observation(id=oid, actor=actor, lon=lon, lat=lat, radius_m=radius,
                                   time=when, count=count, unit=unit, quote=quote,
                                   area=AREA if oid == "o3" else None,
                                   source=f"https://example.org/{oid}", attribution="a test"))
    return ObservationSet.from_records(records, origin="test")


def result(payload: str = PAYLOAD) -> CheckResult:
    """Six reports under both agreements, every pair listed (not_applicable ones too)."""
    return check(observations(payload), pack(), agreements=["sixty", "m5"], every_pair=True)
