"""Clause claims and claim shape on sentences written for these tests: distances stated from a
region the pack declares, offers with their status, equipment as units, one claim per statement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from standoff.errors import StandoffError
from standoff.packs import load_pack
from standoff.read import read_text
from tests.read_helpers import MINIPACK, PUBLISHED, minipack


def claims(text: str):  # type: ignore[no-untyped-def]
    return read_text(text, minipack(), published=PUBLISHED).claims


def test_a_distance_from_a_region_is_measured_from_the_declared_feature() -> None:
    assert minipack().distance_from["the Golan"] == "LINE_A"
    (c,) = claims("Iranian units are now 30 km from the Golan, monitors said.")
    assert c.kind == "position" and c.feature == "LINE_A"
    assert (c.modifiers[0].kind, c.modifiers[0].km) == ("distance", 30)
    (d,) = claims("Russia offered to keep Iranian forces 85 km from the Golan.")
    assert d.kind == "clause" and d.feature == "LINE_A" and d.modifiers[0].km == 85


def test_without_a_declaration_the_distance_is_from_the_place() -> None:
    (c,) = claims("Iranian units are now 30 km from Nawa.")
    assert c.feature is None and c.place is not None and c.place.text == "Nawa"


def test_the_golan_pack_declares_its_regions() -> None:
    pack = load_pack("golan")
    assert pack.distance_from["the Golan"] == "LINE_A"
    assert set(pack.distance_from.values()) <= set(pack.features)


def test_an_unknown_feature_in_distance_from_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(MINIPACK, folder)
    meta = folder / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("Israel: LINE_A", "Israel: LINE_Q"),
                    encoding="utf-8")
    with pytest.raises(StandoffError, match=r"distance_from\.Israel: unknown feature 'LINE_Q'") as e:
        load_pack(folder)
    assert e.value.line is not None and e.value.line > 1


@pytest.mark.parametrize(("text", "status", "km"), [
    ("Russia offered to keep Iranian forces 85 km from the border.", "proposal", 85),
    ("Israel rejected a Russian offer to keep Iranian forces 100 km from the border.",
     "rejected", 100),
    ("Moscow withdrew its offer to keep Iranian forces 70 km from the border.", "withdrawn", 70),
    ("Israel accepted the Russian proposal to keep Hezbollah fighters 40 km from the border.",
     "agreed", 40),
    ("Israel demanded that Iranian forces stay 60 km from the border.", "demand", 60),
])
def test_offers_and_their_status(text: str, status: str, km: float) -> None:
    (c,) = [c for c in claims(text) if c.kind == "clause"]
    assert c.status == status and c.modifiers[0].km == km and c.predicate == "must_stay"


def test_a_later_rejection_gives_the_offer_named_before_its_status() -> None:
    found = claims("Russia offered to keep Iranian forces 85 km from the border. "
                   "Israel rejected the offer on Tuesday.")
    (offer,) = found  # one offer, one claim: it carries its fate
    assert offer.kind == "clause" and offer.status == "rejected" and offer.modifiers[0].km == 85
    assert offer.quote.startswith("Russia offered")


def test_a_rejection_with_nothing_offered_before_is_no_claim() -> None:
    assert claims("Israel rejected the offer.") == []


@pytest.mark.parametrize(("text", "unit"), [
    ("Syrian army units moved heavy weapons and air defences to the area near Nawa.",
     "heavy_weapon"),
    ("Syrian army units deployed air defences near Nawa.", "sam"),
    ("Israeli tanks entered Nawa on Monday.", "tank"),
    ("Iranian drones were spotted near Nawa.", "drone"),
    ("Syrian army artillery was stationed near Nawa.", "artillery"),
    ("Hezbollah fighters moved missiles into Nawa.", "missile"),
])
def test_equipment_words_become_units(text: str, unit: str) -> None:
    result = read_text(text, minipack(), published=PUBLISHED)
    (c,) = result.claims
    assert c.kind == "position" and c.unit == unit
    (o,) = result.observations
    assert o.unit == unit


def test_a_count_with_a_place_sizes_the_position() -> None:
    result = read_text("Around 2,000 Iranian troops were deployed near Nawa last week.",
                       minipack(), published=PUBLISHED)
    (c,) = result.claims
    assert (c.kind, c.count, c.unit) == ("position", 2000, "soldier")
    (o,) = result.observations
    assert (o.count, o.unit) == (2000, "soldier")


def test_a_count_in_a_country_stays_a_strength_claim_alone() -> None:
    (c,) = claims("Around 2,000 Iranian troops are now in Syria, officials said.")
    assert (c.kind, c.count) == ("strength", 2000)


@pytest.mark.parametrize("text", [
    "Hezbollah fighters were seen near Nawa and Hezbollah fighters were spotted near Nawa.",
    "Hezbollah fighters were seen near Nawa; Hezbollah fighters were seen near Nawa.",
    "Hezbollah fighters entered and were seen in Nawa.",
])
def test_one_statement_gives_one_claim(text: str) -> None:
    found = claims(text)
    assert len(found) == 1, [(c.predicate, c.quote) for c in found]


def test_a_place_named_with_its_country_is_the_precise_one() -> None:
    (c,) = claims("Syrian army units retook control of Syria's Quneitra on Monday.")
    assert c.place is not None and c.place.text == "Quneitra"


def test_the_owners_troops_are_the_owners() -> None:
    found = claims("Syrian troops were seen near Nawa. "
                   "Hezbollah's 300 fighters are deployed near Quneitra.")
    assert [(c.actor, c.place.text if c.place else None) for c in found] == [
        ("SYR", "Nawa"), ("IRN.PROXY.HEZBOLLAH", "Quneitra")]


@pytest.mark.parametrize("text", [
    "Russian police are there to ensure that no Iranian fighters are stationed within 85 km of "
    "the border, in keeping with an agreement reached with Israel.",
    "Under the deal, Iranian forces are to withdraw 85 km from the border.",
])
def test_terms_tied_to_an_agreement_are_agreed_clauses(text: str) -> None:
    (c,) = [c for c in claims(text) if c.kind == "clause"]
    assert c.modality == "agreed" and c.actor == "IRN" and c.modifiers[0].km == 85


def test_joint_patrols_are_presence() -> None:
    (c,) = claims("Russian military police conducted joint patrols near Nawa on Monday.")
    assert c.kind == "position" and c.predicate == "seen" and c.actor == "RUS"


def test_a_day_of_a_date_is_not_a_count() -> None:
    found = claims("Officials on July 6 said Syrian troops entered Nawa.")
    assert [c.kind for c in found] == ["position"] and found[0].count is None


def test_a_distance_glossing_a_place_locates_that_place() -> None:
    (c,) = claims("Syrian army units took over the village of Mashara, some 11 km from the border.")
    assert c.place is not None and c.place.text == "Mashara" and not c.place.resolved
    assert c.feature == "LINE_A" and c.modifiers[0].km == 11


def test_an_actor_named_like_a_place_is_the_actor() -> None:
    (c,) = claims("More than half of Hezbollah's 300 fighters are deployed near Nawa.")
    assert c.actor == "IRN.PROXY.HEZBOLLAH" and c.place is not None and c.place.text == "Nawa"


def test_returning_is_presence() -> None:
    (c,) = claims("UN peacekeepers returned to Nawa on Monday.")
    assert c.kind == "position" and c.predicate == "deployed" and c.place.text == "Nawa"


@pytest.mark.parametrize(("text", "actor"), [
    ("Israeli tanks entered Nawa on Monday.", "ISR"),
    ("Turkey withdrew soldiers from an observation post near Nawa.", "TUR"),
    ("UNIFIL peacekeepers were at a position near Nawa.", "UN.UNIFIL"),
    ("IDF troops were seen near Nawa.", "ISR.IDF"),
])
def test_without_a_pack_states_and_missions_are_actors(text: str, actor: str) -> None:
    (c,) = read_text(text, published=PUBLISHED).claims
    assert c.actor == actor and c.place is not None and c.place.text == "Nawa"


@pytest.mark.parametrize(("text", "place"), [
    ("Syrian army units are withdrawing from a post in northwest Nawa.", "Nawa"),
    ("Syrian army units deployed in the southeastern town of Nawa on Monday.", "Nawa"),
])
def test_a_direction_or_kind_between_preposition_and_name(text: str, place: str) -> None:
    (c,) = claims(text)
    assert c.place is not None and c.place.text == place


def test_an_event_before_a_plan_is_still_an_event() -> None:
    (c,) = claims("Syrian army units, in coordination with Russian military police, expanded "
                  "their deployment in Nawa on Thursday as part of a plan to secure the south.")
    assert (c.kind, c.actor, c.predicate, c.modality) == ("position", "SYR.SAA", "deployed", "asserted")


def test_reaching_an_agreement_is_no_arrival_but_an_agreed_term() -> None:
    found = claims("Russia reached an agreement with Iran to withdraw Iranian forces 85 km "
                   "from the border.")
    assert [c.kind for c in found] == ["clause"]
    assert found[0].modality == "agreed" and found[0].modifiers[0].km == 85


def test_a_dateline_is_not_part_of_the_speaker() -> None:
    (c,) = claims("Beirut, Lebanon - UN peacekeepers in Tafas said Hezbollah fighters entered "
                  "Nawa on Monday.")
    assert c.attribution == "UN peacekeepers in Tafas" and c.place is not None
    assert c.place.text == "Nawa" and c.actor == "IRN.PROXY.HEZBOLLAH"
