"""Classes of position claims the reader missed on real news, each on sentences written for
these tests: passive agents, presence in relative clauses, where a move ends, second events
of the same subject, the carried, affiliated bodies, facilities named with their kind, places
that refer back, and where people come from."""

from __future__ import annotations

import pytest

from standoff.read import read_text
from tests.read_helpers import PUBLISHED, minipack


def positions(text: str):  # type: ignore[no-untyped-def]
    return [c for c in read_text(text, minipack(), published=PUBLISHED).claims
            if c.kind == "position"]


def placed(text: str) -> set[tuple[str, str]]:
    """(actor, place text) of every position claim."""
    return {(c.actor, c.place.text) for c in positions(text) if c.place is not None}


def test_the_agent_of_a_passive_with_a_time_between() -> None:
    text = "Nawa and two other villages were surrounded last week by advancing Syrian army units."
    assert placed(text) == {("SYR.SAA", "Nawa")}


def test_the_patient_of_a_passive_is_not_its_agent() -> None:
    # the subject holds an actor (Iranian posts) but the agent is the one who surrounded them
    text = "Two Iranian posts near Nawa were surrounded on Monday by Syrian army units."
    assert {a for a, _ in placed(text)} == {"SYR.SAA"}


@pytest.mark.parametrize("text", [
    "Officials said Iranian advisers may be among Syrian army units who remain close to Quneitra.",
    "Observers counted Syrian army units that are stationed in Quneitra.",
])
def test_presence_said_in_a_relative_clause(text: str) -> None:
    assert placed(text) == {("SYR.SAA", "Quneitra")}


def test_a_relative_clause_of_time_stays_background() -> None:
    # the only event is in a phrase of time: no claim
    assert positions("Talks resumed after Syrian army units had entered Nawa.") == []


def test_a_move_ends_where_it_goes_not_where_it_started() -> None:
    text = ("A column of Israeli troops crossed from the Israeli side of the Golan Heights and "
            "advanced into Nawa.")
    assert placed(text) == {("ISR.IDF", "Nawa")}


def test_a_second_event_of_the_same_subject_after_with() -> None:
    text = "Israeli troops mobilized near Quneitra, with a tank advancing toward Nawa."
    assert placed(text) == {("ISR.IDF", "Quneitra"), ("ISR.IDF", "Nawa")}


def test_the_carried_are_the_subject_of_their_vehicles() -> None:
    assert placed("Two trucks carrying Hezbollah fighters entered Nawa at dawn.") == {
        ("IRN.PROXY.HEZBOLLAH", "Nawa")}


def test_an_affiliated_force_is_the_body_it_belongs_to() -> None:
    assert placed("Hezbollah-affiliated gunmen occupy a hill near Nawa.") == {
        ("IRN.PROXY.HEZBOLLAH", "Nawa")}


def test_a_force_noun_after_a_name_is_part_of_it_not_a_reference_back() -> None:
    # "forces" after "Syrian army" is not the Iranian forces named before
    text = "Iranian forces left Nawa. Syrian army forces were seen near Quneitra."
    assert ("SYR.SAA", "Quneitra") in placed(text)
    assert ("IRN", "Quneitra") not in placed(text)


def test_a_facility_named_with_its_kind_keeps_the_kind_in_its_name() -> None:
    (c,) = positions("Syrian army units took over the Qarqaz Dahr crossing without a fight.")
    assert c.actor == "SYR.SAA" and c.place is not None
    assert c.place.text == "Qarqaz Dahr crossing" and not c.place.resolved


def test_the_last_enclave_refers_back_to_the_place_named_before() -> None:
    text = ("Russian troops patrolled Nawa on Monday. On Tuesday, Russian troops entered the last "
            "rebel enclave in Syria's south.")
    got = [c for c in positions(text) if c.place is not None and "enclave" in c.place.text]
    assert len(got) == 1 and got[0].place is not None and got[0].place.name == positions(text)[0].place.name


def test_where_people_come_from_is_not_where_the_event_is() -> None:
    assert placed("Residents of Nawa approached an UNDOF patrol near Quneitra.") == {
        ("UN.UNDOF", "Quneitra")}


@pytest.mark.parametrize(("text", "predicate"), [
    ("Israeli troops mobilized near Quneitra overnight.", "deployed"),
    ("Syrian army units returned to their former positions near Quneitra.", "deployed"),
    ("Syrian army units reoccupied Quneitra.", "deployed"),
])
def test_more_predicates_of_presence(text: str, predicate: str) -> None:
    (c,) = positions(text)
    assert c.predicate == predicate and c.place is not None and c.place.text == "Quneitra"


def test_a_place_named_with_who_holds_it() -> None:
    assert placed("An UNDOF team was seen in government-controlled Quneitra on Monday.") == {
        ("UN.UNDOF", "Quneitra")}


def test_a_distance_in_brackets_glosses_the_place_before_it() -> None:
    (c,) = positions("An UNDOF team was seen in Quneitra (7 km north of Hader) on Monday.")
    assert c.place is not None and c.place.text == "Quneitra"
    assert [m.km for m in c.modifiers] == [7.0]


def test_an_event_with_no_agent_after_while_is_the_first_clause_s_subject() -> None:
    text = ("Israeli troops shelled a hill near Quneitra, while raids were carried out in the "
            "eastern area of Kafr Dumeir, residents said.")
    assert placed(text) == {("ISR.IDF", "Quneitra"), ("ISR.IDF", "Kafr Dumeir")}


def test_an_agentless_event_after_but_takes_no_actor() -> None:
    text = "Israeli troops shelled a hill near Quneitra, but raids were carried out in Nawa."
    assert placed(text) == {("ISR.IDF", "Quneitra")}


def test_a_named_group_the_pack_lacks_is_an_actor_of_its_own() -> None:
    got = placed("The Rijal al-Karamah factions clashed with Hezbollah fighters in Nawa.")
    assert got == {("UNKNOWN:Rijal al-Karamah factions", "Nawa"), ("IRN.PROXY.HEZBOLLAH", "Nawa")}


def test_one_area_of_a_name_is_no_list_and_a_medium_is_no_place() -> None:
    text = "Raids were carried out by Israeli troops in the area of Kafr Dumeir, Qatna news agency said."
    assert placed(text) == {("ISR.IDF", "Kafr Dumeir")}
    text = "Israeli troops raided the villages of Kafr Dumeir, Umm Batna and Jaba."
    assert {p for _, p in placed(text)} == {"Kafr Dumeir", "Umm Batna", "Jaba"}


def test_places_counted_not_named_when_nothing_more_precise_is_named() -> None:
    (c,) = positions('Israel said its troops will remain at three "strategic points" inside Lebanon.')
    assert c.place is not None and not c.place.resolved
    assert c.place.text.replace('"', "") == "three strategic points"
    # a named place wins over the count
    (c,) = positions("Israel said its troops will remain at three strategic points near Quneitra.")
    assert c.place is not None and c.place.text == "Quneitra"


def test_the_un_buffer_zone_is_the_area_of_separation_in_the_golan_pack() -> None:
    from standoff.packs import load_pack

    got = read_text("Israeli troops built two posts inside the UN buffer zone.", load_pack("golan"),
                    published=PUBLISHED).claims
    assert [(c.actor, c.place.text if c.place else None, c.feature) for c in got] == [
        ("ISR", "the UN buffer zone", "AOS")]


def test_settlements_named_as_examples_of_their_kind() -> None:
    text = "Syrian army units took control of Quneitra and nearby villages including Tell Zuhayrat."
    assert placed(text) == {("SYR.SAA", "Quneitra"), ("SYR.SAA", "Tell Zuhayrat")}


def test_a_gapped_second_subject_shares_the_event() -> None:
    text = "Syrian army units pulled back 5 km from Quneitra, and Hezbollah fighters by 10 km."
    assert placed(text) == {("SYR.SAA", "Quneitra"), ("IRN.PROXY.HEZBOLLAH", "Quneitra")}
    # a second subject with a verb of its own is its own event
    text = "Syrian army units pulled back from Quneitra, and Hezbollah fighters entered Nawa."
    assert placed(text) == {("SYR.SAA", "Quneitra"), ("IRN.PROXY.HEZBOLLAH", "Nawa")}


@pytest.mark.parametrize("text", [
    "Syrian army units are still close to Quneitra.",
    "Officials said Iranian advisers serve with Syrian army units who are now closer to Quneitra.",
])
def test_presence_said_with_a_copula_and_close_to(text: str) -> None:
    assert placed(text) == {("SYR.SAA", "Quneitra")}


def test_the_carried_are_the_subject_inside_a_quote() -> None:
    text = '"Trucks transporting Hezbollah fighters and Syrian army officers entered Nawa," he said.'
    assert ("IRN.PROXY.HEZBOLLAH", "Nawa") in placed(text)


def test_a_fronted_while_clause_ends_at_its_comma_and_shares_the_scene() -> None:
    text = ("At dawn, while UNDOF observers were in their shelters, two Israeli tanks broke the gate "
            "and entered the post near Quneitra.")
    assert placed(text) == {("UN.UNDOF", "Quneitra"), ("ISR", "Quneitra")}
    # a "while" clause after the main one keeps its own place
    text = "Israeli troops entered Nawa, while Hezbollah fighters were in Quneitra."
    assert placed(text) == {("ISR.IDF", "Nawa"), ("IRN.PROXY.HEZBOLLAH", "Quneitra")}
