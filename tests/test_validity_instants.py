"""Validity with a time of day and a UTC offset ("from 00:01 on 6 March", `2020-03-06T00:01+02:00`).

The oracle is Python's own datetime arithmetic on aware datetimes, never the engine's day numbers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import standoff
from standoff.engine.epochs import Period
from standoff.errors import AgreementError
from standoff.model import Clause
from standoff.model.days import day_number, utc_seconds
from standoff.packs import init_pack, load_pack

CEASEFIRE = """\
id: ceasefire
title: Red forces out of 10 km of Line X from 00:01 on 6 March
status: signed
valid_from: {agreement_from}
sources: [{{id: text, title: Placeholder text, published: 2020-03-05}}]
clauses:
  - id: red-10km
    actor: RED*
    kind: must_not_enter
    zone: {{within: {{km: 10, of: LINE_X}}}}
    quote: "from 00:01 on 6 March, Red forces 10 km from Line X"
    source: text
    valid_from: {clause_from}
    valid_to: {clause_to}
"""
NEAR = "30.52,10.5,100"  # 2 km east of Line X (lon 30.5): inside the 10 km zone
REPORTS = f"""\
id,time,time_end,actor,lon,lat,radius_m
before,2020-03-05,,RED,{NEAR}
on-the-day,2020-03-06,,RED,{NEAR}
after,2020-03-07,,RED,{NEAR}
spanning,2020-03-04,2020-03-08,RED,{NEAR}
last-day,2020-03-20,,RED,{NEAR}
gone,2020-03-21,,RED,{NEAR}
no-date,,,RED,{NEAR}
"""


def _check(tmp_path: Path, agreement_from: str = "2020-01-01", clause_from: str = "2020-03-06T00:01+02:00",
           clause_to: str = "2020-03-20T12:00+02:00") -> dict[str, str]:
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "ceasefire.yaml").write_text(CEASEFIRE.format(
        agreement_from=agreement_from, clause_from=clause_from, clause_to=clause_to))
    (folder / "reports.csv").write_text(REPORTS)
    pack = load_pack(folder)
    obs = standoff.read_observations(folder / "reports.csv", pack)
    result = standoff.check(obs, pack, agreements=["ceasefire"], every_pair=True)
    for v in result.verdicts:  # a possible verdict says why when the time is the reason
        partly = "only part of the report's time" in v.sentence
        assert partly == (v.status == "possible"), v.sentence  # the place is certainly inside
    return {v.observation_id: v.status for v in result.verdicts}


def test_a_day_that_straddles_the_instant_is_only_possible(tmp_path: Path):
    assert _check(tmp_path) == {
        "before": "not_applicable",      # 5 March ends before 00:01 on the 6th
        "on-the-day": "possible",        # the report may be from 00:00 to 00:01, before the clause
        "after": "violation",
        "spanning": "possible",          # 4 to 8 March: partly before the clause
        "last-day": "possible",          # the clause ends at noon on the 20th
        "gone": "not_applicable",
        "no-date": "violation",          # no time: judged as if in force (and its sentence says so)
    }


def test_dates_alone_keep_whole_days(tmp_path: Path):
    got = _check(tmp_path, clause_from="2020-03-06", clause_to="2020-03-21")
    assert got["on-the-day"] == got["after"] == got["last-day"] == "violation"
    assert got["before"] == got["gone"] == "not_applicable"
    assert got["spanning"] == "possible"  # a report over 4-8 March is not wholly under the clause


def test_midnight_instant_is_the_day(tmp_path: Path):
    got = _check(tmp_path, clause_from="2020-03-06T00:00+02:00", clause_to="2020-03-21T00:00+02:00")
    assert got["on-the-day"] == got["last-day"] == "violation"
    assert got["before"] == got["gone"] == "not_applicable"


def test_the_agreement_bound_counts_too(tmp_path: Path):
    got = _check(tmp_path, agreement_from="2020-03-07T06:00Z", clause_from="2020-03-06",
                 clause_to="2020-04-01")
    assert got["on-the-day"] == "not_applicable"
    assert got["after"] == "possible"  # the agreement starts at 06:00 UTC on the 7th
    assert got["last-day"] == "violation"


TIMED = f"""\
id,time,time_end,actor,lon,lat,radius_m
half-past,2020-03-06T00:30+02:00,,RED,{NEAR}
minute-before,2020-03-05T23:59+02:00,,RED,{NEAR}
half-minute-before,2020-03-06T00:00:30+02:00,,RED,{NEAR}
utc-date-before,2020-03-05T22:30Z,,RED,{NEAR}
no-offset,2020-03-06T00:30,,RED,{NEAR}
before-noon,2020-03-20T11:59+02:00,,RED,{NEAR}
at-noon,2020-03-20T12:00+02:00,,RED,{NEAR}
night,2020-03-06T00:00+02:00,2020-03-06T06:00+02:00,RED,{NEAR}
"""


def _check_timed(tmp_path: Path, clause_from: str, clause_to: str) -> dict[str, str]:
    folder = init_pack(tmp_path / "t", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "ceasefire.yaml").write_text(CEASEFIRE.format(
        agreement_from="2020-01-01", clause_from=clause_from, clause_to=clause_to))
    (folder / "timed.csv").write_text(TIMED)
    pack = load_pack(folder)
    obs = standoff.read_observations(folder / "timed.csv", pack)
    result = standoff.check(obs, pack, agreements=["ceasefire"], every_pair=True)
    return {v.observation_id: v.status for v in result.verdicts}


def test_reports_with_a_time_of_day_are_exact(tmp_path: Path):
    assert _check_timed(tmp_path, "2020-03-06T00:01+02:00", "2020-03-20T12:00+02:00") == {
        "half-past": "violation",
        "minute-before": "not_applicable",
        "half-minute-before": "not_applicable",
        "utc-date-before": "violation",   # 22:30 UTC on the 5th is 00:30 on the 6th in +02:00
        "no-offset": "possible",          # a time without an offset is read as its day
        "before-noon": "violation",
        "at-noon": "not_applicable",      # valid_to is exclusive
        "night": "possible",              # 00:00 to 06:00: the first minute is before the clause
    }


def test_a_day_bound_reads_a_timed_report_by_its_own_date(tmp_path: Path):
    got = _check_timed(tmp_path, "2020-03-06", "2020-03-20")
    assert got["minute-before"] == got["utc-date-before"] == "not_applicable"  # dated the 5th
    assert got["half-past"] == got["half-minute-before"] == got["night"] == "violation"
    assert got["before-noon"] == got["at-noon"] == "not_applicable"


def test_an_instant_needs_its_offset(tmp_path: Path):
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "ceasefire.yaml").write_text(CEASEFIRE.format(
        agreement_from="2020-01-01", clause_from="2020-03-06T00:01", clause_to="2020-03-20"))
    with pytest.raises(AgreementError) as err:
        load_pack(folder)
    text = str(err.value)
    assert "ceasefire.yaml" in text and "valid_from" in text and "UTC offset" in text
    assert "\n" not in text


def test_end_before_start_across_offsets():
    base = {"id": "c", "actor": "RED", "kind": "must_not_enter", "zone": {"area": "A"}, "quote": "q",
            "source": "s"}
    # 00:01 in +02:00 is 22:01 UTC the day before: an end at 22:00 UTC is before it
    with pytest.raises(ValidationError, match="before valid_from"):
        Clause(**base, valid_from="2020-03-06T00:01+02:00", valid_to="2020-03-05T22:00Z")
    ok = Clause(**base, valid_from="2020-03-06T00:01+02:00", valid_to="2020-03-05T22:02Z")
    assert ok.valid_to == datetime(2020, 3, 5, 22, 2, tzinfo=UTC)
    assert Clause(**base, valid_from="2020-03-06").valid_from == date(2020, 3, 6)


def _oracle(start: date, end: date, lo: date | datetime | None, hi: date | datetime | None
            ) -> tuple[bool, bool]:
    """(meets, covers) by aware datetimes: report days are read on each instant bound's clock."""
    def clock(bound: date | datetime) -> timezone:
        return bound.tzinfo if isinstance(bound, datetime) else UTC  # type: ignore[return-value]

    def moment(bound: date | datetime) -> datetime:
        return bound if isinstance(bound, datetime) else datetime(bound.year, bound.month, bound.day,
                                                                  tzinfo=UTC)

    meets = covers = True
    if lo is not None:
        tz = clock(lo)
        first = datetime(start.year, start.month, start.day, tzinfo=tz)
        after_last = datetime(end.year, end.month, end.day, tzinfo=tz) + timedelta(days=1)
        meets &= after_last > moment(lo)
        covers &= first >= moment(lo)
    if hi is not None:
        tz = clock(hi)
        first = datetime(start.year, start.month, start.day, tzinfo=tz)
        after_last = datetime(end.year, end.month, end.day, tzinfo=tz) + timedelta(days=1)
        meets &= first < moment(hi)
        covers &= after_last <= moment(hi)
    return meets, covers


_days = st.dates(min_value=date(2019, 12, 20), max_value=date(2020, 1, 20))
_offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
_instants = st.builds(
    lambda d, minute, tz: datetime(d.year, d.month, d.day, tzinfo=tz) + timedelta(minutes=minute),
    _days, st.integers(0, 24 * 60 - 1), _offsets)
_bounds = st.one_of(st.none(), _days, _instants)


@settings(max_examples=300, deadline=None)
@given(_instants, st.integers(0, 3 * 24 * 60), _bounds, _bounds)
def test_timed_reports_match_datetime_arithmetic(first: datetime, minutes: int, lo, hi):  # type: ignore[no-untyped-def]
    last = first + timedelta(minutes=minutes)
    period = Period(lo, hi)

    def local(day: date | datetime) -> date:  # a day bound reads the report's own date
        return day.date() if isinstance(day, datetime) else day

    def after(t: datetime, bound: date | datetime) -> bool:  # t at or after the bound
        return t >= bound if isinstance(bound, datetime) else local(t) >= bound

    def before(t: datetime, bound: date | datetime) -> bool:  # t before the bound
        return t < bound if isinstance(bound, datetime) else local(t) < bound

    meets = (lo is None or after(last, lo)) and (hi is None or before(first, hi))
    covers = (lo is None or after(first, lo)) and (hi is None or before(last, hi))
    s = np.array([day_number(first.date(), 0)], np.int64)
    e = np.array([day_number(last.astimezone(first.tzinfo).date(), 0)], np.int64)
    clock = (np.array([utc_seconds(first)], np.int64), np.array([utc_seconds(last)], np.int64))
    assert (bool(period.meets(s, e, clock)[0]), bool(period.covers(s, e, clock)[0])) == (meets, covers)


@settings(max_examples=300, deadline=None)
@given(_days, st.integers(0, 4), _bounds, _bounds)
def test_meets_and_covers_match_datetime_arithmetic(start: date, length: int, lo, hi):  # type: ignore[no-untyped-def]
    end = start + timedelta(days=length)
    period = Period(lo, hi)
    s = np.array([day_number(start, 0)], np.int64)
    e = np.array([day_number(end, 0)], np.int64)
    assert (bool(period.meets(s, e)[0]), bool(period.covers(s, e)[0])) == _oracle(start, end, lo, hi)


def test_geoparquet_timestamps_with_a_zone_are_instants(tmp_path: Path):
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from standoff.report.writers import point_wkb

    folder = init_pack(tmp_path / "gp", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "agreements" / "ceasefire.yaml").write_text(CEASEFIRE.format(
        agreement_from="2020-01-01", clause_from="2020-03-06T00:01+02:00", clause_to="2020-03-20"))
    moments = [datetime(2020, 3, 5, 22, 30, tzinfo=UTC), datetime(2020, 3, 5, 21, 59, tzinfo=UTC)]
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}}}
    table = pa.table({"id": ["after", "before"], "actor": ["RED", "RED"],
                      "time": pa.array(moments, pa.timestamp("ms", tz="UTC")),
                      "radius_m": [100.0, 100.0],
                      "geometry": point_wkb(np.array([30.52, 30.52]), np.array([10.5, 10.5]))})
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), tmp_path / "r.parquet")
    pack = load_pack(folder)
    obs = standoff.read_observations(tmp_path / "r.parquet", pack)
    assert list(obs.instants()[0]) == [utc_seconds(m) for m in moments]
    result = standoff.check(obs, pack, agreements=["ceasefire"], every_pair=True)
    assert {v.observation_id: v.status for v in result.verdicts} == {"after": "violation",
                                                                    "before": "not_applicable"}
