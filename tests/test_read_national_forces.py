"""Presence said as what a force holds, with any count ('twelve posts', 'thousands of troops'),
and peacekeepers that are a state's, not the UN's (issue 10).

Sentences written for these tests; each class has a negative case.
"""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.actors import find_actors
from standoff.read.packnames import world_pack
from standoff.read.records import Claim

PUBLISHED = date(2024, 12, 4)


def positions(text: str) -> list[Claim]:
    return [c for c in read_text(text, published=PUBLISHED).claims if c.kind == "position"]


@pytest.mark.parametrize("count", ["twelve", "fifteen", "forty", "a dozen", "dozens of", "hundreds of",
                                   "thousands of", "many", "a few"])
def test_a_force_held_in_a_place_is_there_whatever_the_count(count: str) -> None:
    got = positions(f"Turkey has {count} observation posts in Idlib province.")
    assert [(c.actor, c.place.name if c.place else None) for c in got] == [("TUR", "Idlib")]


def test_having_no_force_word_is_no_presence() -> None:
    assert not positions("Turkey has twelve complaints about trade with Idlib province.")


def codes(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in find_actors(text, world_pack())]


def test_peacekeepers_after_a_demonym_are_that_state_s_when_no_un_body_is_named() -> None:
    assert codes("Russian peacekeepers set up a post near Lachin.") == [("Russian peacekeepers", "RUS")]
    got = positions("Russian peacekeepers set up a post near Lachin on Monday.")
    assert [c.actor for c in got] == ["RUS"]


@pytest.mark.parametrize("text", [
    "Irish peacekeepers serving with UNIFIL patrolled near Tibnin.",
    "Irish peacekeepers of the UN patrolled near Tibnin.",
    "Ghanaian peacekeepers of the United Nations patrolled near Tibnin.",
])
def test_a_contingent_of_a_un_mission_stays_the_un_s(text: str) -> None:
    assert all(code.split(".")[0] == "UN" for _, code in codes(text))
    assert codes(text)


def test_bare_peacekeepers_are_the_un_s() -> None:
    assert codes("Peacekeepers patrolled near Tibnin.") == [("Peacekeepers", "UN")]
