"""Claims: actor, predicate, place, modifier, time, count, attribution, modality; observations."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from pyproj import Geod
from shapely import Polygon

from standoff.model import Observation, ObservationSet
from standoff.read import observation_set, read_text
from tests.read_helpers import PUBLISHED, claim_with, minipack, pasted


def test_sighting_near_a_town() -> None:
    c = claim_with(pasted(), "Hezbollah fighters were seen near Nawa", kind="position")
    assert (c.actor, c.actor_text, c.predicate) == ("IRN.PROXY.HEZBOLLAH", "Hezbollah", "seen")
    assert c.place is not None and c.place.country == "SY" and c.place.text == "Nawa"
    assert [m.kind for m in c.modifiers] == ["near"]
    assert c.time == date(2024, 3, 12) and c.time_end is None and c.time_text == "on Tuesday"
    assert c.attribution == "local activists" and c.modality == "reported"


def test_second_clause_of_a_sentence_is_its_own_claim() -> None:
    c = claim_with(pasted(), "Syrian army trucks entered", kind="position")
    assert (c.actor, c.predicate, c.feature) == ("SYR.SAA", "entered", "AOS")
    assert c.modifiers[0].kind == "area"
    assert (c.time, c.time_end) == (date(2024, 3, 4), date(2024, 3, 10))  # last week


def test_n_km_from_a_place_is_a_band() -> None:
    c = claim_with(pasted(), "spotted 10 kilometers from Quneitra", kind="position")
    assert c.actor == "IRN.IRGC" and c.predicate == "seen"
    mod = c.modifiers[0]
    assert mod.kind == "distance" and mod.km == 10
    assert mod.from_km is not None and mod.to_km is not None and mod.from_km < 10 < mod.to_km
    # "on Wednesday" belongs to the other half of the sentence: the days before publication
    assert c.time_text == "" and c.time_inferred and c.time_end == date(2024, 3, 15)


def test_withdrawal_is_a_claim_but_not_a_position() -> None:
    c = claim_with(pasted(), "Syrian forces withdrew from Hader", kind="position")
    assert (c.actor, c.predicate, c.time) == ("SYR", "withdrew", date(2024, 3, 13))
    assert c.id not in {o.id for o in pasted().observations}


def test_strike_on_a_site_linked_to_an_actor() -> None:
    c = claim_with(pasted(), "air strike near al-Kiswah", kind="position")
    assert (c.actor, c.predicate) == ("IRN.PROXY.HEZBOLLAH", "struck")
    assert c.time == date(2024, 3, 14)  # "On Thursday": the Thursday before publication
    assert c.attribution == "Syrian state media"
    assert c.place is not None and c.place.gazetteer == "pack" and c.place.gazetteer_id == "kiswah"


def test_hedged_claim_has_lower_confidence() -> None:
    c = claim_with(pasted(), "may have been deployed in Tafas", kind="position")
    assert c.actor == "IRN.IRGC" and c.predicate == "deployed"
    assert c.modality == "hedged" and "may" in c.hedges
    assert c.confidence < claim_with(pasted(), "spotted 10 kilometers", kind="position").confidence


def test_negated_sighting_makes_no_observation() -> None:
    c = claim_with(pasted(), "did not see Iranian forces", kind="position")
    assert c.actor == "IRN" and c.modality == "negated"
    assert c.id not in {o.id for o in pasted().observations}


def test_unresolved_place_stays_on_the_claim_and_in_the_report() -> None:
    c = claim_with(pasted(), "Khirbet Zubaydiyeh", kind="position")
    assert c.actor == "IRN.PROXY.MILITIA" and c.place is not None and not c.place.resolved
    assert (c.time, c.time_end) == (date(2023, 11, 1), date(2023, 11, 30))  # last November
    assert "Khirbet Zubaydiyeh" in {u.text for u in pasted().unresolved}


@pytest.mark.parametrize(("text", "actor", "count"), [
    ("around 3,500 Iranian troops", "IRN", 3500),
    ("some 1,200 Hezbollah fighters", "IRN.PROXY.HEZBOLLAH", 1200),
])
def test_counts_are_country_level_strength_claims(text: str, actor: str, count: int) -> None:
    c = claim_with(pasted(), text, kind="strength")
    assert (c.actor, c.count, c.unit) == (actor, count, "soldier")
    assert c.place is not None and c.place.kind == "country" and c.place.country == "SY"
    assert c.attribution == "Israeli intelligence"
    assert c.id not in {o.id for o in pasted().observations}  # not a position


def test_demand_is_a_clause_claim_not_a_sighting() -> None:
    c = claim_with(pasted(), "demanded that Iranian forces stay", kind="clause")
    assert c.modality == "demand" and c.actors == ["IRN"] and c.feature == "LINE_A"
    assert c.modifiers[0].kind == "beyond" and c.modifiers[0].km == 40
    assert not [o for o in pasted().observations if o.id == c.id]


def test_proposal_with_a_side_of_a_road() -> None:
    c = claim_with(pasted(), "Russia proposed keeping the Iranians", kind="clause")
    assert c.modality == "proposal" and c.feature == "M5"
    assert (c.modifiers[0].kind, c.modifiers[0].facing) == ("side", "east")


def test_observations_are_model_records_with_evidence() -> None:
    result = pasted()
    raw = result.documents[0].raw
    assert result.observations and all(isinstance(o, Observation) for o in result.observations)
    for o in result.observations:
        assert o.span is not None and raw[o.span[0]:o.span[1]].strip() == o.quote
        assert o.source.endswith("golan-pasted.txt") and o.radius_m >= 0
    aos = next(o for o in result.observations if o.actor == "SYR.SAA")
    assert aos.area is None and aos.radius_m == 0  # a point inside the area of separation
    near = next(o for o in result.observations if o.actor == "IRN.PROXY.HEZBOLLAH"
                and o.time == date(2024, 3, 12))
    assert near.radius_m == pytest.approx(5_000 + 5_000)  # a town, and "near"


def test_observation_set_columns() -> None:
    result = pasted()
    cols = observation_set(result)
    assert isinstance(cols, ObservationSet) and len(cols) == len(result.observations)
    assert cols.time.dtype == np.dtype("datetime64[D]") and cols.origin == "read"
    assert ObservationSet.from_records(result.observations).id.tolist() == cols.id.tolist()


def test_a_line_alias_resolves_to_the_pack_line() -> None:
    text = "Hezbollah fighters were seen near the border on Monday."
    result = read_text(text, minipack(), published=PUBLISHED)
    (c,) = result.claims
    assert c.feature == "LINE_A" and c.time == date(2024, 3, 11)
    (o,) = result.observations
    assert o.area and len(o.area) > 4
    # the point and radius are the area's centroid and enclosing disc, as a table reader
    # derives them from a geometry column
    ring = np.asarray(o.area)
    centre = Polygon(o.area).centroid
    assert (o.lon, o.lat) == (centre.x, centre.y)
    _, _, d = Geod(ellps="WGS84").inv(np.full(len(ring), o.lon), np.full(len(ring), o.lat),
                                      ring[:, 0], ring[:, 1])
    assert o.radius_m == pytest.approx(d.max(), abs=1e-3) and o.radius_m > 10_000


def test_unknown_actor_never_empties_the_rest() -> None:
    text = ("Wagner mercenaries were seen near Quneitra on Monday. "
            "Hezbollah fighters were seen near Nawa on Monday.")
    result = read_text(text, minipack(), published=PUBLISHED)
    assert [c.actor for c in result.claims] == ["IRN.PROXY.HEZBOLLAH"]


def test_striker_is_not_placed_at_its_target() -> None:
    text = "Israeli jets struck Iranian targets near Quneitra on Monday."
    result = read_text(text, minipack(), published=PUBLISHED)
    (c,) = result.claims
    assert (c.actor, c.predicate, c.target) == ("IRN", "struck", True)
    assert [o.actor for o in result.observations] == ["IRN"]
    text = "The IDF struck near Quneitra on Monday."
    result = read_text(text, minipack(), published=PUBLISHED)
    assert [(c.actor, c.target) for c in result.claims] == [("ISR.IDF", False)]
    assert result.observations == []


def test_coordinated_places_each_get_a_claim() -> None:
    result = read_text("Syrian troops advanced into Tafas and Nawa.", minipack())
    assert [(c.actor, c.place.text if c.place else None) for c in result.claims] == [
        ("SYR", "Tafas"), ("SYR", "Nawa")]  # "Syrian troops": a demonym, not an alias


def test_the_most_precise_place_wins_unless_inside_an_area() -> None:
    text = "Hezbollah fighters crossed the ceasefire line near Quneitra."
    (c,) = read_text(text, minipack()).claims
    assert c.place is not None and c.place.text == "Quneitra" and c.modifiers[0].kind == "near"
    text = "Syrian army trucks entered the buffer zone near Quneitra."
    (c,) = read_text(text, minipack()).claims
    assert c.feature == "AOS"
