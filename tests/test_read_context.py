"""Claims whose parts are spread over neighbouring sentences (issue 10): an actor named in an
earlier sentence of the paragraph or in the headline, and the time of the claim a sentence
continues. Sentences written for these tests; the carry-over is marked in `Claim.carried`."""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.records import Claim
from tests.read_helpers import PUBLISHED, minipack

_LEB = date(2024, 12, 12)  # a Thursday: "on Monday" is 2024-12-09


def world(text: str) -> list[Claim]:
    return [c for c in read_text(text, None, published=_LEB).claims if c.kind == "position"]


def golan(text: str) -> list[Claim]:
    return [c for c in read_text(text, minipack(), published=PUBLISHED).claims if c.kind == "position"]


def at(claims: list[Claim], place: str) -> list[Claim]:
    return [c for c in claims if c.place is not None and place in c.place.text]


@pytest.mark.parametrize("text", [
    "Border tension rises\nIsraeli soldiers crossed the fence early on Monday. They then moved into Khiam.",
    "Border tension rises\nIsraeli soldiers crossed the fence. Later, they took up positions in Khiam.",
    "Border tension rises\nIsraeli soldiers crossed the fence. On Tuesday they were seen in Khiam.",
])
def test_they_is_the_force_of_the_sentence_before(text: str) -> None:
    got = at(world(text), "Khiam")
    assert [c.actor for c in got] == ["ISR"]
    assert got[0].actor_text.lower() == "they"
    assert got[0].carried == ["actor ISR from 'Israeli soldiers'"]


@pytest.mark.parametrize("text", [
    "Turkey pushes into the buffer zone\nOfficials said the situation was tense.\n"
    "On Monday a unit of some 30 to 40 men crossed into the zone at Khiam.",
    "Turkey pushes into the buffer zone\nA small unit took up positions near Khiam overnight.",
])
def test_a_unit_at_a_paragraph_opening_is_the_headline_side(text: str) -> None:
    got = at(world(text), "Khiam")
    assert [c.actor for c in got] == ["TUR"]
    assert got[0].carried == ["actor TUR from 'Turkey'"]


def test_it_is_a_body_named_in_the_singular() -> None:
    text = "Army moves south\nThe Lebanese army entered Naqoura on Tuesday. It then deployed in Khiam."
    got = at(world(text), "Khiam")
    assert [c.actor for c in got] == ["LBN.AF"]  # the state's armed forces
    assert got[0].time == date(2024, 12, 10)  # the Tuesday of the sentence before
    assert "time from 'on Tuesday'" in got[0].carried


def test_a_carried_actor_with_a_pack() -> None:
    text = ("Army advances\nThe Syrian army entered Nawa on Thursday. A column of tanks then moved "
            "into Quneitra.")
    got = at(golan(text), "Quneitra")
    assert [c.actor for c in got] == ["SYR.SAA"]
    assert got[0].time == date(2024, 3, 14)


@pytest.mark.parametrize("text", [
    # another paragraph, and a headline naming no side
    "Border tension rises\nIsraeli soldiers crossed the fence.\nThey then moved into Khiam.",
    # "they" after people who are no side
    "Border tension rises\nResidents said Israeli soldiers had left. They returned to Khiam on Tuesday.",
    # "it" cannot be a plural force
    "Border tension rises\nIsraeli soldiers crossed the fence. It then rained in Khiam.",
    # a headline naming two sides gives none
    "Israel and Turkey trade words\nA small unit took up positions near Khiam overnight.",
])
def test_no_carry_over(text: str) -> None:
    assert at(world(text), "Khiam") == []


def test_two_sides_before_leave_they_unresolved() -> None:
    text = ("Clashes\nSyrian army units clashed with Iranian forces at dawn. They then moved into "
            "Quneitra.")
    assert at(golan(text), "Quneitra") == []


def test_a_named_actor_is_not_carried() -> None:
    text = "Border tension rises\nIsraeli soldiers entered Kfar Kila. Lebanese troops deployed in Khiam."
    got = at(world(text), "Khiam")
    assert [(c.actor, c.carried) for c in got] == [("LBN", [])]


def test_then_carries_the_time_of_the_claim_before() -> None:
    text = ("Army moves south\nThe Lebanese army entered Naqoura on Tuesday. Lebanese troops then "
            "deployed in Khiam.")
    got = at(world(text), "Khiam")
    assert got[0].time == date(2024, 12, 10)
    assert got[0].carried == ["time from 'on Tuesday'"]


def test_no_time_across_paragraphs_or_without_then() -> None:
    text = ("Army moves south\nThe Lebanese army entered Naqoura on Tuesday.\nLebanese troops then "
            "deployed in Khiam. Lebanese troops deployed in Tyre.")
    claims = world(text)
    assert all(c.time != date(2024, 12, 10) for c in at(claims, "Khiam") + at(claims, "Tyre"))
    assert all(c.time_inferred for c in at(claims, "Khiam") + at(claims, "Tyre"))


def test_two_sides_of_the_claim_before_leave_they_unresolved() -> None:
    text = ("Clashes\nSyrian army units clashed with Iranian forces near Nawa. They then moved into "
            "Quneitra.")
    assert at(golan(text), "Quneitra") == []


def test_no_actor_is_inferred_for_a_name_cut_short() -> None:
    # the gazetteer knows only the first word of this two-word name: no carry-over
    text = "Turkey pushes into the buffer zone\nA small unit took up positions at Ayios Dometios."
    assert [c for c in world(text) if c.carried] == []


@pytest.mark.parametrize("text", [
    "Army moves south\nThe Lebanese army said on Wednesday that it had deployed in Khiam.",
    "Army moves south\nThe Lebanese army said it deployed in Khiam on Wednesday.",
])
def test_it_after_the_words_of_speech_is_the_speaker(text: str) -> None:
    got = at(world(text), "Khiam")
    assert [c.actor for c in got] == ["LBN.AF"]
    assert got[0].carried == ["actor LBN.AF from 'Lebanese army'"]


def test_they_after_people_speaking_is_not_carried() -> None:
    text = "Border tension rises\nIsraeli soldiers left on Monday. Villagers said they returned to Khiam."
    assert at(world(text), "Khiam") == []


@pytest.mark.parametrize("text", [
    "Turkey digs in\nThe Turkish army set up a new observation post on Monday. The post was built "
    "near Khiam.",
    "Turkey digs in\nThe Turkish army set up a new observation post on Monday.\nThe post is at Khiam.",
])
def test_the_post_is_held_by_the_side_that_set_it_up(text: str) -> None:
    got = at(world(text), "Khiam")
    assert [c.actor for c in got] == ["TUR.AF"]
    assert got[0].carried == ["actor TUR.AF from 'Turkish army'"]


@pytest.mark.parametrize("text", [
    # two sides named where the post was mentioned
    "Posts\nThe Turkish army and the Syrian army both hold posts nearby. The post is at Khiam.",
    # no post named before
    "Posts\nThe Turkish army moved south. The post is at Khiam.",
    # two paragraphs back
    "Posts\nThe Turkish army set up a post.\nResidents are worried.\nThe post is at Khiam.",
])
def test_the_post_with_no_single_owner(text: str) -> None:
    assert at(world(text), "Khiam") == []
