"""A hand-made check result over tests/data/mappack, for the map and report tests.

The verdicts are written by hand (not computed) so the tests know exactly how many markers
of each colour to expect; the zones drawn under them are the engine's, from the pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from standoff.model import LimitResult, Observation, ObservationSet, Pack, Verdict
from standoff.packs import load_pack

PACK_DIR = Path(__file__).parent / "data" / "mappack"
PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> '
           "&amp; \u2028 </script>")


@dataclass
class FakeResult:
    observations: ObservationSet
    verdicts: list[Verdict]
    limits: list[LimitResult] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)


def pack() -> Pack:
    return load_pack(PACK_DIR)


OBS = [
    # id, actor, lon, lat, radius_m, time, count, unit, {agreement: (clause, status, margin_m)}
    ("o1", "IRN.IRGC", 36.24, 33.36, 2000, date(2017, 11, 10), None, None,
     {"sixty": ("irn-60km", "violation", 21000.0), "m5": ("irn-east-m5", "possible", 300.0)}),
    ("o2", "IRN", 36.00, 33.00, 5000, date(2018, 2, 1), None, None,
     {"sixty": ("irn-60km", "violation", 45000.0), "m5": ("irn-east-m5", "violation", 18000.0)}),
    ("o3", "IRN.IRGC", 36.60, 33.30, 1000, date(2018, 6, 1), None, None,
     {"sixty": ("irn-60km", "compliant", -8000.0), "m5": ("irn-east-m5", "compliant", -33000.0)}),
    ("o4", "SYR.SAA", 35.95, 33.10, 500, date(2018, 7, 1), 40, "tank",
     {"sixty": ("saa-limit", "compliant", 9000.0)}),
    ("o5", "IRN", 36.45, 33.00, 10000, date(2018, 5, 1), None, None,
     {"sixty": ("irn-60km", "possible", -2000.0), "m5": ("irn-east-m5", "compliant", -22000.0)}),
    ("o6", "SYR", 36.70, 33.60, 0, None, None, None, {}),
]
#: Report o3 is an area ("east of the road"), drawn as a polygon instead of a circle.
AREA = [(36.55, 33.25), (36.65, 33.25), (36.65, 33.35), (36.55, 33.35), (36.55, 33.25)]
EXPECTED_ALL = {"violation": 2, "possible": 1, "compliant": 2, "not_applicable": 1}
EXPECTED_WITHOUT_SIXTY = {"violation": 1, "possible": 1, "compliant": 2, "not_applicable": 2}


def result(payload: str = PAYLOAD) -> FakeResult:
    """Six reports, two agreements; report o5 carries the script-injection payload."""
    records = []
    verdicts = []
    for oid, actor, lon, lat, radius, when, count, unit, found in OBS:
        quote = payload if oid == "o5" else f"Forces of {actor} were seen near {lon}, {lat}."
        area = AREA if oid == "o3" else None
        records.append(Observation(id=oid, actor=actor, lon=lon, lat=lat, radius_m=radius,
                                   time=when, count=count, unit=unit, quote=quote, area=area,
                                   source=f"https://example.org/{oid}", attribution="a test"))
        for aid in ("sixty", "m5"):
            clause, status, margin = found.get(aid, (
                "irn-60km" if aid == "sixty" else "irn-east-m5", "not_applicable", None))
            sentence = f"{oid} {status} of {aid}/{clause}."
            if oid == "o5":
                sentence += " Quoted: " + payload
            verdicts.append(Verdict(observation_id=oid, agreement_id=aid, clause_id=clause,
                                    status=status, margin_m=margin, tolerance_m=float(radius),
                                    feature_versions="LINE_A@1974", sentence=sentence,
                                    quote=quote))
    limits = [LimitResult(agreement_id="sixty", clause_id="saa-limit", unit="tank",
                          window_start=date(2018, 7, 1), window_end=date(2018, 7, 1), lower=40,
                          upper=40, maximum=75, status="compliant", observation_ids=["o4"],
                          sentence="40 tanks of at most 75.")]
    return FakeResult(ObservationSet.from_records(records, origin="test"), verdicts, limits,
                      ["sixty", "m5"])
