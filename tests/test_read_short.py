"""The seed article's behaviours on a short article written for the tests (runs in a fresh clone).

tests/articles/golan-short.txt is our own text, in the shape of a pasted news page: a byline
twice, a caption, a Hebrew teaser, a paywall line; sightings near the border, an entry into the
area of separation, a strike attributed to Syria, force counts and two demands.
"""

from __future__ import annotations

import functools
from pathlib import Path

import standoff
from standoff.packs import load_agreement, load_pack
from standoff.read import ReadResult, observation_set, read
from standoff.read.output import write_draft

ARTICLE = Path(__file__).parent / "articles" / "golan-short.txt"


@functools.cache
def result() -> ReadResult:
    return read([str(ARTICLE)], load_pack("golan"))


@functools.cache
def verdicts() -> list:  # type: ignore[type-arg]
    return standoff.check(observation_set(result()), load_pack("golan")).verdicts


def test_presence_near_the_border_violates_the_60km_demand() -> None:
    near = [c for c in result().claims if c.kind == "position" and c.feature == "LINE_A"
            and c.modifiers and c.modifiers[0].kind == "near"]
    assert {c.actor for c in near} == {"IRN.IRGC", "IRN.PROXY.MILITIA"}
    sixty = {v.observation_id for v in verdicts() if v.agreement_id == "israel-demand-60km"
             and v.status == "violation"}
    assert {c.id for c in near} <= sixty


def test_regime_entry_into_the_aos_violates_1974() -> None:
    (entry,) = [c for c in result().claims if c.kind == "position" and c.actor == "SYR.SAA"
                and c.predicate == "entered"]
    assert entry.feature == "AOS"
    assert any(v.observation_id == entry.id and v.agreement_id == "disengagement-1974"
               and v.status == "violation" for v in verdicts())


def test_strike_near_homs_is_outside_the_golan_zones() -> None:
    (strike,) = [c for c in result().claims if c.predicate == "struck" and c.place is not None
                 and c.place.name == "Homs"]
    assert strike.actor == "IRN.PROXY.HEZBOLLAH" and strike.attribution == "Syria"
    assert not [v for v in verdicts() if v.observation_id == strike.id
                and v.status in ("violation", "possible")]


def test_force_counts_are_strength_claims_not_positions() -> None:
    strength = [c for c in result().claims if c.kind == "strength"]
    assert ("IRN.PROXY.HEZBOLLAH", 7000) in {(c.actor, c.count) for c in strength}
    assert not {c.id for c in strength} & {o.id for o in result().observations}


def test_draft_clauses(tmp_path: Path) -> None:
    assert [c["zone"] for c in result().clauses] == [{"within": {"km": 60.0, "of": "LINE_A"}},
                                                      {"side": {"of": "M5", "facing": "east"}}]
    path = tmp_path / "draft.yaml"
    assert write_draft(result(), load_pack("golan"), path) == 2
    assert len(load_agreement(path, load_pack("golan")).clauses) == 2


def test_teaser_paywall_caption_and_byline_are_not_content() -> None:
    doc = result().documents[0]
    assert {"other language", "boilerplate", "caption", "byline"} <= {a.reason for a in doc.set_aside}
    assert not any("\u0590" <= ch <= "\u05ff" for ch in doc.clean)
    assert "Subscribe now" not in doc.clean
