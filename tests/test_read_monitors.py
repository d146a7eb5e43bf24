"""Monitoring reports: monitors as sources, control wording as the owner, places glossed by a
stated distance and direction (issue 10). Sentences written for these tests."""

from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import pytest
from pyproj import Geod

from standoff.errors import PackError
from standoff.packs import load_pack
from standoff.read import read_text
from standoff.read.control import holders
from standoff.read.records import Claim
from standoff.read.relative import compass_deg, stated_radius_m

GEOD = Geod(ellps="WGS84")
DAY = date(2016, 5, 10)


@pytest.fixture(scope="module")
def donbas():  # type: ignore[no-untyped-def]
    return load_pack("donbas")


def _positions(text: str, pack) -> list[Claim]:  # type: ignore[no-untyped-def]
    return [c for c in read_text(text, pack, published=DAY).claims if c.kind == "position"]


def _place(pack, pid: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    p = next(p for p in pack.places if p.id == pid)
    return p.lon, p.lat


@pytest.mark.parametrize("text, actor", [
    ("In government-held Avdiivka the monitors saw two T-72 tanks heading north.", "UKR.AF"),
    ("The SMM observed four howitzers in government-controlled Avdiivka.", "UKR.AF"),
    ("The monitors spotted a BMP-2 in Horlivka, held by the 'DPR'.", "RUS.SEP.DPR"),
    ("In areas not controlled by the government, the SMM saw three tanks near Horlivka.", "RUS.SEP.DPR"),
    ("Outside government control, the SMM recorded six mortars near Alchevsk.", "RUS.SEP.LPR"),
    ("In non-government-controlled Alchevsk the monitors saw an armoured personnel carrier.",
     "RUS.SEP.LPR"),
])
def test_what_monitors_saw_belongs_to_who_holds_the_place(donbas, text: str, actor: str):  # type: ignore[no-untyped-def]
    got = _positions(text, donbas)
    assert [c.actor for c in got] == [actor]
    assert not any(c.actor.startswith("OSCE") for c in got)  # the monitors are the source
    assert got[0].attribution and got[0].modality == "reported"
    assert "OSCE" in got[0].attribution or "SMM" in got[0].attribution


def test_an_owner_named_with_what_was_seen_wins_over_the_place(donbas):  # type: ignore[no-untyped-def]
    got = _positions("In government-held Avdiivka the SMM saw DPR fighters.", donbas)
    assert [c.actor for c in got] == ["RUS.SEP.DPR"]


def test_with_no_owner_said_the_seen_equipment_stays_as_text(donbas):  # type: ignore[no-untyped-def]
    got = _positions("Near Horlivka the monitors saw five self-propelled howitzers.", donbas)
    assert [c.actor for c in got] == ["UNKNOWN:howitzers"]


@pytest.mark.parametrize("text", [
    "An SMM patrol travelled to Shchastia.",
    "The SMM saw 18 explosions near Shchastia.",
    "Near Shchastia the monitors saw artillery fire.",
])
def test_a_monitors_own_movement_or_what_they_heard_is_their_position(donbas, text: str):  # type: ignore[no-untyped-def]
    got = _positions(text, donbas)
    assert [c.actor for c in got] == ["OSCE.SMM"]


def test_monitors_placed_by_the_sentence_stay_placed_with_what_they_saw():
    got = _positions("Peacekeepers at a position near Kfar Kela saw an Israeli bulldozer dig a trench.",
                     load_pack("lebanon"))
    assert sorted(c.actor for c in got) == ["ISR", "UN.UNIFIL"]


def test_an_observer_force_is_the_source_of_what_it_saw_on_the_golan():
    got = _positions("UNDOF observed two Syrian tanks near Khan Arnabeh.", load_pack("golan"))
    assert [c.actor for c in got] == ["SYR"]
    assert "UNDOF" in got[0].attribution


@pytest.mark.parametrize("text", [
    "The government said that the separatists moved tanks.",
    "The monitors saw a tank near the state border.",
    "Shelling hit a war-torn town held for years.",
    "The government held talks on the tanks seen near Avdiivka.",
    "State-run television showed tanks in a town.",
])
def test_no_control_wording(donbas, text: str):  # type: ignore[no-untyped-def]
    assert holders(text, 0, len(text), donbas) == []


def test_control_wording_names_the_holder(donbas):  # type: ignore[no-untyped-def]
    text = "towns under the control of the LPR, rebel-held villages, a 'DPR'-controlled road"
    assert [h.code for h in holders(text, 0, len(text), donbas)] == ["RUS.SEP.LPR", "RUS.SEP", "RUS.SEP.DPR"]


def test_without_a_pack_the_side_stays_text():
    got = _positions("In government-held Avdiivka (15 km north of Donetsk) the monitors saw a T-64 tank.",
                     None)
    assert [c.actor for c in got] == ["UNKNOWN:government-held"]


@pytest.mark.parametrize("word, azimuth, half", [
    ("west", 270.0, 22.5), ("south-west", 225.0, 22.5), ("northeast", 45.0, 22.5),
    ("north-north-west", 337.5, 11.25), ("east-south-east", 112.5, 11.25), ("south-south-west", 202.5, 11.25),
])
def test_compass_words(word: str, azimuth: float, half: float):
    assert compass_deg(word) == (azimuth, half)


@pytest.mark.parametrize("word", ["north-south", "west-north", "upstream"])
def test_no_compass_word(word: str):
    assert compass_deg(word) is None


def test_the_radius_reflects_the_rounding_and_the_sector():
    across = 57_000 * math.sin(math.radians(22.5))
    assert stated_radius_m(57, 22.5, 0.5) == pytest.approx(math.hypot(500, across) + 1000)
    assert stated_radius_m(60, 22.5, 5.0) > stated_radius_m(57, 22.5, 0.5)
    assert stated_radius_m(57, 11.25, 0.5) < stated_radius_m(57, 22.5, 0.5)


@pytest.mark.parametrize("text", [
    "In government-held Zarichnivka (48 km north-west of Donetsk) the monitors saw two T-72 tanks.",
    "Near Zarichnivka, 48 km north-west of Donetsk, the SMM saw two tanks in a government-held area.",
    "At Zarichnivka (government-held, 48 km north-west of Donetsk) two tanks were seen heading west.",
])
def test_a_village_no_gazetteer_knows_is_placed_by_its_stated_distance(donbas, text: str):  # type: ignore[no-untyped-def]
    got = _positions(text, donbas)
    assert len(got) == 1 and got[0].actor == "UKR.AF"
    c = got[0]
    lon, lat = _place(donbas, "DONETSK")
    want_lon, want_lat, _ = GEOD.fwd(lon, lat, 315.0, 48_000)
    assert c.place is not None and c.place.text == "Zarichnivka"
    _, _, off_m = GEOD.inv(want_lon, want_lat, c.place.lon, c.place.lat)
    assert off_m < 1.0
    assert c.place.uncertainty_m == pytest.approx(stated_radius_m(48, 22.5, 0.5))
    assert [m.km for m in c.modifiers] == [48.0] and c.modifiers[0].facing == "northwest"
    obs = read_text(text, donbas, published=DAY).observations
    assert len(obs) == 1  # the observation is at the stated point, not shifted again
    _, _, obs_m = GEOD.inv(want_lon, want_lat, obs[0].lon, obs[0].lat)
    assert obs_m < 1.0


def test_a_known_place_consistent_with_the_distance_keeps_its_gazetteer_point(donbas):  # type: ignore[no-untyped-def]
    got = _positions("In government-held Avdiivka (15 km north of Donetsk) the SMM saw a tank.", donbas)
    c = got[0]
    assert c.place is not None and (c.place.lon, c.place.lat) == _place(donbas, "AVDIIVKA")
    assert c.place.gazetteer_id == "AVDIIVKA" and c.modifiers[0].km == 15.0


def test_a_namesake_far_from_the_stated_point_is_not_taken(donbas):  # type: ignore[no-untyped-def]
    text = "In Lozove (non-government-controlled, 30 km south-east of Luhansk) the SMM saw a BMP-1."
    c = _positions(text, donbas)[0]
    lon, lat = _place(donbas, "LUHANSK")
    want_lon, want_lat, _ = GEOD.fwd(lon, lat, 135.0, 30_000)
    _, _, off_m = GEOD.inv(want_lon, want_lat, c.place.lon, c.place.lat)  # type: ignore[union-attr]
    assert off_m <= c.place.uncertainty_m  # type: ignore[union-attr]
    assert c.actor == "RUS.SEP.LPR"


def test_a_control_declaration_names_known_actors(tmp_path: Path):
    pack = tmp_path / "donbas"
    shutil.copytree(Path(load_pack("donbas").path or ""), pack)
    meta = pack / "pack.yaml"
    meta.write_text(meta.read_text().replace("government: UKR.AF", "government: UKR.ARMY"))
    with pytest.raises(PackError, match=r"control\.government: unknown actor 'UKR\.ARMY'"):
        load_pack(pack)


def test_equipment_present_in_a_held_place_with_no_verb_of_seeing(donbas):  # type: ignore[no-untyped-def]
    got = _positions("At Zarichnivka (government-held, 48 km north-west of Donetsk) two BMP-2s were "
                     "heading east on trailers.", donbas)
    assert [c.actor for c in got] == ["UKR.AF"]


def test_every_glossed_place_of_a_sighting_is_a_position(donbas):  # type: ignore[no-untyped-def]
    got = _positions("In areas outside government control, the monitors saw two tanks near Zarichnivka, "
                     "40 km south-west of Donetsk, and three howitzers near Olkhivchyk, 45 km south of "
                     "Donetsk.", donbas)
    assert sorted((c.actor, c.place.text if c.place else "") for c in got) == [
        ("RUS.SEP.DPR", "Olkhivchyk"), ("RUS.SEP.DPR", "Zarichnivka")]
    assert sorted(c.modifiers[0].km or 0 for c in got) == [40.0, 45.0]


def test_a_headline_finding_is_a_sighting(donbas):  # type: ignore[no-untyped-def]
    got = _positions("Monitors find six tanks stationed in government-held Avdiivka.", donbas)
    assert [c.actor for c in got] == ["UKR.AF"]


def test_an_agreement_named_after_a_city_is_no_place(donbas):  # type: ignore[no-untyped-def]
    got = _positions("The SMM saw tanks in government-controlled Avdiivka, in breach of the Minsk "
                     "agreements.", donbas)
    assert [(c.actor, c.place.text if c.place else "") for c in got] == [("UKR.AF", "Avdiivka")]


@pytest.mark.parametrize(("text", "name", "holds"), [
    ("DPR-controlled Telmanove was shelled.", "DPR", True),
    ('A town under "LPR" control lies to the east.', "LPR", True),
    ("DPR fighters entered Telmanove.", "DPR", False),
    ("Under pressure, the DPR withdrew its guns.", "DPR", False),
])
def test_a_name_that_says_who_holds_a_place_is_told_apart(text: str, name: str, holds: bool) -> None:
    from standoff.read.control import describes_holder

    start = text.index(name)
    assert describes_holder(text, start, start + len(name)) is holds
