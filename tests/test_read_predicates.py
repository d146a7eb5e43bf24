"""Claim classes on sentences written for these tests: presence verbs as lemma classes,
opinions and hypotheticals that are no sightings, attribution from reported speech."""

from __future__ import annotations

import pytest

from standoff.read import read_text
from standoff.read.lexicon import forms
from tests.read_helpers import PUBLISHED, minipack


def positions(text: str):  # type: ignore[no-untyped-def]
    return [c for c in read_text(text, minipack(), published=PUBLISHED).claims
            if c.kind == "position"]


def test_forms_of_regular_irregular_and_doubling_verbs() -> None:
    assert forms("deploy") == ["deploy", "deploys", "deployed", "deploying"]
    assert forms("arrive") == ["arrive", "arrives", "arrived", "arriving"]
    assert "dug" in forms("dig") and "digging" in forms("dig")
    assert "patrolled" in forms("patrol") and "took" in forms("take")


@pytest.mark.parametrize(("text", "predicate"), [
    ("Two Hezbollah operatives were arrested in the vicinity of Nawa.", "seen"),
    ("Hezbollah fighters have dug in around Nawa.", "deployed"),
    ("Hezbollah fighters are digging in near Nawa.", "deployed"),
    ("Iranian units were deploying to Nawa overnight.", "deployed"),
    ("A convoy of Iranian troops arriving in Nawa was filmed by residents.", "deployed"),
    ("Hezbollah fighters took up positions near Nawa.", "deployed"),
    ("Iranian advisers are stationed in Nawa.", "deployed"),
    ("A Hezbollah unit walked into Nawa unopposed.", "entered"),
    ("Iranian officers are now 20 km from Nawa.", "seen"),
    ("Hezbollah fighters may be near Nawa.", "seen"),
    ("Hezbollah fighters may have crossed into Nawa.", "entered"),
])
def test_predicates_of_presence(text: str, predicate: str) -> None:
    (c,) = positions(text)
    assert c.predicate == predicate and c.place is not None and c.place.text == "Nawa"


@pytest.mark.parametrize("text", [
    "Israel sees Iranian forces in Nawa as a threat.",
    "Officials regard the Hezbollah presence near Nawa as a provocation.",
    "Israel fears that Hezbollah fighters will deploy near Nawa.",
    "Jordan worries Iranian militias could move into Nawa.",
    "If Hezbollah fighters entered Nawa, Israel would respond.",
    "Hezbollah fighters would be stationed in Nawa under the plan.",
    "Hezbollah may deploy fighters near Nawa.",
    "Israel will not allow Iranian forces to entrench near Nawa.",
    "Iranian troops are expected to arrive in Nawa.",
])
def test_opinions_fears_policies_and_hypotheticals_are_not_sightings(text: str) -> None:
    assert positions(text) == []


@pytest.mark.parametrize(("text", "who"), [
    ("Hezbollah fighters were seen near Nawa, defectors said.", "defectors"),
    ("Hezbollah fighters were seen near Nawa, sources said.", "sources"),
    ("Hezbollah fighters were seen near Nawa, a local commander told TASS.", "a local commander"),
    ("Hezbollah fighters were seen near Nawa, Ivan Petrov told TASS.", "Ivan Petrov"),
    ("According to the Daily Courier, Hezbollah fighters were seen near Nawa.",
     "the Daily Courier"),
    ("Residents told the Daily Courier that Hezbollah fighters were seen near Nawa.",
     "Residents"),
    ("Hezbollah fighters were seen near Nawa, said Omar Haddad, a local official.",
     "Omar Haddad"),
])
def test_attribution_from_reported_speech(text: str, who: str) -> None:
    (c,) = positions(text)
    assert c.attribution == who and c.modality == "reported"


@pytest.mark.parametrize("text", [
    "Syrian army units, backed by Russian military police, entered Nawa on Monday.",
    "Syrian army units supported by Russian military police entered Nawa on Monday.",
    "With the support of Russian military police, Syrian army units entered Nawa.",
])
def test_a_helper_is_not_the_subject(text: str) -> None:
    (c,) = positions(text)
    assert c.actor == "SYR.SAA" and c.predicate == "entered"


def test_a_place_of_the_speaker_is_not_the_events() -> None:
    (c,) = positions("Residents of Tafas said Hezbollah fighters were seen near Nawa.")
    assert c.place is not None and c.place.text == "Nawa" and c.attribution == "Residents of Tafas"


def test_a_position_names_a_place() -> None:
    assert positions("Hezbollah fighters were deployed, officials said.") == []


def test_the_subject_comes_from_the_parse_when_there_is_one() -> None:
    # a year in a participle makes the sentence parsed; the subject is the parse's, not the
    # actor nearest the verb
    (c,) = positions("Syrian army units that Hezbollah trained in 2015 entered Nawa on Monday.")
    assert c.actor == "SYR.SAA" and c.predicate == "entered"


@pytest.mark.parametrize(("text", "who"), [
    ("Hezbollah fighters were seen near Nawa, the Daily Courier quoted a local commander as saying.",
     "a local commander (quoted by Daily Courier)"),
    ("Last week a senior official, who spoke on condition of anonymity, said Hezbollah fighters "
     "were seen near Nawa.", "a senior official"),
    ("Local officials have said Hezbollah fighters were seen near Nawa.", "Local officials"),
    ("The Courier news agency on July 6 said Hezbollah fighters were seen near Nawa.",
     "Courier news agency"),
    ("Officials said Hezbollah fighters were seen near Nawa.", "Officials"),
])
def test_the_speaker_without_times_auxiliaries_or_relative_clauses(text: str, who: str) -> None:
    (c,) = positions(text)
    assert c.attribution == who


@pytest.mark.parametrize("text", [
    "Turkey pulled its soldiers back from an observation post near Nawa.",
    "Israel is pulling all of its tanks out of Nawa.",
    "Israel pulled the heavy guns back from Nawa on Monday.",
])
def test_a_phrasal_verb_with_its_object_inside_is_the_same_predicate(text: str) -> None:
    (c,) = read_text(text, published=PUBLISHED).claims
    assert c.predicate == "withdrew" and c.place is not None and c.place.text == "Nawa"


@pytest.mark.parametrize("text", [
    "Turkey pulled its soldiers, and officials in Nawa said so.",  # a comma ends the object
    "Turkey pulled a cart loaded with grain and fruit back from Nawa.",  # no determiner, too long
])
def test_a_verb_far_from_its_particle_is_not_that_phrase(text: str) -> None:
    assert all(c.predicate != "withdrew" for c in read_text(text, published=PUBLISHED).claims)
