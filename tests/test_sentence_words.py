"""The verdict sentences read as English: where the report is, plural units, readable versions and windows."""

from __future__ import annotations

import re

import pytest

import standoff
from standoff.engine.sentences import plural, versions_note
from standoff.model import Observation, ObservationSet

KM = r"\d+(\.\d)? km"


@pytest.fixture(scope="module")
def sentences() -> dict[tuple[str, str], str]:
    pack = standoff.load_pack("golan")
    obs = ObservationSet.from_records([
        Observation(id="tanks", actor="SYR.SAA", lon=35.95, lat=33.1, time="1980-03-01", count=12,
                    unit="tank"),
        Observation(id="one", actor="SYR.SAA", lon=35.95, lat=33.1, time=None, count=1, unit="tank"),
        Observation(id="far", actor="IRN", lon=36.1, lat=33.0, time="2018-06-01", radius_m=2500),
    ])
    result = standoff.check(obs, pack)
    return {(v.observation_id, v.clause_id): v.sentence for v in result.verdicts}


def test_a_side_zone_says_how_far_inside_or_outside(sentences: dict[tuple[str, str], str]) -> None:
    text = sentences[("tanks", "syria-east-of-line-b")]
    assert re.fullmatch(rf"Syrian Arab Army \(12 tanks\) reported {KM} \(±{KM}\) outside the zone "
                        r"“the side of Line B \(Bravo line\) facing west” — compliant\.", text), text


def test_a_distance_from_a_feature_says_from_what(sentences: dict[tuple[str, str], str]) -> None:
    text = sentences[("far", "iran-60km")]
    assert re.fullmatch(rf"Iran reported {KM} \(±{KM}\) from Line A \(Alpha line\): inside the zone "
                        rf"“within 60 km of Line A \(Alpha line\)” by {KM} — violation\.", text), text


def test_an_area_is_named_once(sentences: dict[tuple[str, str], str]) -> None:
    assert "the zone “Area of Separation (UNDOF zone)”" in sentences[("tanks", "only-undof-in-aos")]


def test_limits_count_in_plurals_and_say_when_there_is_no_time(sentences: dict[tuple[str, str], str]) -> None:
    dated, timeless = sentences[("tanks", "syria-limit-0-10")], sentences[("one", "syria-limit-0-10")]
    assert dated.startswith("Syrian Arab Army (12 tanks) counts toward the limit of 75 tanks in ")
    assert re.search(r": \d+(–\d+)? in the 7-day window ending 1980-03-01 — compliant\.$", dated), dated
    assert timeless.startswith("Syrian Arab Army (1 tank) counts toward the limit of 75 tanks")
    assert timeless.endswith("in any 7-day window (no time given) — compliant."), timeless
    assert "1970" not in timeless


def test_no_time_names_the_versions_checked(sentences: dict[tuple[str, str], str]) -> None:
    text = sentences[("one", "only-undof-in-aos")]
    assert text.endswith("(no time given: checked against every version of Area of Separation "
                         "(UNDOF zone): 1974, 2024-12)."), text
    assert "@" not in text and "none" not in text


@pytest.mark.parametrize(("unit", "words"), [
    ("tank", "tanks"), ("soldier", "soldiers"), ("artillery", "artillery"), ("sam", "sam"),
    ("ARTY.100MM_PLUS", "ARTY.100MM_PLUS"), ("missiles", "missiles")])
def test_plural_only_changes_plain_words(unit: str, words: str) -> None:
    assert plural(unit) == words


def test_versions_note_drops_the_theatre_and_empty_epochs() -> None:
    pack = standoff.load_pack("golan")
    label = ("JORDAN_BORDER@1946, LINE_B@none | JORDAN_BORDER@1946, LINE_B@1974, THEATRE@1 "
             "| AOS@1974(1974+1974)")
    assert versions_note(pack, label) == ("of Syria-Jordan border (western part): 1946; "
                                          "of Line B (Bravo line): 1974; "
                                          "of Area of Separation (UNDOF zone): 1974")


def test_a_limit_summary_counts_in_plurals() -> None:
    pack = standoff.load_pack("golan")
    obs = ObservationSet.from_records([
        Observation(id=f"t{i}", actor="SYR.SAA", lon=35.95, lat=33.1, time="1980-03-01", count=40,
                    unit="tank") for i in range(2)])
    limits = standoff.check(obs, pack, agreements=["disengagement-1974"]).limits
    text = next(x.sentence for x in limits if x.clause_id == "syria-limit-0-10" and x.unit == "tank")
    assert text.startswith("80 tanks in 0–10 km of Line B (Bravo line)"), text
    assert text.endswith("against a maximum of 75 — violation."), text
