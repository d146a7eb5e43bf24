"""Who a claim is about, second round of blind-set classes, on sentences of our own.

Armed groups and services no pack names (rebels and militias by name, governments' forces,
branches of a state's forces, UN and regional missions, the sides of frozen conflicts, groups
only the text names); the actor taken from the right mention (the speaker is a source, a
fronted "after X left" clause is not the main clause's subject, "the group" is the armed group
named before); and equipment that takes the owner the text gives, or none.
"""

from __future__ import annotations

import functools
from datetime import date

from standoff.model import Pack
from standoff.packs import load_pack
from standoff.read import ReadResult, read_text
from standoff.read.actors import find_actors
from standoff.read.packnames import world_pack

DAY = date(2024, 5, 17)


def world(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in find_actors(text, world_pack())]


def read(text: str, pack: Pack | None = None) -> ReadResult:
    return read_text(text, pack, published=DAY)


def positions(result: ReadResult) -> list[tuple[str, str]]:
    """(actor, place text) of the position claims."""
    return [(c.actor, c.place.text if c.place else "") for c in result.claims if c.kind == "position"]


@functools.cache
def donbas() -> Pack:
    return load_pack("donbas")


# --- armed groups and forces no pack names ---------------------------------------------------


def test_rebel_groups_and_militias_by_name_in_several_theatres() -> None:
    found = world("M23 rebels held the hills while Houthi fighters, al-Shabaab and the Rapid Support "
                  "Forces fought on other fronts; the SDF and the PKK stayed put, as did HTS.")
    for pair in [("M23 rebels", "M23"), ("Houthi fighters", "IRN.PROXY.HOUTHI"), ("al-Shabaab", "SHABAAB"),
                 ("Rapid Support Forces", "SDN.RSF"), ("SDF", "SDF"), ("PKK", "PKK"), ("HTS", "REBEL.HTS")]:
        assert pair in found, (pair, found)


def test_governments_forces_named_by_government() -> None:
    found = world("GNA forces and the Libyan National Army traded fire, and troops of the Government "
                  "of National Accord moved east.")
    assert ("GNA forces", "LBY.GNA") in found and ("Libyan National Army", "LBY.LNA") in found
    assert ("Government of National Accord", "LBY.GNA") in found


def test_a_states_branches_are_under_the_state() -> None:
    found = world("The Yemeni coast guard, the Indian Navy, Georgia's border police and the "
                  "Eritrean army were all mentioned, as were Chinese border troops.")
    assert ("Yemeni coast guard", "YEM.CG") in found and ("Indian Navy", "IND.AF.NAVY") in found
    assert ("Georgia's border police", "GEO.BG") in found and ("Eritrean army", "ERI.AF") in found
    assert ("Chinese border troops", "CHN.BG") in found


def test_un_and_regional_missions_and_un_troops() -> None:
    found = world("UN teams, U.N. troops, UNMHA, UNIFIL, UNDOF and EUMA were there with OSCE monitors.")
    for pair in [("UN teams", "UN"), ("U.N. troops", "UN"), ("UNMHA", "UN.UNMHA"), ("UNIFIL", "UN.UNIFIL"),
                 ("UNDOF", "UN.UNDOF"), ("EUMA", "EU.EUMA"), ("OSCE monitors", "OSCE.SMM")]:
        assert pair in found, (pair, found)


def test_the_sides_of_frozen_conflicts() -> None:
    found = world("Abkhaz forces, South Ossetian border guards, Transnistrian troops, the Greek Cypriot "
                  "National Guard and Turkish Cypriot forces all keep posts on their lines.")
    for pair in [("Abkhaz forces", "RUS.SEP.ABKHAZIA"), ("South Ossetian border guards", "RUS.SEP.SOSSETIA"),
                 ("Transnistrian troops", "RUS.SEP.TRANSNISTRIA"),
                 ("Greek Cypriot National Guard", "CYP.AF"), ("Turkish Cypriot forces", "TUR.PROXY.TCSF")]:
        assert pair in found, (pair, found)


def test_groups_no_list_knows_get_a_generated_code() -> None:
    found = world("The 44th Brigade and Brigade 444 moved south, the Sons of Zaid militia stayed, "
                  "and fighters loyal to Yusuf Karim took the bridge.")
    assert ("44th Brigade", "UNKNOWN:44th Brigade") in found
    assert ("Brigade 444", "UNKNOWN:Brigade 444") in found
    assert ("Sons of Zaid militia", "UNKNOWN:Sons of Zaid militia") in found
    assert ("fighters loyal to Yusuf Karim", "UNKNOWN:fighters loyal to Yusuf Karim") in found


def test_forces_loyal_to_a_known_side_are_that_side() -> None:
    assert world("Forces loyal to Haftar held the port.") == [("Forces loyal to Haftar", "LBY.LNA")]
    assert world("Fighters allied with the GNA held the port.") == [
        ("Fighters allied with the GNA", "LBY.GNA")]
    # a state's loyalists are armed by it, not its own forces
    assert world("Militias loyal to Iran held the port.") == [("Militias loyal to Iran", "IRN.PROXY")]


def test_a_unit_owned_by_a_named_army_is_that_army() -> None:
    assert ("3rd Division", "IND.AF") in world("The Indian army's 3rd Division reached Leh.")


def test_names_that_are_no_armed_group() -> None:
    # a person, a newspaper, a generic phrase, a site named after a unit, a headline's words
    assert world("Richard Wagner wrote operas, the Washington Post said.") == []
    assert world("Government forces and three brigades moved.") == []
    assert [c for _, c in world("Israeli forces entered the base of Battalion 74.")] == ["ISR"]
    assert world("Army Division Advances On Town") == []
    # but Wagner in a text about mercenaries is the group
    assert ("Wagner", "RUS.WAGNER") in world("Wagner sent mercenaries to Sirte.")


def test_a_ministry_run_by_a_group_is_a_source_not_a_position() -> None:
    result = read("The Houthi-run health ministry said 12 people died in Hodeidah.")
    assert positions(result) == []


# --- the actor from the right mention ---------------------------------------------------------


def test_the_group_is_the_armed_group_named_before_not_the_speaker() -> None:
    result = read("Al-Shabaab fighters were active near Marka. A Somali army commander said the "
                  "group had set up a checkpoint near Afgoye.")
    got = [c for c in result.claims if c.place and c.place.text == "Afgoye"]
    assert [(c.actor, c.attribution) for c in got] == [("SHABAAB", "A Somali army commander")]
    result = read("M23 rebels captured Bunagana on Monday. The group then moved toward Rutshuru, "
                  "a UN official said.")
    assert ("M23", "Rutshuru") in positions(result)
    assert not [a for a, _ in positions(result) if a.startswith("UN")]


def test_a_group_of_people_is_no_anaphora() -> None:
    text = "Hezbollah fighters left. A group of farmers was seen near the river."
    assert [m.text for m in find_actors(text, world_pack())] == ["Hezbollah fighters"]


def test_troops_after_a_side_left_are_not_that_sides() -> None:
    result = read("After the Eritrean army left Adwa, troops took up positions in Axum.")
    assert ("ERI.AF", "Axum") not in positions(result) and ("ERI", "Axum") not in positions(result)
    result = read("Once the Armenian army had gone home, troops moved into Vardenis.")
    assert not [p for p in positions(result) if p[1] == "Vardenis"]


def test_a_pronoun_after_a_fronted_clause_keeps_its_actor() -> None:
    result = read("After Eritrean troops crossed the river, they entered Axum.")
    assert ("ERI", "Axum") in positions(result)
    result = read("After the Eritrean army left Adwa, Ethiopian troops took up positions in Axum.")
    assert positions(result) == [("ETH", "Axum")] or ("ETH", "Axum") in positions(result)
    assert ("ERI.AF", "Axum") not in positions(result)


def test_a_reporting_body_is_the_source_and_monitors_the_observers() -> None:
    result = read("The JCCC reports that monitors saw tanks near Debaltseve.", donbas())
    got = [c for c in result.claims if c.kind == "position"]
    assert [c.actor for c in got] == ["UNKNOWN:tanks"] and "JCCC" in got[0].attribution


# --- equipment and its owner ------------------------------------------------------------------


def test_their_tanks_are_the_side_named_before() -> None:
    result = read("Eritrean troops entered Shire on Monday. Their tanks were seen near Adwa.")
    assert ("ERI", "Adwa") in positions(result)


def test_the_paragraphs_control_wording_owns_what_monitors_saw_later() -> None:
    text = ("In areas not controlled by the government, the SMM saw two tanks near Debaltseve. "
            "Near Vuhlehirsk the SMM saw 28 tanks.")
    assert ("RUS.SEP.DPR", "Vuhlehirsk") in positions(read(text, donbas()))
    # two holders named before: which one owns the tanks is not said
    text = ("In government-controlled Popasna the SMM saw a tank. In DPR-controlled Horlivka the SMM "
            "saw a howitzer. Near Vuhlehirsk the SMM saw 28 tanks.")
    got = [a for a, p in positions(read(text, donbas())) if p == "Vuhlehirsk"]
    assert got == ["UNKNOWN:tanks"]


def test_tanks_with_no_owner_in_the_text_stay_unknown() -> None:
    assert [a for a, _ in positions(read("28 tanks were seen near Adwa."))] in ([], ["UNKNOWN:tanks"])
    # two sides in the sentence before: not guessed
    result = read("Eritrean troops clashed with Tigrayan forces near Shire. 28 tanks were seen near Adwa.")
    assert not [a for a, p in positions(result) if p == "Adwa" and not a.startswith("UNKNOWN")]


def test_demonyms_the_gazetteer_gives_a_region_are_the_states() -> None:
    found = world("An officer of the Somali army met Saudi forces and Emirati troops.")
    assert ("Somali army", "SOM.AF") in found and ("Saudi forces", "SAU") in found
    assert ("Emirati troops", "ARE") in found
    assert ("Somalia", "SOM") in world("Somalia sent troops.")


def test_a_speaker_with_an_aside_is_a_source_and_its_place_no_position() -> None:
    result = read("An Eritrean army officer in Asmara, quoted by a news agency, said Ethiopian "
                  "troops had entered Adwa.")
    assert positions(result) == [("ETH", "Adwa")]
    assert result.claims[0].attribution.startswith("An Eritrean army officer")
    result = read("Al-Shabaab fighters were active near Marka. An officer of the Somali army, speaking "
                  "on condition of anonymity, said the group had set up a checkpoint near Afgoye.")
    got = [c for c in result.claims if c.place and c.place.text == "Afgoye"]
    assert [(c.actor, c.attribution) for c in got] == [("SHABAAB", "An officer of the Somali army")]
    result = read("The Eritrean army, in a statement, said Ethiopian troops had entered Adwa.")
    assert [(c.actor, c.attribution) for c in result.claims] == [("ETH", "Eritrean army")]


def test_communities_and_police_of_divided_places() -> None:
    found = world("Turkish Cypriots went into the buffer zone; the Greek Cypriot side protested, and "
                  "Kosovar police met Serbian police at the crossing.")
    assert ("Turkish Cypriots", "TRNC") in found and ("Greek Cypriot side", "CYP") in found
    assert ("Kosovar police", "XKX.POL") in found and ("Serbian police", "SRB.POL") in found
    # the forces of the north stay its security forces
    assert world("Turkish Cypriot forces moved.") == [("Turkish Cypriot forces", "TUR.PROXY.TCSF")]


def test_a_holders_name_before_held_is_the_owner_not_the_place() -> None:
    # the gazetteer does not know the town: the claim names it, not the group's name
    result = read("Two tanks were seen in M23-held Bunagana.")
    assert [(c.actor, c.place.text if c.place else "") for c in result.claims] == [("M23", "Bunagana")]


def test_peacekeepers_are_the_one_mission_the_text_names() -> None:
    found = world("UNFICYP said its patrols were blocked. Peacekeepers and UN troops stayed near the road.")
    assert ("Peacekeepers", "UN.UNFICYP") in found and ("UN troops", "UN.UNFICYP") in found
    found = world("EUMA patrols went out, and EU monitors counted the posts.")
    assert ("EU monitors", "EU.EUMA") in found
    # two missions named: which one is not said
    found = world("UNDOF and UNIFIL met; peacekeepers were seen.")
    assert ("peacekeepers", "UN") in found


def test_forces_loyal_to_a_leader_by_full_name_and_title() -> None:
    # the pack knows "Assad's forces"; the text names him in full with his title
    found = find_actors("Forces loyal to President Bashar al-Assad entered the town.", load_pack("golan"))
    assert [(m.text, m.code) for m in found] == [("Forces loyal to President Bashar al-Assad", "SYR")]
    assert world("Forces loyal to Field Marshal Khalifa Haftar held the port.") == [
        ("Forces loyal to Field Marshal Khalifa Haftar", "LBY.LNA")]
