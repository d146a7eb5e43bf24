"""Presence, movement and strikes said in passive, perfect and progressive forms, and verbs whose
object is the place ("recaptured X", "were guarding X"), in theatres no pack covers (sentences
of our own)."""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.modifiers import _IN

PUBLISHED = date(2024, 3, 15)


def positions(text: str) -> set[tuple[str, str, str]]:
    return {(c.actor, c.predicate, c.place.text) for c in read_text(text, published=PUBLISHED).claims
            if c.kind == "position" and c.place is not None}


@pytest.mark.parametrize(("text", "expected"), [
    # stationed, gathered, brought in
    ("Kenyan troops have been garrisoned in Kismayo since Monday.", ("KEN", "deployed", "Kismayo")),
    ("Chadian soldiers amassed near Abeche on Tuesday.", ("TCD", "deployed", "Abeche")),
    ("Malian troops were concentrated near Gao on Monday.", ("MLI", "deployed", "Gao")),
    ("Rwandan troops reached Goma on Monday.", ("RWA", "deployed", "Goma")),
    ("Kenyan troops were airlifted to Kismayo on Monday.", ("KEN", "deployed", "Kismayo")),
    ("Kenyan soldiers were flown to Kismayo on Monday.", ("KEN", "deployed", "Kismayo")),
    ("Malian troops landed in Kidal on Monday.", ("MLI", "deployed", "Kidal")),
    # held, watched over, patrolled: the place is the verb's object
    ("Nigerian soldiers manned checkpoints in Maiduguri on Monday.", ("NGA", "seen", "Maiduguri")),
    ("Ugandan troops were patrolling Beni on Monday.", ("UGA", "seen", "Beni")),
    ("Ugandan troops patrol Beni.", ("UGA", "seen", "Beni")),
    ("Eritrean forces surrounded Adigrat on Monday.", ("ERI", "seen", "Adigrat")),
    ("Congolese troops encircled Bunia on Monday.", ("COD", "seen", "Bunia")),
    ("Eritrean forces were guarding Adigrat on Monday.", ("ERI", "seen", "Adigrat")),
    ("Eritrean forces control Adigrat.", ("ERI", "seen", "Adigrat")),
    # taken or approached
    ("Nigerian troops recaptured Monguno on Sunday.", ("NGA", "entered", "Monguno")),
    ("Malian soldiers regained Kidal on Monday.", ("MLI", "entered", "Kidal")),
    ("Eritrean forces secured Adigrat on Monday.", ("ERI", "entered", "Adigrat")),
    ("Somali forces advanced on Baidoa on Monday.", ("SOM", "entered", "Baidoa")),
    ("Somali forces pushed towards Baidoa on Monday.", ("SOM", "entered", "Baidoa")),
    ("Chadian troops converged on Abeche on Monday.", ("TCD", "entered", "Abeche")),
    # the place as the subject of a passive event with its agent, and seen doing
    ("Laayoune was captured by Moroccan troops on Monday.", ("MAR", "entered", "Laayoune")),
    ("Kidal was retaken by Malian soldiers on Monday.", ("MLI", "entered", "Kidal")),
    ("Sirte was shelled by Libyan forces on Monday.", ("LBY", "struck", "Sirte")),
    ("Moroccan soldiers were seen entering Laayoune on Monday.", ("MAR", "seen", "Laayoune")),
    # struck
    ("Libyan forces fired artillery at Sirte on Monday.", ("LBY", "struck", "Sirte")),
    ("Libyan forces launched drone strikes on Sirte on Monday.", ("LBY", "struck", "Sirte")),
    ("Libyan forces bombed Sirte on Monday.", ("LBY", "struck", "Sirte")),
])
def test_presence_said_in_many_forms_is_a_position(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in positions(text)


def test_an_adjective_of_control_is_no_verb_before_a_place() -> None:
    """"the Israeli-controlled Golan": who holds the place, not an event at it."""
    assert _IN.search("between the Syrian and the Indian-controlled ") is None
    assert _IN.search("troops controlled ") is not None and _IN.search("soldiers guarded the ") is not None


def test_held_talks_and_reached_a_deal_are_no_positions() -> None:
    assert positions("Malian officials held talks in Bamako and reached a deal on Monday.") == set()


def test_what_pictures_show_is_seen() -> None:
    assert ("ARM", "seen", "Goris") in positions(
        "Satellite images showed Armenian troops near Goris on Monday.")
    assert ("AZE", "seen", "Lachin") in positions(
        "Footage posted online on Monday shows Azerbaijani soldiers in Lachin.")
    # the verb must have pictures as its subject, and another event word wins
    assert positions("Polls showed Malians in Kidal favoured the deal.") == set()
    got = positions("Footage showed Libyan forces shelling Sirte on Monday.")
    assert ("LBY", "struck", "Sirte") in got and not any(p == "seen" for _, p, _ in got)
