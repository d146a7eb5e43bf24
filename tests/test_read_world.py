"""Reading without a pack: the world gazetteer alone, and names that are not places."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from standoff.cli import app
from standoff.read import places, read, read_text


def resolved(text: str) -> dict[str, tuple[str, str]]:
    return {p.text: (p.name or "", p.country) for p in read_text(text, ner="all").places
            if p.resolved}


def test_read_works_without_a_pack(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Floods hit Lyon and Marseille in France on Monday.\n", encoding="utf-8")
    found = {p.text: p for p in places([str(article)])}
    assert found["Lyon"].country == "FR" and found["Marseille"].country == "FR"
    assert found["France"].kind == "country"
    assert read([str(article)]).documents[0].id


def test_cli_read_places_without_pack(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Talks in Amman, Jordan, ended on Friday.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["read", str(article), "--places", "-q"])
    assert res.exit_code == 0, res.output
    names = {(p["text"], p["country"]) for p in json.loads(res.stdout)}
    assert ("Amman", "JO") in names and ("Jordan", "JO") in names


def test_check_without_pack_is_refused(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Troops were seen in Amman.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["read", str(article), "--check"])
    assert res.exit_code == 2 and "--pack" in res.output


def test_common_words_are_not_places() -> None:
    text = ("Will they come? Western diplomats said the deal would hold. Mobile phones were cut "
            "in March. Reading the statement, she said May would be calm.")
    assert resolved(text) == {}


def test_a_common_word_after_a_locative_can_be_a_big_place() -> None:
    assert resolved("The delegation flew to Mobile, Alabama, on Sunday.")["Mobile"][1] == "US"


def test_demonyms_are_not_places() -> None:
    """Listed as mentions of their country (kind 'people'), never as places."""
    text = "Syrian and Lebanese officials met Iranian and Israeli envoys."
    found = read_text(text, ner="all").places
    assert {p.text: p.country for p in found} == {"Syrian": "SY", "Lebanese": "LB", "Iranian": "IR",
                                                  "Israeli": "IL"}
    assert {p.kind for p in found} == {"people"}


def test_people_are_not_places() -> None:
    text = ("Abu Anas was seen with Umm Hassan. President Jordan Florence said so. "
            "The reports came from Ahmed bin Salem and Ali ibn Hussein.")
    found = resolved(text)
    for name in ("Anas", "Hassan", "Jordan", "Florence", "Salem", "Hussein"):
        assert name not in found


def test_a_media_outlet_is_not_a_place() -> None:
    found = resolved("Officials told the New Arab that talks in Cairo had stalled.")
    assert "Arab" not in found and "New Arab" not in found and found["Cairo"][1] == "EG"


def test_demonyms_give_context_for_namesakes() -> None:
    text = "Georgian troops moved as Georgia's president spoke in Tbilisi."
    found = resolved(text)
    assert found["Georgia"][1] == "GE"


def test_where_people_or_bodies_are_from() -> None:
    """Attributive names and names opening a public body's name are places."""
    assert "Alexandria" in resolved("An Alexandria man was hurt in the crash on Sunday.")
    assert "Oxford" in resolved("A spokesman for Oxford Police said the road was closed.")
    assert resolved("The Texas Department of Health said cases rose.")["Texas"][1] == "US"


def test_one_sense_per_article() -> None:
    text = ("Flooding closed roads in Gainesville on Monday. Later that day, Gainesville reopened "
            "two schools.")
    found = [p for p in read_text(text, ner="all").places if p.text == "Gainesville"]
    assert len(found) == 2 and all(p.resolved for p in found)
    assert found[0].geonames_id == found[1].geonames_id


def test_a_town_after_a_distance_is_a_place_whatever_ner_says() -> None:
    text = "Troops were seen 5 km east of Quneitra on Monday, according to an envoy in Amman."
    found = {p.text: p for p in read_text(text, ner="all").places if p.resolved}
    assert found["Quneitra"].country == "SY"
