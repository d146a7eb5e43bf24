"""Claims of statements that name several places or actors, and of bare force nouns.

Sentences written for these tests (issue 10, classes of failure); the lebanon pack places them.
"""

from __future__ import annotations

import functools
from datetime import date

from standoff.model import Pack
from standoff.packs import load_pack
from standoff.read import read_text

PUBLISHED = date(2024, 12, 4)


@functools.cache
def lebanon() -> Pack:
    return load_pack("lebanon")


def positions(text: str) -> set[tuple[str, str | None]]:
    """(actor, place name) of the position claims read from `text`."""
    got = read_text(text, lebanon(), published=PUBLISHED).claims
    return {(c.actor, c.place.name if c.place else None) for c in got if c.kind == "position"}


def test_each_place_of_a_list_is_a_position() -> None:
    got = positions("Lebanese soldiers deployed on Tuesday in the villages of Yarine, Marwahin "
                    "and Dhayra near the border.")
    assert {("LBN.LAF", "Yarine"), ("LBN.LAF", "Marwahin"), ("LBN.LAF", "Dhayra")} <= got


def test_a_container_is_not_a_member_of_the_list() -> None:
    got = positions("Lebanese troops entered Srifa in the Tyre district and Tebnine on Monday.")
    assert ("LBN.LAF", "Srifa") in got and ("LBN.LAF", "Tebnine") in got
    assert ("LBN.LAF", "Tyre") not in got


def test_a_list_going_on_after_and_is_not_a_new_clause() -> None:
    got = positions("Lebanese soldiers deployed in the villages of Yarine and Marwahin in the Tyre "
                    "district, and the village of Blida in Marjayoun, after Israeli troops left.")
    assert {("LBN.LAF", "Yarine"), ("LBN.LAF", "Marwahin"), ("LBN.LAF", "Blida")} <= got
    assert not any(actor == "ISR" and place == "Blida" for actor, place in got)


def test_a_country_is_not_a_position() -> None:
    got = positions("Israeli troops were seen in Lebanon on Monday.")
    assert got == set()


def test_army_units_are_the_army_named_before_not_the_owner_of_a_withdrawal() -> None:
    text = ("The Lebanese army said on Monday that, after the Israeli army's pullback, "
            "army units deployed in Qana.")
    assert positions(text) == {("LBN.LAF", "Qana")}


def test_its_troops_are_the_actor_named_before() -> None:
    got = positions("Hezbollah said its fighters were in Wazzani on Sunday.")
    assert ("IRN.PROXY.HEZBOLLAH", "Wazzani") in got
