"""Where a speaker spoke from is not where the event was ("Speaking from Beirut, X said ...")."""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.speech import speaks_from

DAY = date(2024, 10, 18)


def _places(text: str) -> list[str]:
    return [c.place.text for c in read_text(text, None, published=DAY).claims
            if c.kind == "position" and c.place is not None]


@pytest.mark.parametrize(("text", "event", "speaker"), [
    ("Speaking from Damascus, the minister said Israeli troops had entered Quneitra.",
     "Quneitra", "Damascus"),
    ("The envoy, speaking by phone from Kyiv, said Russian forces had seized Avdiivka.", "Avdiivka", "Kyiv"),
    ("The general told reporters in Islamabad that Indian troops had shelled Uri.", "Uri", "Islamabad"),
    ("At a news conference in Amman, the spokesman said Syrian troops had deployed in Daraa.",
     "Daraa", "Amman"),
])
def test_the_event_keeps_its_place_and_the_speaker_gives_none(text: str, event: str, speaker: str) -> None:
    places = _places(text)
    assert event in places
    assert speaker not in places


@pytest.mark.parametrize("text", [
    "Russian troops were stationed in Kyiv's outskirts.",
    "Turkish soldiers entered Afrin on Tuesday.",
    "Indian troops deployed in Uri after the attack.",
])
def test_an_event_place_is_not_taken_for_a_speaker(text: str) -> None:
    start = text.index(next(w for w in ("Kyiv", "Afrin", "Uri") if w in text))
    assert not speaks_from(text, start)
    assert _places(text)


def test_speaking_and_briefing_wordings() -> None:
    for text, name in [("Speaking in Geneva, she said", "Geneva"),
                       ("told journalists in Beirut", "Beirut"),
                       ("in an interview from Tehran", "Tehran"),
                       ("briefing diplomats at Naqoura", "Naqoura")]:
        assert speaks_from(text, text.index(name)), text
