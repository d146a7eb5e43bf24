"""The offline gazetteer: pack places first, GeoNames next, disambiguation and uncertainty."""

from __future__ import annotations

import pytest

from standoff.read import places, read_text
from standoff.read.gazetteer import RADIUS_M, fold_name, geonames, name_keys
from tests.read_helpers import ARTICLES, PASTED, minipack, pasted


def test_fold_and_keys() -> None:
    assert fold_name("Ţafas") == "tafas"
    assert fold_name("Dar‘ā") == "dara"
    assert name_keys("al-Kiswah") == {"al kiswah", "kiswah"}


def test_geonames_has_alternate_names_and_namesakes() -> None:
    nawa = geonames().lookup("Nawa")
    assert {e.country for e in nawa} >= {"SY", "IN"}  # a namesake outside the theatre
    assert all(e.geonames_id > 0 for e in nawa)


def test_name_in_and_outside_the_theatre_resolves_by_context() -> None:
    in_golan = next(p for p in pasted().places if p.text == "Nawa")
    assert (in_golan.country, in_golan.geonames_id, in_golan.kind) == ("SY", 166365, "town")
    assert in_golan.candidates >= 2
    india = [p for p in places([str(ARTICLES / "nawa-india.txt")], minipack()) if p.text == "Nawa"]
    assert india and all(p.country == "IN" for p in india)


def test_theatre_beats_population_without_other_context() -> None:
    (m,) = [p for p in read_text("Militiamen were seen in Tafas.", minipack()).places]
    assert m.country == "SY" and m.name == "Ţafas"


def test_pack_places_come_first() -> None:
    (m,) = [p for p in read_text("Troops were seen near Kisweh.", minipack()).places]
    assert (m.gazetteer, m.gazetteer_id, m.name, m.geonames_id) == ("pack", "kiswah",
                                                                     "al-Kiswah", 173598)


@pytest.mark.parametrize(("text", "kind"), [
    ("Syria", "country"), ("Damascus", "capital"), ("Quneitra", "town"), ("Homs", "city"),
    ("Mount Hermon", "mountain"), ("Daraa province", "province"),
])
def test_uncertainty_follows_the_kind(text: str, kind: str) -> None:
    mentions = [p for p in read_text(f"Forces were seen in {text}.", minipack()).places
                if p.text == text]
    assert mentions and mentions[0].kind == kind
    assert mentions[0].uncertainty_m == RADIUS_M[kind]


def test_radius_grows_from_village_to_country() -> None:
    assert RADIUS_M["village"] < RADIUS_M["town"] < RADIUS_M["city"] < RADIUS_M["province"] \
        < RADIUS_M["country"]


def test_places_lists_every_mention_with_raw_offsets() -> None:
    found = places([str(PASTED)], minipack())
    raw = PASTED.read_text(encoding="utf-8")
    assert len(found) >= 15
    for p in found:
        a, b = p.span
        assert raw[a:b] == p.text
        if p.resolved:
            assert p.lon is not None and p.lat is not None and p.uncertainty_m and p.kind
            assert p.gazetteer in ("pack", "geonames") and p.gazetteer_id
    gn = [p for p in found if p.gazetteer == "geonames"]
    assert gn and all(p.geonames_id == int(p.gazetteer_id or 0) for p in gn)
    lines = {p.gazetteer_id for p in found if p.kind in ("line", "area")}
    assert {"LINE_A", "AOS", "M5"} <= lines


def test_unresolved_names_are_reported_and_do_not_empty_the_rest() -> None:
    text = "Fighters were seen near the village of Khirbet Zubaydiyeh and in Quneitra."
    result = read_text(text, minipack(), ner="all")
    assert [u.text for u in result.unresolved] == ["Khirbet Zubaydiyeh"]
    assert [p.name for p in result.places if p.resolved] == ["Quneitra"]


def test_common_words_and_people_are_not_places() -> None:
    text = ("Smoke rose on May 10. President Bashar Assad met Hassan Nasrallah. "
            "Analysis: Border tensions rise.")
    assert not [p for p in read_text(text, minipack(), ner="all").places if p.resolved]


def test_a_speaker_or_titled_person_is_not_a_place() -> None:
    text = ("Prime Minister Benjamin Netanyahu said troops were in Quneitra. "
            "Ayman Safadi said Amman was calm.")
    names = [p.text for p in read_text(text, minipack()).places if p.resolved]
    assert "Benjamin" not in names and "Netanyahu" not in names and "Quneitra" in names


def test_demonym_spans_kept_per_text_are_handed_out_fresh() -> None:
    from standoff.read.toponyms import demonym_spans

    text = "Georgian troops met the Sri Lankan army."
    first = demonym_spans(text)
    assert [(text[s:e], cc) for s, e, cc in first] == [("Georgian", "GE"), ("Sri Lankan", "LK")]
    first.clear()  # a caller's list is its own: the text's next look-up is whole again
    assert len(demonym_spans(text)) == 2


def test_abbreviations_after_a_comma_and_alone() -> None:
    text = "Officials in Fresno, Calif., and the U.K. spoke; Latin America did not."
    found = {p.text: p.country for p in read_text(text, ner="none").places if p.resolved}
    assert found.get("Calif.") == "US" and found.get("U.K.") == "GB"
    assert "America" not in found
