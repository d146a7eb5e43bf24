"""The seed article end to end with the golan pack (the article lives outside the repository)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

import standoff
from standoff.packs import load_agreement, load_pack
from standoff.read import ReadResult, draft_agreement, observation_set, read
from standoff.read.output import agreement_yaml

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the seed article is not checked out")


@functools.cache
def result() -> ReadResult:
    return read([str(SEED)], load_pack("golan"))


def positions(actor: str) -> list:  # type: ignore[type-arg]
    return [c for c in result().claims if c.kind == "position" and c.actor == actor]


def test_presence_near_the_border_violates_the_60km_demand() -> None:
    pack = load_pack("golan")
    near = [c for c in result().claims if c.kind == "position" and c.feature == "LINE_A"
            and c.modifiers and c.modifiers[0].kind == "near"]
    assert {c.actor for c in near} == {"IRN.IRGC", "IRN.PROXY.MILITIA"}
    verdicts = standoff.check(observation_set(result()), pack).verdicts
    sixty = {v.observation_id for v in verdicts if v.agreement_id == "israel-demand-60km"
             and v.status == "violation"}
    assert {c.id for c in near} <= sixty


def test_regime_entries_into_the_aos_violate_1974() -> None:
    (entry,) = [c for c in positions("SYR") if c.predicate == "entered"]
    assert entry.feature == "AOS"
    verdicts = standoff.check(observation_set(result()), load_pack("golan")).verdicts
    assert any(v.observation_id == entry.id and v.agreement_id == "disengagement-1974"
               and v.status == "violation" for v in verdicts)


def test_strike_near_homs_is_outside_the_golan_zones() -> None:
    (strike,) = [c for c in result().claims if c.predicate == "struck" and c.place is not None
                 and c.place.name == "Homs"]
    assert strike.actor == "IRN.PROXY.HEZBOLLAH" and strike.attribution == "Syria"
    verdicts = standoff.check(observation_set(result()), load_pack("golan")).verdicts
    mine = [v for v in verdicts if v.observation_id == strike.id]
    assert mine and not [v for v in mine if v.status in ("violation", "possible")]


def test_three_force_counts_are_strength_claims() -> None:
    counts = {(c.actor, c.count) for c in result().claims if c.kind == "strength"}
    assert counts == {("IRN.IRGC", 2000), ("IRN.PROXY.MILITIA", 9000),
                      ("IRN.PROXY.HEZBOLLAH", 7000)}
    ids = {c.id for c in result().claims if c.kind == "strength"}
    assert not ids & {o.id for o in result().observations}


def test_draft_clauses(tmp_path: Path) -> None:
    zones = [c["zone"] for c in result().clauses]
    assert zones == [{"within": {"km": 60.0, "of": "LINE_A"}},
                     {"side": {"of": "M5", "facing": "east"}},
                     {"side": {"of": "DAMASCUS_SUWAYDA", "facing": "east"}},
                     {"within": {"km": 5.0, "of": "CONTACT"}}]
    path = tmp_path / "draft.yaml"
    path.write_text(agreement_yaml(draft_agreement(result(), load_pack("golan"))),
                    encoding="utf-8")
    assert len(load_agreement(path, load_pack("golan")).clauses) == 4


def test_hebrew_teasers_and_paywall_are_not_content() -> None:
    doc = result().documents[0]
    reasons = {a.reason for a in doc.set_aside}
    assert {"other language", "boilerplate", "teaser", "caption", "byline"} <= reasons
    assert not any("\u0590" <= ch <= "\u05ff" for ch in doc.clean)
    assert "LOG IN" not in doc.clean and "subscriber" not in doc.clean
    assert "White Lotus" not in doc.clean


def test_publication_date_is_inferred_and_marked() -> None:
    doc = result().documents[0]
    assert doc.published_inferred and doc.published is not None and doc.published.year == 2018
