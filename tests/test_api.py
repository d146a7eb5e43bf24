"""The Python API does what the commands do: reading articles, writing read results, adding agreements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import standoff
from standoff.errors import AgreementError, StandoffError
from standoff.read import read
from standoff.read.output import render_read, write_draft, write_read
from tests.read_helpers import minipack, pasted

TOY = Path(__file__).parent / "data" / "toypack"


def test_read_articles_is_the_reader() -> None:
    assert standoff.read_articles is read
    assert "read_articles" in standoff.__all__


def test_write_read_by_suffix(tmp_path: Path) -> None:
    result = pasted()
    write_read(result, tmp_path / "all.json")
    write_read(result, tmp_path / "obs.csv")
    write_read(result, tmp_path / "places.json", places=True)
    assert set(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))) >= {"claims", "observations"}
    assert (tmp_path / "obs.csv").read_text(encoding="utf-8").startswith("id,")
    assert json.loads((tmp_path / "places.json").read_text(encoding="utf-8")) == json.loads(
        render_read(result, places=True))


@pytest.mark.parametrize(("name", "places", "wanted"), [
    ("out.txt", False, "use .json or .csv"), ("places.csv", True, "use .json")])
def test_write_read_refuses_other_suffixes(tmp_path: Path, name: str, places: bool, wanted: str) -> None:
    with pytest.raises(StandoffError, match=f"cannot write '{name}': {wanted}"):
        write_read(pasted(), tmp_path / name, places=places)
    assert not list(tmp_path.iterdir())


def test_write_draft_writes_a_valid_agreement(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    n = write_draft(pasted(), minipack(), out)
    assert n == len(yaml.safe_load(out.read_text(encoding="utf-8"))["clauses"]) > 0
    assert standoff.load_agreement(out, minipack()).clauses


def test_write_draft_with_nothing_to_draft_writes_nothing(tmp_path: Path) -> None:
    result = standoff.read.read_text("The weather was fine in Amman.", minipack(), ner="none")
    assert write_draft(result, minipack(), tmp_path / "draft.yaml") == 0
    assert not list(tmp_path.iterdir())


def test_with_agreements_adds_to_a_copy(tmp_path: Path) -> None:
    pack = standoff.load_pack(TOY)
    source = next((TOY / "agreements").glob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    first_id = yaml.safe_load(text)["id"]
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace(f"id: {first_id}", "id: changed-deal", 1), encoding="utf-8")
    before = dict(pack.agreements)
    bigger, ids = standoff.with_agreements(pack, [changed])
    assert ids == ["changed-deal"]
    assert set(bigger.agreements) == set(before) | {"changed-deal"}
    assert pack.agreements == before  # the pack given is not changed


def test_with_agreements_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AgreementError, match="no such agreement file"):
        standoff.with_agreements(standoff.load_pack(TOY), [tmp_path / "nope.yaml"])
