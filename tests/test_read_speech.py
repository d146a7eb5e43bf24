"""Who says so (read/speech.py), on sentences written for these tests: "X told Y", "according
to X", "X said", sources close to X, nested reported speech, a name with its title, pronouns and
bare titles referring back, quotations over several sentences, pictures as a source."""

from __future__ import annotations

import pytest

from standoff.read import read_text
from standoff.read.speech import choose, speeches
from tests.read_helpers import PUBLISHED, minipack


def attributions(text: str) -> list[str]:
    found = read_text(text, minipack(), published=PUBLISHED).claims
    assert found, "no claim read"
    return [c.attribution for c in found]


@pytest.mark.parametrize(("text", "who"), [
    ("Iranian troops entered Quneitra on Monday, a local farmer told Reuters.", "a local farmer"),
    ("According to the Hawar news agency, Hezbollah fighters were seen near Quneitra.",
     "the Hawar news agency"),
    ("Sources close to the Syrian army said Hezbollah fighters were seen near Quneitra.",
     "Sources close to the Syrian army"),
    ("Hezbollah fighters were seen near Quneitra, said Leila Haddad, a shepherd from the area.",
     "Leila Haddad"),
    ("Hezbollah fighters were seen near Quneitra, the monitoring group said on Sunday.",
     "the monitoring group"),
    ("Karim Nassar, the mayor of a village near the fence, said that Iranian troops entered Quneitra.",
     "Karim Nassar, the mayor of a village near the fence"),
    ("Iranian troops entered Quneitra, a farmer who watched them from a hill said.", "a farmer"),
])
def test_the_speaker_of_one_sentence(text: str, who: str) -> None:
    assert attributions(text) == [who]


def test_nested_speech_the_innermost_speaker_with_the_outer_one() -> None:
    (who,) = attributions("The Kurdish news site Rudaw said on Monday that villagers say Iranian "
                          "troops entered Quneitra.")
    assert who.startswith("villagers") and "via Kurdish news site Rudaw" in who


def test_each_event_takes_the_speaker_before_it() -> None:
    found = speeches("Hezbollah fighters entered Quneitra, while monitors say Iranian troops "
                     "were seen near Hermon.")
    text = "Hezbollah fighters entered Quneitra, while monitors say Iranian troops were seen near Hermon."
    assert choose(found, text.index("seen")) == "monitors"
    assert choose(found, text.index("entered")) == "monitors"  # the only speaker, after it


def test_a_speaker_and_the_agency_that_reports_it() -> None:
    (who,) = attributions('"The Iranian troops entered Quneitra," Pavel Orlov, an envoy, said, '
                          "according to the agency.")
    assert who.startswith("Pavel Orlov") and "according" not in who and "the agency" in who


def test_a_pronoun_or_a_bare_title_is_the_last_speaker() -> None:
    text = ("Colonel Amir Saleh, who commands the district, gave a briefing on Monday. "
            "The colonel said that Iranian troops entered Quneitra. "
            "He said Hezbollah fighters were seen near Hermon.")
    first, second = attributions(text)
    assert "Amir Saleh" in first and "colonel" in first
    assert "Amir Saleh" in second


def test_a_quotation_over_several_sentences_takes_its_speaker() -> None:
    text = ('"We watched the convoy for an hour. Iranian troops entered Quneitra at dawn," '
            "Rania Khoury, a teacher, told the paper.")
    assert attributions(text) == ["Rania Khoury, a teacher"]


def test_a_quotation_that_names_no_speaker_takes_the_one_before() -> None:
    text = ("The observer mission said on Tuesday that its post had been hit.\n\n"
            '"Our monitors saw Iranian troops near Quneitra. Two vehicles were damaged."')
    assert attributions(text) == ["The observer mission"]


@pytest.mark.parametrize(("text", "part"), [
    ("Satellite images taken on Sunday show Iranian troops near Quneitra.", "Satellite images"),
    ("The army released video footage that shows Hezbollah fighters digging trenches near Quneitra.",
     "army released video footage"),
    ("The monitors confirmed a claim by Moscow that Iranian troops entered Quneitra.", "Moscow"),
    ("Iranian troops have reportedly entered Quneitra.", "reportedly"),
])
def test_other_sources(text: str, part: str) -> None:
    (who,) = attributions(text)
    assert part in who


@pytest.mark.parametrize("text", [
    "Iranian troops entered Quneitra after a report of shelling.",
    "Syrian state media outlets were closed when Iranian troops entered Quneitra.",
    "Iranian troops entered Quneitra, as the mayor had feared.",
])
def test_no_speaker(text: str) -> None:
    assert attributions(text) == [""]
