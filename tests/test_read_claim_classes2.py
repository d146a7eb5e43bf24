"""More classes of position claims the reader missed on unseen news, each on sentences written
for these tests (other places and actors than the articles): what a monitor heard from where it
stood, who holds a place as its description, an adjective before a name, a second place joined
by "together with" or "among other places", the quoted speaker's "we", and "there" as the
place of the last event."""

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


@pytest.mark.parametrize("text", [
    "From its post in Quneitra, the UNDOF team heard a dozen blasts about 5 km to the east.",
    "Near Quneitra, UNDOF observers could hear heavy machine-gun fire during the night.",
    "In Quneitra (12 km west of Nawa), UN peacekeepers saw and heard three explosions.",
])
def test_a_monitor_is_where_it_heard_what_it_reports(text: str) -> None:
    assert placed(text) == {("UN.UNDOF", "Quneitra")}


def test_hearsay_does_not_place_the_hearer() -> None:
    got = placed("UNDOF officers in Damascus heard reports about shelling near Quneitra.")
    assert ("UN.UNDOF", "Quneitra") not in got


def test_could_before_a_move_stays_hypothetical() -> None:
    assert positions("Hezbollah fighters could enter Quneitra within days.") == []


def test_who_holds_a_place_describes_it_and_is_no_actor_there() -> None:
    text = "Posted on a hill near Quneitra under Hezbollah control, UN peacekeepers observed two trucks."
    assert placed(text) == {("UN.UNDOF", "Quneitra")}
    # without the "under ... control" the body is the actor again
    assert ("IRN.PROXY.HEZBOLLAH", "Quneitra") in placed("Hezbollah fighters were seen near Quneitra.")


@pytest.mark.parametrize("text", [
    "Syrian army units seized strategic Quneitra on Monday.",
    "Hezbollah fighters were seen near war-torn Quneitra.",
])
def test_an_adjective_between_the_preposition_and_the_name(text: str) -> None:
    assert {p for _, p in placed(text)} == {"Quneitra"}


@pytest.mark.parametrize("text", [
    "Syrian army units took over Quneitra, together with the slopes of Mount Hermon.",
    "Israeli troops moved into Quneitra inside Syrian territory, among other places on the "
    "western flank of Mount Hermon.",
])
def test_a_second_place_joined_by_together_with_or_among_other_places(text: str) -> None:
    assert {p for _, p in placed(text)} == {"Quneitra", "Mount Hermon"}


def test_the_quoted_speaker_is_we() -> None:
    text = ('An Israeli army spokesman told reporters in Haifa: "Our units have held the line '
            'since March. We are in Quneitra and we will stay."')
    assert placed(text) == {("ISR.IDF", "Quneitra")}


@pytest.mark.parametrize("text", [
    "We drove into Quneitra on Monday.",  # nobody named says it
    'An Israeli army spokesman said: "The night was calm." We drove into Quneitra on Monday.',
])
def test_we_outside_a_speaker_s_quote_is_no_actor(text: str) -> None:
    assert positions(text) == []


def test_there_is_the_place_of_the_last_event_not_the_last_name() -> None:
    text = ("Syrian army units entered Quneitra on Monday, a day after talks in al-Kiswah. "
            "UN peacekeepers were there on Tuesday.")
    assert ("UN.UNDOF", "Quneitra") in {(c.actor, c.place.name) for c in positions(text)
                                         if c.place is not None}


def test_the_army_opening_a_sentence_refers_back() -> None:
    text = ("The Syrian army moved two brigades toward Quneitra on Monday. The army set up "
            "roadblocks at the edge of al-Kiswah and began joint patrols with UNDOF in its streets.")
    got = placed(text)
    assert ("SYR.SAA", "al-Kiswah") in got and ("UN.UNDOF", "al-Kiswah") in got


@pytest.mark.parametrize("text", [
    "Quneitra was captured by Israeli troops in 1967.",
    "Israeli troops took Quneitra in the 1973 war.",
    "Israeli troops entered Quneitra in October 1973, residents recalled.",
])
def test_history_decades_before_publication_is_no_position(text: str) -> None:
    assert positions(text) == []


@pytest.mark.parametrize("text", [
    "Israeli troops entered Quneitra in 2022.",  # two years before: a report
    # the war year belongs to a relative clause about the place, not to the event
    "Israeli troops entered Quneitra, which has been divided since the 1974 war.",
])
def test_a_recent_event_or_a_war_of_another_clause_stays(text: str) -> None:
    assert placed(text) == {("ISR.IDF", "Quneitra")}


def test_shots_fired_place_the_ground_force_that_fired() -> None:
    assert placed("Israeli troops fired shots near Quneitra at dawn.") == {("ISR.IDF", "Quneitra")}
    assert placed("Israeli troops opened fire near Quneitra.") == {("ISR.IDF", "Quneitra")}


def test_terms_that_lay_down_a_deployment_are_a_term_not_a_sighting() -> None:
    text = "The truce terms lay down that Syrian army units deploy near Quneitra within 30 days."
    assert positions(text) == []


@pytest.mark.parametrize(("text", "place"), [
    ("Syrian army soldiers went over the ceasefire line near Quneitra at night.", "Quneitra"),
    ("UN peacekeepers saw two Hezbollah fighters cross the ceasefire line.", "the ceasefire line"),
    ("Israeli troops stepped across the ceasefire line at dawn.", "the ceasefire line"),
    ("Hezbollah fighters fired into Quneitra from a ridge.", "Quneitra"),
    ("UNDOF said Hezbollah fighters are still inside Quneitra.", "Quneitra"),
    ("Syrian army units were reportedly at Quneitra on Sunday.", "Quneitra"),
    ("Israel has placed two artillery batteries in Quneitra.", "Quneitra"),
])
def test_crossing_entering_and_presence_verbs(text: str, place: str) -> None:
    assert place in {p for _, p in placed(text)}


def test_the_line_refers_back_to_the_line_named_before() -> None:
    text = ("UNDOF patrols the ceasefire line north of Quneitra. On Monday observers watched Hezbollah "
            "fighters step across the line.")
    got = [c for c in positions(text) if c.actor == "IRN.PROXY.HEZBOLLAH"]
    assert len(got) == 1 and got[0].feature == "LINE_A"
    # without a line named before, "the line" is no place
    assert positions("On Monday observers watched Hezbollah fighters step across the line.") == []


def test_trying_to_justify_holding_a_place_is_an_intention() -> None:
    assert positions("Israel is trying to justify holding two hills near Quneitra.") == []
    assert positions("Hezbollah is trying to send fighters into Quneitra.") == []


@pytest.mark.parametrize("text", [
    "Hezbollah now has nine observation posts in Quneitra.",
    "The Syrian army keeps some 300 troops at Quneitra, officials said.",
])
def test_presence_said_as_what_a_force_holds(text: str) -> None:
    assert {p for _, p in placed(text)} == {"Quneitra"}


def test_having_a_right_or_losing_bases_is_no_presence() -> None:
    assert positions("Israel has a right to act in Quneitra.") == []


@pytest.mark.parametrize("text", [
    "Syrian army units entered what is called Greater Quneitra on Monday.",
    "Syrian army units moved into what is known as Quneitra.",
])
def test_a_place_named_as_what_it_is_called(text: str) -> None:
    assert {p for _, p in placed(text)} == {"Quneitra"}


def test_a_list_goes_on_past_members_no_gazetteer_knows() -> None:
    text = ("Syrian army units deployed in Quneitra, in Zarqa Tahta, in the Umm Lubna-Tell Abyad "
            "triangle and in al-Kiswah.")
    got = {p for _, p in placed(text)}
    assert {"Quneitra", "Umm Lubna-Tell Abyad triangle", "al-Kiswah"} <= got


def test_an_unknown_name_between_clauses_joins_no_list() -> None:
    # a later name after a full stop of the list is no member of it
    text = "Syrian army units deployed in Quneitra, Officials said, and Hezbollah stayed away."
    assert {p for _, p in placed(text)} == {"Quneitra"}


@pytest.mark.parametrize("text", [
    "Syrian army units have not withdrawn from Quneitra.",
    "Hezbollah fighters never pulled out of Quneitra, residents said.",
])
def test_a_withdrawal_that_did_not_happen_is_presence(text: str) -> None:
    (c,) = positions(text)
    assert c.place is not None and c.place.text == "Quneitra"
    assert c.predicate == "seen" and c.modality != "negated"


def test_a_move_that_did_not_happen_stays_negated() -> None:
    (c,) = positions("Syrian army units have not entered Quneitra.")
    assert c.modality == "negated"
