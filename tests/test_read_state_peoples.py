"""Pack-less theatres where the actor is only a people's name: demonyms of every state, their
plurals, and the abbreviations of a state before a force noun (sentences of our own)."""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.actors import find_actors
from standoff.read.packnames import world_pack

PUBLISHED = date(2024, 3, 15)


def world(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in find_actors(text, world_pack())]


def positions(text: str) -> set[tuple[str, str]]:
    return {(c.actor, c.place.text) for c in read_text(text, published=PUBLISHED).claims
            if c.kind == "position" and c.place is not None}


@pytest.mark.parametrize(("text", "actor", "place"), [
    ("Moroccan troops were deployed to Laayoune on Monday.", "MAR", "Laayoune"),
    ("Azerbaijani forces took up positions near Lachin on Tuesday.", "AZE", "Lachin"),
    ("Kenyan soldiers of the AU mission were stationed in Kismayo.", "KEN", "Kismayo"),
    ("Sudanese troops entered Abyei on Thursday.", "SDN", "Abyei"),
    ("Colombian soldiers were stationed in Cucuta.", "COL", "Cucuta"),
    ("Belarusian troops massed near Brest on Friday.", "BLR", "Brest"),
    ("Burkinabe soldiers withdrew from Djibo on Monday.", "BFA", "Djibo"),
    ("Nigerien troops patrolled Tillaberi on Monday.", "NER", "Tillaberi"),
])
def test_a_demonym_before_a_force_noun_is_the_state_in_any_theatre(text: str, actor: str,
                                                                    place: str) -> None:
    assert (actor, place) in positions(text)


def test_demonyms_that_also_name_peoples_of_other_states_are_the_state_before_a_force() -> None:
    """"Tajik", "Uzbek", "Kyrgyz", "Kazakh", "Azeri": peoples across borders, the state's forces."""
    found = world("Tajik border guards clashed with Kyrgyz troops while Uzbek soldiers and Azeri "
                  "forces watched, and Kazakh units stayed home.")
    assert ("Tajik border guards", "TJK.BG") in found and ("Kyrgyz troops", "KGZ") in found
    assert ("Uzbek soldiers", "UZB") in found and ("Azeri forces", "AZE") in found
    assert ("Kazakh units", "KAZ") in found
    got = positions("Tajik border guards clashed with Kyrgyz troops near Isfara on Thursday.")
    assert got == {("TJK.BG", "Isfara"), ("KGZ", "Isfara")}  # "Kyrgyz" is no unknown place
    assert ("AZE", "Lachin") in positions("Azeri forces entered Lachin on Monday.")
    # without a force noun they stay peoples
    assert world("Uzbek and Tajik families fled.") == []


def test_a_peoples_plural_acting_as_an_army_is_the_state() -> None:
    assert ("MAR", "Laayoune") in positions("The Moroccans moved into Laayoune on Saturday.")
    assert ("ARM", "Stepanakert") in positions("Armenians shelled positions near Stepanakert on Monday.")
    assert world("The Somalis have reportedly attacked the convoy.") == [("Somalis", "SOM")]


def test_a_peoples_plural_after_its_forces_is_the_state() -> None:
    text = "Armenian troops left Goris on Monday. Later the Armenians withdrew from Stepanakert."
    assert ("ARM", "Stepanakert") in positions(text)


def test_people_counted_or_fleeing_are_no_army() -> None:
    assert positions("Thousands of Armenians fled Stepanakert on Monday.") == set()
    assert positions("Armenians fled Stepanakert on Monday.") == set()
    assert world("Many Moroccans moved into Laayoune.") == []
    # the state named, not its forces: its people fleeing are still civilians
    assert positions("Armenia protested. Armenians fled Stepanakert on Monday.") == set()


def test_us_and_uk_before_a_force_noun_are_the_states() -> None:
    assert ("USA", "Manbij") in positions("US troops entered Manbij on Monday.")
    assert ("GBR", "Basra") in positions("UK forces entered Basra on Monday.")
    assert world("The US said nothing.") == [("US", "USA")]


@pytest.mark.parametrize(("text", "name", "code"), [
    ("KDF soldiers crossed the border.", "KDF", "KEN.AF"),
    ("The Uganda People's Defence Force moved north.", "Uganda People's Defence Force", "UGA.AF"),
    ("The SSPDF moved north.", "SSPDF", "SSD.AF"),
    ("FAMa soldiers moved north.", "FAMa", "MLI.AF"),
    ("The Tatmadaw moved north.", "Tatmadaw", "MMR.AF"),
    ("PLA troops moved north.", "PLA", "CHN.AF"),
    ("The Syrian Arab Army moved north.", "Syrian Arab Army", "SYR.AF"),
    ("BSF troops moved north.", "BSF", "IND.BSF"),
    ("Pakistani Rangers moved north.", "Pakistani Rangers", "PAK.RANGERS"),
])
def test_national_forces_by_their_own_names(text: str, name: str, code: str) -> None:
    assert (name, code) in world(text)


def test_a_state_name_before_a_service_is_that_service() -> None:
    """"Kosovo Police", "the Myanmar military": the state's name, no possessive, then the service."""
    assert ("Kosovo Police", "XKX.POL") in world("The Kosovo Police entered Zvecan.")
    assert ("Myanmar military", "MMR.AF") in world("The Myanmar military entered Sittwe.")


def test_a_state_inside_a_longer_state_name_is_not_that_state() -> None:
    found = world("The South Sudan People's Defence Forces entered Abyei, and South Sudan said so.")
    assert ("South Sudan People's Defence Forces", "SSD.AF") in found and ("South Sudan", "SSD") in found
    assert not [code for _, code in found if code == "SDN"]


def test_a_verb_inside_an_actors_name_is_not_the_event() -> None:
    """"guard" in "national guard" or "border guards" is part of the name; the event is the verb after."""
    got_at = positions("Cypriot national guard troops patrolled near Nicosia.")  # no time: no parse
    assert got_at == {("CYP.AF", "Nicosia")}
    got = read_text("Georgian border guards entered Gori.", published=PUBLISHED).claims
    assert [(c.actor, c.predicate) for c in got] == [("GEO.BG", "entered")]
