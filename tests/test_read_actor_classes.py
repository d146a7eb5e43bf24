"""Who a claim is about: classes of actor mentions the reader got wrong on unseen articles.

Each class is written on sentences of our own, with actors and places other than the
development articles': a bare "the army" among two armies, a nominal event's demonym as the
actor, "the government" after a named government.
"""

from __future__ import annotations

import functools

from standoff.model import Actor, Pack
from standoff.read.actors import ActorMention, find_actors
from standoff.read.packnames import world_pack


@functools.cache
def kashmir() -> Pack:
    """A small pack of two states and their armies (no geometry needed by the actor finder)."""
    actors = [Actor(code="IND", name="India", aliases=["India", "Indian government"]),
              Actor(code="IND.ARMY", name="Indian Army", aliases=["Indian army", "Indian troops"]),
              Actor(code="PAK", name="Pakistan", aliases=["Pakistan", "Pakistani government"]),
              Actor(code="PAK.ARMY", name="Pakistan Army", aliases=["Pakistani army",
                                                                    "Pakistani troops"])]
    return Pack(id="kashmir-test", title="test", theatre="", features={},
                actors={a.code: a for a in actors}, agreements={})


def mention(text: str, word: str, nth: int = 0) -> ActorMention:
    """The actor mention that starts at the `nth` occurrence of `word` in `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(word, at + 1)
    found = [m for m in find_actors(text, kashmir()) if m.start <= at < m.end]
    assert found, [(m.text, m.code) for m in find_actors(text, kashmir())]
    return found[0]


# --- a bare "the army" ------------------------------------------------------------------


def test_bare_army_is_not_the_side_said_to_be_leaving() -> None:
    text = ("The Indian army waited for days below the pass.\n"
            "Talks went on all week, and the Pakistani army agreed to a timetable.\n"
            "Once the Pakistani withdrawal was complete, the army moved into Kargil.")
    assert mention(text, "army", 2).code == "IND.ARMY"


def test_bare_army_after_a_leaving_verb_is_the_other_army() -> None:
    text = ("The Pakistani army held the ridge while the Indian army stayed in the valley.\n"
            "Indian troops pulled back on Friday, and the army took the village of Drass.")
    assert mention(text, "army", 2).code == "PAK.ARMY"


def test_bare_army_without_a_cue_is_the_nearest_army_of_the_same_name() -> None:
    text = ("The Indian army shelled the ridge. Pakistani troops answered from the slope.\n"
            "Later the army set up two posts near Uri.")
    # "troops" is not "army": the nearest one named an army is the Indian army
    assert mention(text, "army", 1).code == "IND.ARMY"
    text = "The Indian army left Uri, and the Pakistani army shelled it. The army then entered."
    assert mention(text, "army", 2).code == "PAK.ARMY"


def test_a_leaving_side_alone_still_gives_the_army() -> None:
    # only one army named: a bare "the army" is that army even when it is leaving
    text = "The Pakistani army began its pullout on Monday, and the army left Skardu by Friday."
    assert mention(text, "army", 1).code == "PAK.ARMY"


# --- nominal events and possessives --------------------------------------------------------


def test_the_demonym_of_a_military_event_is_its_actor() -> None:
    text = "The latest Pakistani incursion into the Neelum valley came after a week of shelling."
    m = mention(text, "Pakistani")
    assert (m.code, m.text, m.how) == ("PAK", "Pakistani", "event")
    text = "An Indian raid on the post was reported, and Indian shelling went on overnight."
    assert mention(text, "Indian").code == "IND"
    assert mention(text, "Indian", 1).code == "IND"


def test_a_demonym_before_a_non_military_noun_is_no_actor() -> None:
    text = "The Pakistani cricket team arrived in Lahore, and Indian food was served."
    assert find_actors(text, kashmir()) == []


def test_the_government_is_the_government_named_before() -> None:
    text = ("The Pakistani government denied the report.\n"
            "Observers said the government's operations in Bajaur had stopped.")
    m = mention(text, "government", 1)
    assert (m.code, m.how) == ("PAK", "anaphora")


def test_a_states_troops_are_that_states() -> None:
    text = "India's troops in Siachen were relieved, and Pakistan's soldiers stayed on the glacier."
    assert mention(text, "troops").code == "IND"
    assert mention(text, "soldiers").code == "PAK"


# --- abbreviations an article defines ------------------------------------------------------


def test_an_abbreviation_after_a_known_name_is_that_actor_for_the_rest_of_the_text() -> None:
    text = ("The Indian army (IA) moved two brigades north of Leh.\n"
            "By Friday the IA had set up posts along the river.")
    found = find_actors(text, kashmir())
    later = [m for m in found if m.text == "IA" and m.start > text.index("Friday")]
    assert [m.code for m in later] == ["IND.ARMY"]


def test_a_glossed_abbreviation_takes_the_actor_of_its_gloss() -> None:
    text = ("A PA [Pakistani army] patrol was seen near the pass.\n"
            "Two days later the PA patrol came back with engineers.")
    codes = [(m.text, m.code) for m in find_actors(text, kashmir()) if m.text == "PA"]
    assert codes == [("PA", "PAK.ARMY"), ("PA", "PAK.ARMY")]


def test_an_unknown_force_spelt_by_its_abbreviation_is_one_actor() -> None:
    text = ("The Gilgit Scouts Regiment (GSR) holds the northern glacier.\n"
            "Observers said GSR patrols reached the saddle.")
    found = [(m.text, m.code) for m in find_actors(text, kashmir())]
    assert ("Gilgit Scouts Regiment", "UNKNOWN:Gilgit Scouts Regiment") in found
    assert ("GSR", "UNKNOWN:Gilgit Scouts Regiment") in found


def test_letters_that_do_not_spell_the_name_define_nothing() -> None:
    text = "The Northern Light Infantry (XYZ) moved. XYZ is a code word."
    assert not [m for m in find_actors(text, kashmir()) if m.text == "XYZ"]


def test_the_armed_forces_of_a_state_are_its_army() -> None:
    pack = kashmir().model_copy(update={"actors": {
        **kashmir().actors, "PAK.ARMY": Actor(code="PAK.ARMY", name="Pakistan Army",
                                              aliases=["Pakistani army", "PAKMIL"])}})
    text = "The armed forces of Pakistan withdrew from the glacier."
    assert [(m.text, m.code) for m in find_actors(text, pack)] == [
        ("armed forces of Pakistan", "PAK.ARMY")]


# --- reading without a pack: the world's actors -------------------------------------------


def world(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.code) for m in find_actors(text, world_pack())]


def test_states_and_their_forces_worldwide_without_a_pack() -> None:
    found = world("Azerbaijani troops and the Armenian army exchanged fire near Tavush, and "
                  "Pakistani soldiers shelled an Indian post.")
    assert ("Azerbaijani troops", "AZE") in found and ("Pakistani soldiers", "PAK") in found
    assert ("Armenian army", "ARM.AF") in found


def test_un_missions_and_forces_of_divided_islands_without_a_pack() -> None:
    found = world("UNFICYP said Turkish Cypriot forces moved a checkpoint in Pyla. "
                  "MINURSO patrols and UNMOGIP observers were out.")
    assert ("UNFICYP", "UN.UNFICYP") in found and ("MINURSO", "UN.MINURSO") in found
    assert ("Turkish Cypriot forces", "TUR.PROXY.TCSF") in found and ("UNMOGIP", "UN.UNMOGIP") in found


def test_the_north_is_an_actor_only_in_a_text_about_korea() -> None:
    found = world("The DPRK moved artillery. Seoul said the North's guns faced the South.")
    assert ("DPRK", "PRK") in found and ("North", "PRK") in found and ("South", "KOR") in found
    assert world("Rain fell in the North while the South stayed dry.") == []


def test_a_country_name_that_is_mostly_a_person_needs_a_pack() -> None:
    assert world("Chad met his cousin in Georgia.") == [("Georgia", "GEO")]


def test_coordinated_demonyms_without_a_pack_are_two_actors() -> None:
    found = world("Armenian and Azerbaijani troops faced each other, as did Greek and Turkish soldiers.")
    assert ("Armenian", "ARM") in found and ("Azerbaijani troops", "AZE") in found
    assert ("Greek", "GRC") in found and ("Turkish soldiers", "TUR") in found
    assert ("Armenian", "ARM") not in world("Armenian and Azerbaijani diplomats met.")


def test_the_contingent_is_the_peacekeeping_force_named_before() -> None:
    found = world("The Armenian peacekeeping mission set up four posts.\n"
                  "On Monday the contingent moved two of them closer to the river.")
    assert ("Armenian peacekeeping mission", "ARM") in found and ("contingent", "ARM") in found
