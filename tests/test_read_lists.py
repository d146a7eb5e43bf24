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


def test_a_list_with_glosses_in_brackets_and_including() -> None:
    got = positions("Israeli troops held positions at Yaroun (Bint Jbeil district), Rmeish (Bint Jbeil) "
                    "and a new outpost near the Blida crossroads on Monday.")
    assert {("ISR", "Yaroun"), ("ISR", "Rmeish")} <= got
    got = positions("Lebanese troops took control of Srifa and nearby villages including Qana on Sunday.")
    assert {("LBN.LAF", "Srifa"), ("LBN.LAF", "Qana")} <= got


def test_the_agent_of_a_passive_event_is_the_actor() -> None:
    got = positions("A checkpoint was set up by Hezbollah fighters in Wazzani on Monday.")
    assert got == {("IRN.PROXY.HEZBOLLAH", "Wazzani")}
    got = positions("Khiam was surrounded by Israeli troops on Monday.")
    assert got == {("ISR", "Khiam")}


def test_the_area_and_there_are_the_place_named_before() -> None:
    text = ("Hezbollah fighters were seen in Wazzani on Monday. Lebanese soldiers patrolled the area "
            "on Tuesday. Lebanese soldiers are still there.")
    got = read_text(text, lebanon(), published=PUBLISHED).claims
    lebanese = [c for c in got if c.actor == "LBN.LAF"]
    assert [c.place.name for c in lebanese if c.place] == ["Wazzani", "Wazzani"]


def test_a_sentence_with_a_place_of_its_own_takes_no_anaphora() -> None:
    text = "Hezbollah fighters were seen in Wazzani on Monday. Lebanese troops entered Qana and the area."
    assert ("LBN.LAF", "Wazzani") not in positions(text)


def test_a_name_or_compound_is_no_event() -> None:
    # "Control" of a name and "-controlled" of a compound are no predicates
    assert positions("The Joint Centre for Control in Naqoura met on Monday.") == set()
    got = positions("Near Hezbollah-controlled Wazzani, Lebanese soldiers patrolled on Monday.")
    assert ("IRN.PROXY.HEZBOLLAH", "Wazzani") not in got


def test_an_actor_inside_a_place_name_is_no_actor() -> None:
    got = positions("The UNIFIL force on the border between Lebanon and Israel patrolled Naqoura on Monday.")
    assert not any(actor in ("LBN", "ISR") for actor, _ in got)


def test_an_event_of_a_relative_clause_is_not_the_main_event() -> None:
    got = read_text("The hill where Hezbollah fighters had set up tents was captured by Israeli troops "
                    "on Monday near Kfar Shouba.", lebanon(), published=PUBLISHED).claims
    assert {(c.actor, c.predicate) for c in got if c.kind == "position"} == {("ISR", "entered")}


def test_coordinated_demonyms_are_two_actors() -> None:
    def world(text: str) -> set[tuple[str, str | None]]:  # no pack: the world's actors
        got = read_text(text, published=PUBLISHED).claims
        return {(c.actor, c.place.name if c.place else None) for c in got if c.kind == "position"}

    assert {("TUR", "Aleppo"), ("RUS", "Aleppo")} <= world(
        "Turkish and Russian troops patrolled near Aleppo on Monday.")
    assert {("TUR", "Aleppo"), ("RUS", "Aleppo")} <= world(
        "A joint Turkish-Russian patrol was seen in Aleppo on Monday.")


def test_those_alongside_the_actor_are_there_too() -> None:
    got = positions("UNIFIL peacekeepers patrolled Naqoura alongside Lebanese soldiers on Monday.")
    assert {("UN.UNIFIL", "Naqoura"), ("LBN.LAF", "Naqoura")} <= got


def test_places_describing_a_route_are_not_where_the_actor_is() -> None:
    got = positions("Lebanese soldiers patrolled the coastal road that runs from Naqoura to Tyre on Monday.")
    assert ("LBN.LAF", "Tyre") not in got and ("LBN.LAF", "Naqoura") not in got


def test_southern_lebanon_is_a_region_not_the_country() -> None:
    got = positions("Israeli troops remained in southern Lebanon on Monday.")
    assert got == {("ISR", "southern Lebanon")}


def test_the_surrounded_and_the_other_side_of_a_clash_are_there_too() -> None:
    got = positions("Israeli troops surrounded a Lebanese army checkpoint in Khiam on Monday.")
    assert {("ISR", "Khiam"), ("LBN.LAF", "Khiam")} <= got
    got = positions("Hezbollah fighters clashed with Israeli troops in Wazzani on Monday.")
    assert {("IRN.PROXY.HEZBOLLAH", "Wazzani"), ("ISR", "Wazzani")} <= got


def test_a_tank_that_attacks_is_at_the_place_a_jet_is_not() -> None:
    got = read_text("An Israeli tank attacked a Lebanese army post in Khiam on Monday. Israeli jets struck "
                    "Hezbollah fighters in Wazzani on Tuesday.", lebanon(), published=PUBLISHED).claims
    where = {(c.actor, c.place.name if c.place else None, c.target) for c in got if c.kind == "position"}
    assert ("LBN.LAF", "Khiam", True) in where and ("ISR", "Khiam", False) in where
    assert ("IRN.PROXY.HEZBOLLAH", "Wazzani", True) in where
    assert not any(actor == "ISR" and place == "Wazzani" for actor, place, _ in where)


def test_a_place_that_owns_a_force_is_the_actor() -> None:
    got = read_text("More than half of UNIFIL's 10,000 troops are deployed in Naqoura.", lebanon(),
                    published=PUBLISHED).claims
    assert {(c.actor, c.place.name if c.place else None) for c in got if c.kind == "position"} == {
        ("UN.UNIFIL", "Naqoura")}


def test_will_remain_at_is_presence_now() -> None:
    got = positions("A military spokesman said on Monday that Israeli troops would remain at Hamames hill "
                    "beyond the deadline.")
    assert got == {("ISR", "Hamames hill")}


def test_what_observers_saw_is_placed_and_the_observers_are_its_source() -> None:
    # a monitoring force reports what it saw: the seen are placed, the observers attributed
    # (they are placed too only where the sentence says where they were: test_read_monitors)
    claims = [c for c in read_text("UNIFIL peacekeepers saw Israeli tanks in Khiam on Monday.", lebanon(),
                                   published=PUBLISHED).claims if c.kind == "position"]
    assert {(c.actor, c.place.text if c.place else None) for c in claims} in (
        {("ISR.IDF", "Khiam")}, {("ISR", "Khiam")})
    assert all("UNIFIL" in c.attribution for c in claims)


def test_too_repeats_the_place_of_the_event_before() -> None:
    got = positions("Israeli troops withdrew from Khiam on Monday. Hezbollah fighters have left too.")
    assert {("ISR", "Khiam"), ("IRN.PROXY.HEZBOLLAH", "Khiam")} <= got


def test_a_unit_of_an_actor_named_by_its_owner() -> None:
    got = read_text("The Lebanese army's 5th Brigade entered Qana on Monday.", lebanon(), published=PUBLISHED,
                    ner="all").claims
    assert {c.actor for c in got if c.kind == "position"} == {"LBN.LAF"}


def test_building_and_hoisting_flags_are_presence() -> None:
    got = positions("Israeli troops built embankments at Jabal Blat on Monday. Lebanese soldiers hoisted "
                    "flags in Qana on Tuesday.")
    assert {("ISR", "Jabal Blat"), ("LBN.LAF", "Qana")} <= got


def test_unknown_villages_named_by_their_kind_stay_unresolved_positions() -> None:
    got = read_text("Hezbollah fighters attacked the villages of Kfar Zebdeen, Ain Qunya and Wadi Jamil "
                    "on Monday. Israeli troops raided the Beit Harun village on Tuesday.", lebanon(),
                    published=PUBLISHED).claims
    where = {(c.actor, c.place.text) for c in got if c.kind == "position" and c.place}
    assert {("IRN.PROXY.HEZBOLLAH", "Kfar Zebdeen"), ("IRN.PROXY.HEZBOLLAH", "Ain Qunya"),
            ("IRN.PROXY.HEZBOLLAH", "Wadi Jamil"), ("ISR", "Beit Harun")} <= where
    assert all(c.place is not None and not c.place.resolved and c.place.lat is None
               for c in got if c.kind == "position")


def test_patrols_that_would_begin_are_a_plan() -> None:
    assert positions("The deal said joint Lebanese patrols would begin on March 15 in Qana.") == set()


def test_a_news_agency_is_not_a_place() -> None:
    got = positions("Israeli troops entered Khiam, the Tyre news agency said on Monday. Hezbollah fighters "
                    "are still there.")
    assert ("IRN.PROXY.HEZBOLLAH", "Khiam") in got
    assert not any(place == "Tyre" for _, place in got)


def test_the_actor_of_an_event_noun_is_what_follows_of() -> None:
    got = positions("UNIFIL peacekeepers reported a strong presence of Hezbollah fighters in Wazzani "
                    "on Monday.")
    assert ("IRN.PROXY.HEZBOLLAH", "Wazzani") in got


def test_agreed_with_someone_on_a_deployment_is_a_term_not_a_sighting() -> None:
    got = read_text("Hezbollah said it had agreed with Lebanese officers on the deployment of Lebanese "
                    "troops near Qana.", lebanon(), published=PUBLISHED).claims
    assert not [c for c in got if c.kind == "position"]
    assert [c for c in got if c.kind == "clause" and c.status == "agreed"]


def test_troops_are_the_force_named_before_even_an_operation() -> None:
    got = read_text("The commander of the Joint Forces Operation said on Monday that troops withdrew from "
                    "Zolote.", load_pack("donbas"), published=PUBLISHED).claims
    assert {(c.actor, c.place.name if c.place else None) for c in got if c.kind == "position"} == {
        ("UKR.AF", "Zolote")}


def test_took_a_place_is_taking_it_but_took_place_is_not() -> None:
    assert positions("Lebanese troops took the Qana crossroads on Monday.") == {("LBN.LAF", "Qana")}
    assert positions("Talks with Lebanese officers took place in Qana on Monday.") == set()
    assert positions("Lebanese troops took the decision to stay out of Qana on Monday.") == set()


def test_walking_with_the_head_of_a_group_puts_the_group_there_too() -> None:
    got = positions("Footage showed Lebanese soldiers walking along the Blue Line with the head of "
                    "Hezbollah's southern command on Monday.")
    assert {("LBN.LAF", "Blue Line"), ("IRN.PROXY.HEZBOLLAH", "Blue Line")} <= got


def test_the_area_as_a_subject_is_the_place_named_before() -> None:
    got = positions("Israeli jets struck near Wazzani on Monday. The area has a strong presence of Hezbollah "
                    "fighters, residents said.")
    assert ("IRN.PROXY.HEZBOLLAH", "Wazzani") in got
