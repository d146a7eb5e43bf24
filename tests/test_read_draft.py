"""Demands and proposals as a draft agreement that the pack loader accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from standoff.packs import load_agreement
from standoff.read import draft_agreement, read_text
from standoff.read.output import agreement_yaml
from tests.read_helpers import PUBLISHED, minipack, pasted

TEXT = (
    "Israel sought to keep Iranian forces and Shi'ite militias at least 60 kilometers from the "
    "border, east of the Damascus-Daraa road (a second account had them east of the "
    "Damascus-Suwayda road, some 70 kilometers from the border). "
    "The memorandum stipulated that the militias would stay about 5 kilometers from the lines "
    "of contact, which run 5 to 20 kilometers inside Syria. "
    "Russia could accept pulling the Iranians back 60 kilometers from the border."
)


def clauses() -> list[dict]:  # type: ignore[type-arg]
    return read_text(TEXT, minipack(), published=PUBLISHED).clauses


def test_each_statement_becomes_one_clause() -> None:
    got = [(c["kind"], c["zone"], c.get("stated_km")) for c in clauses()]
    assert got == [
        ("must_not_enter", {"within": {"km": 60.0, "of": "LINE_A"}}, 60.0),
        ("must_stay_in", {"side": {"of": "M5", "facing": "east"}}, None),
        ("must_stay_in", {"side": {"of": "DAMASCUS_SUWAYDA", "facing": "east"}}, 70.0),
        ("must_not_enter", {"within": {"km": 5.0, "of": "CONTACT"}}, 5.0),
    ]


def test_actor_selectors_cover_the_subtree() -> None:
    assert {tuple(c["actor"]) for c in clauses()} == {("IRN*",), ("IRN.PROXY.MILITIA",)}


def test_a_repeated_demand_is_drafted_once_quoting_the_demand() -> None:
    sixty = [c for c in clauses() if c["zone"] == {"within": {"km": 60.0, "of": "LINE_A"}}]
    assert len(sixty) == 1 and sixty[0]["quote"].startswith("Israel sought to keep")


def test_draft_loads_with_the_pack_loader(tmp_path: Path) -> None:
    result = read_text(TEXT, minipack(), published=PUBLISHED)
    doc = draft_agreement(result, minipack())
    path = tmp_path / "draft.yaml"
    path.write_text(agreement_yaml(doc), encoding="utf-8")
    agreement = load_agreement(path, minipack())
    assert agreement.status == "proposed" and len(agreement.clauses) == 4
    assert agreement.sources[0].published == PUBLISHED
    assert all(c.quote and c.source == agreement.sources[0].id for c in agreement.clauses)


def test_pasted_article_drafts_its_demand_and_proposal() -> None:
    zones = [c["zone"] for c in pasted().clauses]
    assert zones == [{"within": {"km": 40.0, "of": "LINE_A"}},
                     {"side": {"of": "M5", "facing": "east"}}]


@pytest.mark.parametrize("text", [
    "Hezbollah fighters were seen near Nawa on Tuesday.",  # a sighting, not a demand
    "Israel demanded that the Iranians leave.",  # a demand with no zone
    "Israel demanded that Wagner stay 40 kilometers from the border.",  # an actor not in the pack
])
def test_no_clause_without_a_zone_and_a_known_actor(text: str) -> None:
    assert read_text(text, minipack(), published=PUBLISHED).clauses == []
