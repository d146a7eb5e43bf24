"""A presence that began at a stated time and lasts ('have been stationed in X since 2012') is
a report of where the force is now, not history (issue 10). Sentences written for these tests."""

from __future__ import annotations

from datetime import date, timedelta

from standoff.read import read_text
from standoff.read.records import Claim

PUBLISHED = date(2024, 12, 4)


def positions(text: str) -> list[Claim]:
    return [c for c in read_text(text, published=PUBLISHED).claims if c.kind == "position"]


def test_a_presence_since_long_ago_is_dated_just_before_publication() -> None:
    got = positions("Russian troops have been deployed in Transnistria since 1992.")
    assert [c.actor for c in got] == ["RUS"]
    c = got[0]
    assert c.time_inferred and c.time is not None and c.time_text == "since 1992"
    assert PUBLISHED - timedelta(days=7) <= c.time <= PUBLISHED
    assert c.time_end is None or c.time_end <= PUBLISHED


def test_a_recent_since_is_dated_the_same_way() -> None:
    got = positions("Israeli troops have stayed in Quneitra since Monday, residents said.")
    assert [c.actor for c in got] == ["ISR"] and got[0].time is not None
    assert PUBLISHED - timedelta(days=7) <= got[0].time <= PUBLISHED


def test_an_event_dated_long_ago_is_still_history() -> None:
    assert not positions("Russian troops were deployed in Transnistria in 1992.")


def test_a_force_reported_in_a_place_is_a_sighting() -> None:
    got = positions("Syrian army units were reported in Marjayoun on Tuesday.")
    assert [c.actor.split(".")[0] for c in got] == ["SYR"]
    assert got[0].place is not None and "Marjayoun" in got[0].place.text


def test_a_force_believed_to_be_near_a_place_is_a_sighting() -> None:
    got = positions("Russian troops are believed to be near Kherson, officials said.")
    assert [c.actor for c in got] == ["RUS"]
    assert got[0].place is not None and "Kherson" in got[0].place.text


def test_reported_as_speech_is_not_a_place() -> None:
    """ "it was reported that…" stays a report of speech, and gives no position by itself."""
    assert not positions("It was reported that talks on Kherson would resume.")


def test_inside_names_the_place_of_presence() -> None:
    got = positions("Turkish troops remained inside Idlib last week.")
    assert [c.actor for c in got] == ["TUR"] and got[0].place is not None and "Idlib" in got[0].place.text
