"""Clause claims on sentences written for these tests: obligations bind their subject, verbs of
terms in every form, widths and bare distances, units and numbers in words."""

from __future__ import annotations

import pytest

from standoff.read import read_text
from standoff.read.distances import bare_distances, to_km
from tests.read_helpers import PUBLISHED, minipack


def clauses(text: str):  # type: ignore[no-untyped-def]
    return [c for c in read_text(text, minipack(), published=PUBLISHED).claims if c.kind == "clause"]


@pytest.mark.parametrize(("text", "actor", "km"), [
    ("Iranian forces must stay 40 km from the Golan.", "IRN", 40),
    ("Under the truce, Hezbollah was to pull back 25 km from the border.", "IRN.PROXY.HEZBOLLAH", 25),
    ("Iran has to withdraw its fighters 50 kilometers from the border.", "IRN", 50),
    ("Hezbollah is due to withdraw 12 km from the frontier by the spring.", "IRN.PROXY.HEZBOLLAH", 12),
    ("The Syrian army should not come within 7 km of the buffer zone.", "SYR.SAA", 7),
])
def test_an_obligation_binds_its_subject(text: str, actor: str, km: float) -> None:
    (c,) = clauses(text)
    assert c.actor == actor and any(m.km == km for m in c.modifiers)


def test_a_demand_binds_the_actor_after_it_not_the_one_who_demands() -> None:
    (c,) = clauses("Israel asked that Iranian forces stay 70 km from the Golan.")
    assert c.actor == "IRN" and c.status == "demand"


@pytest.mark.parametrize("verb", ["stipulate", "stipulates", "stipulated", "lay down", "lays down",
                                  "laid down", "foresee", "foresaw", "envisaged"])
def test_verbs_of_terms_in_every_form(verb: str) -> None:
    (c,) = clauses(f"The accords {verb} that Hezbollah stays 20 km from the border.")
    assert c.status == "agreed" and c.actor == "IRN.PROXY.HEZBOLLAH" and c.modifiers[0].km == 20


@pytest.mark.parametrize("text", [
    "The two sides agree on a deployment of Russian military police near Quneitra.",
    "The two sides agreed on a deployment of Russian military police near Quneitra.",
    "A deployment of Russian military police near Quneitra had been agreed in May.",
])
def test_an_agreed_deployment(text: str) -> None:
    (c,) = clauses(text)
    assert c.actor == "RUS" and c.status == "agreed"


def test_the_parties_of_an_agreement_when_it_names_no_one_else() -> None:
    (c,) = clauses("Russia and Israel reached an agreement on a 9 km-wide strip along the border.")
    assert set(c.actors) == {"RUS", "ISR"} and c.status == "agreed"
    assert (c.modifiers[0].kind, c.modifiers[0].km, c.feature) == ("within", 9, "LINE_A")


def test_a_width_along_a_line_is_within_that_distance_of_it() -> None:
    (c,) = clauses("The truce terms stipulate that Syrian army units keep out of a 10 km-wide "
                   "strip along the border.")
    assert c.actor == "SYR.SAA" and c.feature == "LINE_A"
    assert (c.modifiers[0].kind, c.modifiers[0].km) == ("within", 10)


def test_a_bare_distance_of_a_proposed_move() -> None:
    (c,) = clauses("Israel recommends that UNDOF move 3 km (2 miles) to the east.")
    assert c.actor == "UN.UNDOF" and c.status == "proposal"
    assert [m.km for m in c.modifiers] == [3]  # the miles in brackets are a gloss, not a second one


def test_a_distance_glossing_a_side_belongs_to_the_same_term() -> None:
    (c,) = clauses("Hezbollah was to pull back east of the Damascus-Daraa road -- some 30 "
                   "kilometres (19 miles) from the border -- under the accord.")
    assert [m.kind for m in c.modifiers] == ["side", "distance"] and c.modifiers[1].km == 30


def test_asking_for_advice_is_no_term() -> None:
    assert clauses("Officials in Damascus are asking the Russian forces for more details.") == []


@pytest.mark.parametrize(("text", "km"), [
    ("Syrian army units pulled back by 700 metres from the line of contact.", 0.7),
    ("Hezbollah fighters were seen some five kilometres away from the border.", 5),
    ("Iranian units are now 60 kilometers [some 37 miles] from the border.", 60),
    ("Syrian army units pulled back to a distance of 2 kilometers on either side of the line "
     "of contact.", 2),
])
def test_units_numbers_in_words_and_glosses(text: str, km: float) -> None:
    found = read_text(text, minipack(), published=PUBLISHED).claims
    assert any(abs((m.km or 0) - km) < 1e-9 for c in found for m in c.modifiers), found


@pytest.mark.parametrize(("number", "unit", "km"), [
    ("five", "kilometres", 5), ("1,500", "meters", 1.5), ("2", "miles", 3.218688), ("12", "km", 12),
])
def test_to_km(number: str, unit: str, km: float) -> None:
    assert to_km(number, unit) == pytest.approx(km)


def test_widths_and_bare_distances() -> None:
    got = [(m.kind, m.km, m.from_km, m.to_km) for _, m in bare_distances(
        "a zone one kilometre in depth, then 1,500-1,600 metres, 40 km from the border")]
    assert got == [("within", 1.0, None, None), ("band", None, 1.5, 1.6)]
