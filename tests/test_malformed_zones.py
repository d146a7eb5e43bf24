"""Zone references are resolved once: cycles are named, a zone named many times is evaluated once.

The hostile case of issue 17: each zone names the next one twice, so walking the expression as a
tree costs 2^n evaluations. Compiled to a DAG it costs a few per zone; the tests count the
evaluations instead of timing them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import AgreementError
from standoff.geo.features import ShapeCache
from standoff.geo.shapes import ZoneShaper
from standoff.geo.zones import EpochEvaluator, zone_features
from standoff.model import Agreement

TOY = Path(__file__).parent / "data" / "toypack"
N = 40  # 2^40 evaluations if the references were expanded as a tree

HEAD = """\
id: doubling
title: Each zone names the next twice
status: proposed
sources:
  - {id: text, title: Text}
"""


def doubling_yaml(n: int = N) -> str:
    zones = "".join(f"  z{i}: {{{'any_of' if i % 2 else 'all_of'}: [z{i + 1}, z{i + 1}]}}\n"
                    for i in range(n))
    zones += f"  z{n}: {{within: {{km: 20, of: LINE_X}}}}\n"
    return (HEAD + "zones:\n" + zones + "clauses:\n"
            "  - {id: c, actor: IRN*, kind: must_not_enter, zone: z0, quote: q, source: text}\n")


@pytest.fixture(scope="module")
def pack() -> standoff.Pack:
    return standoff.load_pack(TOY)


@pytest.fixture()
def doubling(tmp_path, pack) -> Agreement:
    path = tmp_path / "doubling.yaml"
    path.write_text(doubling_yaml(), encoding="utf-8")
    return standoff.load_agreement(path, pack)


def test_refs_are_linked_to_the_named_zone_once(doubling):
    z0 = doubling.zones["z0"]
    first, second = z0.all_of
    assert first.ref == second.ref == "z1"
    assert first.target is second.target is doubling.zones["z1"]
    assert doubling.clauses[0].zone.target is z0


def test_a_shared_zone_is_evaluated_once(pack, doubling):
    lon, lat = np.array([36.1, 36.3, 36.6]), np.array([33.0, 33.0, 33.0])
    evaluator = EpochEvaluator(ShapeCache(pack), lon, lat, None)
    margin = evaluator.zone(doubling.clauses[0].zone, doubling)
    # per zone: the zone itself and its two ref nodes; plus the clause's ref and the leaf
    assert evaluator.evaluations == 3 * N + 2
    plain = EpochEvaluator(ShapeCache(pack), lon, lat, None).zone(doubling.zones[f"z{N}"], doubling)
    np.testing.assert_array_equal(margin.margin_m, plain.margin_m)  # min/max of equals is the leaf


def test_the_doubling_agreement_checks_and_draws(pack, doubling):
    obs = standoff.read_observations(TOY / "observations.csv", pack)
    pack.agreements[doubling.id] = doubling
    try:
        result = standoff.check(obs, pack, agreements=[doubling.id])
        assert {v.status for v in result.verdicts} <= {"violation", "possible", "compliant"}
        assert zone_features(doubling.clauses[0].zone, doubling, pack.theatre) == {"LINE_X"}
        shape = ZoneShaper(pack).zone(doubling.clauses[0].zone, doubling)
        leaf = ZoneShaper(pack).zone(doubling.zones[f"z{N}"], doubling)
        assert shape.symmetric_difference(leaf).area < 1e-9 * leaf.area
    finally:
        del pack.agreements[doubling.id]


def test_the_doubling_agreement_through_the_cli(tmp_path):
    path = tmp_path / "doubling.yaml"
    path.write_text(doubling_yaml(), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(TOY / "observations.csv"), "--pack", str(TOY),
                                      "-a", str(path), "-q"])
    assert result.exit_code == 0, result.stderr


BASE = {"id": "t", "title": "t", "status": "signed", "sources": [{"id": "s", "title": "s"}],
        "clauses": [{"id": "c", "actor": "IRN", "kind": "must_not_enter", "zone": "a", "quote": "q",
                     "source": "s"}]}


@pytest.mark.parametrize(("zones", "chain"), [
    ({"a": "a"}, "a → a"),
    ({"a": {"not": {"all_of": [{"area": "X"}, "a"]}}}, "a → a"),
    ({"a": {"any_of": ["b"]}, "b": {"not": "c"}, "c": "a"}, "a → b → c → a"),
    ({"a": {"area": "X"}, "b": "c", "c": {"all_of": ["b", "a"]}}, "b → c → b"),
])
def test_a_cycle_is_refused_naming_the_chain(zones, chain):
    with pytest.raises(ValueError, match=f"zone {chain}: a zone cannot contain itself"):
        Agreement.model_validate({**BASE, "zones": zones})


def test_an_unknown_ref_is_refused_without_the_loader():
    with pytest.raises(ValueError, match="unknown zone 'b'"):
        Agreement.model_validate({**BASE, "zones": {"a": "b"}})


def test_a_long_chain_is_not_a_cycle_and_needs_no_deep_recursion(tmp_path, pack):
    n = 900  # deeper than a recursive walk of the named zones could go
    zones = "".join(f"  z{i}: z{i + 1}\n" for i in range(n)) + f"  z{n}: {{area: AREA_X}}\n"
    text = HEAD + "zones:\n" + zones + (
        "clauses:\n  - {id: c, actor: IRN, kind: must_not_enter, zone: z0, quote: q, source: text}\n")
    path = tmp_path / "chain.yaml"
    path.write_text(text, encoding="utf-8")
    agreement = standoff.load_agreement(path, pack)
    assert agreement.zones["z0"].target is agreement.zones["z1"]


def test_a_cycle_in_a_file_points_at_its_first_zone(tmp_path, pack):
    text = HEAD + "zones:\n  ok: {area: AREA_X}\n  x: {all_of: [ok, y]}\n  y: {not: x}\n" + (
        "clauses:\n  - {id: c, actor: IRN, kind: must_not_enter, zone: x, quote: q, source: text}\n")
    path = tmp_path / "cycle.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AgreementError) as info:
        standoff.load_agreement(path, pack)
    assert str(info.value) == f"{path}:8:6: zones.x: zone x → y → x: a zone cannot contain itself"
