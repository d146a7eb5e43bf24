"""Clause claims worded as duties, km in relative clauses, statements that are no clauses, and
offers with their fate, on sentences written for these tests (Lebanon, Golan, Donbas, Korea,
Sinai, Cyprus, India-China)."""

from __future__ import annotations

import functools
from datetime import date

import pytest

from standoff.model import Pack
from standoff.packs import load_pack
from standoff.read import read_text
from standoff.read.distances import bare_distances
from standoff.read.draft import draft_clauses
from tests.read_helpers import PUBLISHED, minipack


@functools.cache
def pack(name: str) -> Pack | None:
    if name == "none":
        return None
    return minipack() if name == "mini" else load_pack(name)


def clauses(text: str, name: str = "mini"):  # type: ignore[no-untyped-def]
    return [c for c in read_text(text, pack(name), published=PUBLISHED).claims if c.kind == "clause"]


# 1. Obligations of a deal worded as duties: actor, zone or km, deadline; status agreed.

@pytest.mark.parametrize(("text", "name", "actor", "km"), [
    ("Hezbollah was to pull its fighters back 25 km from the border.", "mini", "IRN.PROXY.HEZBOLLAH", 25),
    ("The separatists are to withdraw their artillery 50 km from the line of contact.", "donbas",
     "RUS.SEP", 50),
    ("North Korean troops are to pull back 2 km from the demarcation line.", "none", "PRK.AF", 2),
    ("Under the pact, Egyptian forces were to stay within 10 km of the canal.", "none", "EGY", 10),
])
def test_a_duty_set_by_a_deal_is_an_agreed_term(text: str, name: str, actor: str, km: float) -> None:
    (c,) = clauses(text, name)
    assert c.actor == actor and c.status == "agreed" and any(m.km == km for m in c.modifiers)


def test_a_duty_of_two_parties_without_a_pack() -> None:
    (c,) = clauses("Greek Cypriot and Turkish forces are to stay out of the buffer zone.", "none")
    assert set(c.actors) == {"CYP", "TUR"} and c.status == "agreed"


def test_a_duty_with_a_zone_of_the_pack() -> None:
    (c,) = clauses("Under the truce, Hezbollah fighters were to move north of the Litani.", "lebanon")
    assert (c.actor, c.status, c.feature) == ("IRN.PROXY.HEZBOLLAH", "agreed", "LITANI")
    assert (c.modifiers[0].kind, c.modifiers[0].facing) == ("side", "north")


def test_a_deal_that_gives_an_actor_until_a_date_to_withdraw() -> None:
    (c,) = clauses("The deal gave Israel until January 26 to withdraw its troops from southern "
                   "Lebanon.", "lebanon")
    assert c.actor == "ISR" and c.status == "agreed" and c.time == date(2024, 1, 26)
    assert c.place is not None and "Lebanon" in c.place.text


@pytest.mark.parametrize(("text", "km"), [
    ("Russia and Israel agreed on a buffer zone of about three kilometres along the border.", 3),
    ("Russia and Israel agreed on a 4 km buffer zone along the border.", 4),
    ("Russia and Israel agreed on a 6-kilometre demilitarised strip along the border.", 6),
])
def test_a_buffer_zone_of_n_km_keeps_the_parties_n_km_off_its_line(text: str, km: float) -> None:
    (c,) = clauses(text)
    assert c.status == "agreed" and set(c.actors) == {"RUS", "ISR"}
    assert (c.modifiers[0].kind, c.modifiers[0].km, c.modifiers[0].feature) == ("beyond", km, "LINE_A")
    (clause,) = draft_clauses([c], minipack())
    assert (clause["kind"], clause["zone"]) == ("must_not_enter", {"within": {"km": km, "of": "LINE_A"}})


@pytest.mark.parametrize("text", [
    "Hezbollah committed to keep its fighters out of the area south of the Litani.",
    "Hezbollah has pledged to keep its fighters out of the area south of the Litani.",
])
def test_an_undertaking_binds_the_one_who_gives_it(text: str) -> None:
    (c,) = clauses(text, "lebanon")
    assert (c.actor, c.status, c.feature) == ("IRN.PROXY.HEZBOLLAH", "agreed", "SOUTH_LITANI")


def test_both_sides_are_the_two_parties_named_before() -> None:
    (c,) = clauses("Ukrainian forces and the separatists signed the framework deal. Under it, "
                   "both sides must pull back 1 km from the line of contact.", "donbas")
    assert set(c.actors) == {"UKR.AF", "RUS.SEP"} and c.modifiers[0].km == 1
    assert c.status == "agreed"  # a duty right after a deal is named is one of its terms


def test_a_duty_with_no_deal_in_sight_stays_a_demand() -> None:
    (c,) = clauses("Hezbollah must pull back 10 km from the border.")
    assert c.status == "demand"


@pytest.mark.parametrize(("text", "name", "km", "kind"), [
    ("India and China are to pull their troops back 2 km from the Galwan valley.", "none", 2, "distance"),
    ("North Korean troops were to remove guard posts within 1 km of the demarcation line.", "none", 1,
     "within"),
])
def test_a_distance_from_a_place_no_gazetteer_knows_is_kept(text: str, name: str, km: float,
                                                             kind: str) -> None:
    (c,) = clauses(text, name)
    assert [(m.kind, m.km) for m in c.modifiers] == [(kind, km)]


# 2. km in a relative clause or apposition describes a place, not the term.

def test_a_distance_in_a_relative_clause_describes_the_river() -> None:
    (c,) = clauses("Hezbollah was to withdraw north of the Litani river, which runs some 30 km "
                   "north of the border.", "lebanon")
    assert c.feature == "LITANI" and c.modifiers[0].kind == "side"
    assert all(m.feature != "BLUE_LINE" or m is not c.modifiers[0] for m in c.modifiers)


def test_a_relative_clause_after_a_town_gives_no_zone_of_its_own() -> None:
    (c,) = clauses("Hezbollah fighters must stay in Nabatieh, which lies 20 km from the border.",
                   "lebanon")
    assert c.place is not None and c.place.text == "Nabatieh" and c.modifiers[0].kind == "at"
    assert not any(m.km for m in c.modifiers)


def test_a_relative_clause_after_an_unknown_place_gives_no_km() -> None:
    (c,) = clauses("Chinese troops were supposed to withdraw from Pangong Tso, which lies about 130 "
                   "km from Leh.", "none")
    assert c.actor == "CHN" and not any(m.km for m in c.modifiers)


def test_the_width_of_a_buffer_zone_is_its_km() -> None:
    got = [(m.kind, m.km) for _, m in bare_distances("a buffer zone of about 3 km, then 7 km away")]
    assert got == [("beyond", 3), ("distance", 7)]


# 3. Not clauses: hypotheticals, forecasts, opinions, requests of non-parties, plans.

@pytest.mark.parametrize(("text", "name"), [
    ("If Hezbollah were to withdraw north of the Litani, Israel would halt its strikes.", "lebanon"),
    ("Hezbollah is likely to withdraw north of the Litani within weeks.", "lebanon"),
    ("Hezbollah is expected to withdraw north of the Litani within weeks.", "lebanon"),
    ("Israeli troops would remain at five points inside Lebanon after the deadline, officials said.",
     "lebanon"),
    ("Analysts say Hezbollah should pull back north of the Litani.", "lebanon"),
    ("Experts believe Ukraine should withdraw its forces 2 km from the line of contact.", "donbas"),
    ("Local councils in the south asked the Lebanese army to deploy in their villages.", "lebanon"),
    ("Mayors of border villages called on the Lebanese army to deploy in their towns.", "lebanon"),
    ("Residents of Zolote asked Ukrainian forces to pull back from the village.", "donbas"),
    ("The Russian army said it planned to set up eight observation posts on the Golan.", "mini"),
    ("Israeli officers would not commit to any timetable for a withdrawal from Lebanon.", "lebanon"),
    ("Israel has not agreed to keep its troops 5 km from the border.", "lebanon"),
])
def test_no_clause(text: str, name: str) -> None:
    assert clauses(text, name) == []


def test_a_party_asking_is_still_a_demand() -> None:
    (c,) = clauses("Israel asked that Iranian forces stay 70 km from the Golan.")
    assert c.actor == "IRN" and c.status == "demand"


# 4. Offers, rejections and withdrawals of offers, with their status.

@pytest.mark.parametrize(("later", "status"), [
    ("Israel rejected the idea.", "rejected"),
    ("Israel turned down the proposal on Tuesday.", "rejected"),
    ("Moscow later dropped the offer.", "withdrawn"),
    ("The proposal was withdrawn a week later.", "withdrawn"),
    ("Israel accepted the offer.", "agreed"),
])
def test_the_fate_of_an_offer_named_before(later: str, status: str) -> None:
    (c,) = clauses("Russia offered to keep Iranian forces 85 km from the border. " + later)
    assert c.status == status and c.modifiers[0].km == 85 and c.quote.startswith("Russia offered")


def test_an_offer_withdrawn_in_its_own_sentence_is_no_sighting() -> None:
    found = read_text("Russia withdrew its offer to keep Iranian forces 85 km from the Golan.",
                      pack("golan"), published=PUBLISHED).claims
    (c,) = found
    assert (c.kind, c.actor, c.status, c.modifiers[0].km) == ("clause", "IRN", "withdrawn", 85)


def test_a_plan_rejected_in_its_own_sentence() -> None:
    (c,) = clauses("Israel turned down a French plan for Israeli forces to withdraw from southern "
                   "Lebanon.", "lebanon")
    assert (c.actor, c.status) == ("ISR", "rejected")


def test_a_future_stay_with_the_deal_named_after_it_is_a_position() -> None:
    found = read_text("Israeli troops would remain at five points in southern Lebanon after the "
                      "deadline under the ceasefire deal, officials said.", pack("lebanon"),
                      published=PUBLISHED).claims
    (c,) = found
    assert (c.kind, c.actor, c.predicate) == ("position", "ISR", "seen")


def test_a_stay_after_the_deal_that_sets_it_is_a_term() -> None:
    (c,) = clauses("Under the ceasefire deal, Israeli troops were to remain at five points in "
                   "southern Lebanon.", "lebanon")
    assert (c.actor, c.status) == ("ISR", "agreed")


def test_leaving_a_place_names_it() -> None:
    (c,) = clauses("Under the deal, Hezbollah fighters were to leave Khiam.", "lebanon")
    assert c.place is not None and c.place.text == "Khiam"


@pytest.mark.parametrize("text", [
    "Hezbollah rejected demands that it withdraw north of the Litani.",
    "Hezbollah rejected a US proposal that its fighters pull back north of the Litani.",
])
def test_a_pronoun_in_a_rejected_term_is_the_one_who_rejects(text: str) -> None:
    (c,) = clauses(text, "lebanon")
    assert (c.actor, c.status, c.feature) == ("IRN.PROXY.HEZBOLLAH", "rejected", "LITANI")


def test_a_pronoun_after_a_rejection_of_an_earlier_offer_is_no_new_term() -> None:
    (c,) = clauses("Russia offered to keep Iranian forces 85 km from the border. Israel rejected "
                   "the offer, saying it was not enough.")
    assert (c.actor, c.status) == ("IRN", "rejected") and c.quote.startswith("Russia offered")


def test_arms_with_no_owner_belong_to_the_parties_named_before() -> None:
    (c,) = clauses("Ukrainian forces and the separatists signed the deal. Under the accord, heavy "
                   "weapons were to be moved 50 km from the line of contact.", "donbas")
    assert set(c.actors) == {"UKR.AF", "RUS.SEP"} and c.modifiers[0].km == 50 and c.status == "agreed"
    assert clauses("Under the accord, heavy weapons were to be moved 50 km from the line of contact.",
                   "donbas") == []  # nobody named: no actor to bind


@pytest.mark.parametrize(("text", "name"), [
    ("Footage showed Israeli and Lebanese soldiers face to face at Wadi Hunin, after the Lebanese "
     "side demanded that Israel stop what it was doing.", "lebanon"),  # nothing asked for a place
    ("Should Israel keep to this and leave the area, the deadline will pass.", "lebanon"),
    ("Saying it wants to stop smuggling, the Syrian army began building a road near Nawa.", "mini"),
    ("Protests grew against a rule that drivers with Israeli plates must put on new ones when they "
     "enter Quneitra.", "mini"),  # a duty of drivers, not of an actor
])
def test_no_clause_of_a_party(text: str, name: str) -> None:
    assert clauses(text, name) == []


def test_an_actor_excepted_is_not_bound_and_all_sides_are_the_parties_before() -> None:
    (c,) = clauses("Russia and Israel met in Sochi. All sides must keep all armed forces except "
                   "UNDOF peacekeepers 10 km from the border.")
    assert set(c.actors) == {"RUS", "ISR"} and "UN.UNDOF" not in c.actors


def test_armed_forces_of_a_passive_duty_are_the_parties_named_before() -> None:
    (c,) = clauses("Ukraine, Russia and the separatists signed a framework agreement in 2016. Armed "
                   "forces are to be pulled back from the line of contact so that each zone is at "
                   "least one kilometre wide.", "donbas")
    assert c.status == "agreed" and c.actors and c.modifiers[0].km == 1


def test_a_duty_in_a_relative_clause_with_no_place_is_kept() -> None:
    (c,) = clauses("Lebanon fears that Israel means to keep five hilltops in the south after March 1, "
                   "the date by which Israel has to be fully out of the country.", "lebanon")
    assert "ISR" in c.actors and c.status == "demand"


def test_agreeing_with_someone_to_leave_is_an_agreed_term() -> None:
    (c,) = clauses("Syrian rebels agree with the government to leave Quneitra, state media say", "golan")
    assert (c.actor, c.status) == ("REBEL", "agreed") and c.place is not None


def test_the_other_party_of_a_deal_is_not_the_one_the_term_binds() -> None:
    (c,) = clauses("Russia struck a deal with Israel to keep Iranian forces 85 km from the border.")
    assert c.actors == ["IRN"] and c.modifiers[0].km == 85
    (d,) = clauses("Russia reached a deal with Iran under which Iranian forces will stay 85 km from "
                   "the border.")
    assert d.actor == "IRN"  # the party named alone after "with" is the one the term binds


def test_a_title_is_restated_by_the_lead() -> None:
    found = clauses("Iranian forces to stay 85 km from the border under Russian deal\n\nUnder a "
                    "deal Russia has reached, Iranian forces are to stay 85 km from the border.")
    assert [c.quote[:5] for c in found] == ["Under"]
