"""Who a claim is about: classes of actor mentions the reader got wrong on unseen articles.

Each class is written on sentences of our own, with actors and places other than the
development articles': a bare "the army" among two armies, a nominal event's demonym as the
actor, "the government" after a named government.
"""

from __future__ import annotations

import functools

from standoff.model import Actor, Pack
from standoff.read.actors import ActorMention, find_actors


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
