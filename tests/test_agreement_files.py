"""Agreement YAML mistakes come back as `file:line:col: key: message` (API and CLI, exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import AgreementError, StandoffError

TOY = Path(__file__).parent / "data" / "toypack"
OBS = TOY / "observations.csv"

# Lines 1-5 of every file below; the case's own text starts on line 6.
HEAD = """\
id: t
title: T
status: signed
sources:
  - {id: text, title: Text}
"""


def clause(zone: str = "{area: AREA_X}", **extra: str) -> str:
    """One block-style clause: lines 6-12 (`clauses:` on 6, `- id: c` on 7, `zone:` on 10)."""
    fields = {"actor": "IRN", "kind": "must_not_enter", "zone": zone, "quote": "q", "source": "text",
              **extra}
    body = "".join(f"    {k}: {v}\n" for k, v in fields.items())
    return "clauses:\n  - id: c\n" + body


# (name, file text, line, col, message regex after "file:line:col: ")
CASES: list[tuple[str, str, int, int, str]] = [
    ("yaml-syntax", HEAD + "clauses:\n  - id: c\n    actor: IRN\n   kind: must_not_enter\n",
     9, 4, r"not valid YAML: expected <block end>, but found '<block mapping start>'"),
    ("yaml-mapping-value", HEAD + "title: a: b\n", 6, 9, r"not valid YAML: mapping values are not allowed"),
    ("unknown-top-key", HEAD + "zonez: {}\n" + clause(), 6, 1,
     r"zonez: unknown key; expected one of: id, title, status, parties, signed, valid_from, valid_to, "
     r"summary, sources, zones, clauses$"),
    ("missing-clauses", HEAD, 1, 1, r"clauses: required key is missing$"),
    ("bad-status", HEAD.replace("signed", "agreed") + clause(), 3, 9,
     r"status: Input should be 'signed', 'reported', 'proposed' or 'claimed'$"),
    ("zone-two-keys", HEAD + clause("{area: AREA_X, within: {km: 5, of: LINE_X}}"), 10, 11,
     r"clauses\.0\.zone: .*a zone needs exactly one of within, beyond, band, area, side, all_of, "
     r"any_of, not; got \['within', 'area'\]$"),
    ("zone-no-key", HEAD + clause("{}"), 10, 11, r"clauses\.0\.zone: .*exactly one of .*; got none$"),
    ("zone-unknown-key", HEAD + clause("{inside: AREA_X}"), 10, 12,
     r"clauses\.0\.zone\.inside: unknown key; expected one of: within, beyond, band, area, side, "
     r"all_of, any_of, not, ref$"),
    ("band-reversed", HEAD + clause("\n      band: {from_km: 10, to_km: 5, of: LINE_X}"), 11, 13,
     r"clauses\.0\.zone\.band: .*to_km must be greater than from_km$"),
    ("negative-km", HEAD + clause("\n      within: {km: -5, of: LINE_X}"), 11, 20,
     r"clauses\.0\.zone\.within\.km: Input should be greater than or equal to 0$"),
    ("unknown-feature", HEAD + clause("\n      within: {km: 5, of: LINE_XX}"), 11, 27,
     r"clauses\.0\.zone\.within\.of: unknown feature 'LINE_XX' \(did you mean LINE_X\?\)$"),
    ("unknown-feature-nested",
     HEAD + clause("\n      all_of:\n        - {area: AREA_X}\n        - not: {beyond: {km: 5, of: LINE_Q}}"),
     13, 37, r"clauses\.0\.zone\.all_of\.1\.not\.beyond\.of: unknown feature 'LINE_Q' \(did you mean"),
    ("area-of-a-line", HEAD + clause("{area: LINE_X}"), 10, 18,
     r"clauses\.0\.zone\.area: feature 'LINE_X' is a line; expected area$"),
    ("unknown-actor", HEAD + clause(actor="IRNN*"), 8, 12,
     r"clauses\.0\.actor\.0: unknown actor 'IRNN\*' \(did you mean IRN\?\)$"),
    ("unknown-actor-in-list", HEAD + clause(actor="[SYR*, IRN.IRGG]"), 8, 19,
     r"clauses\.0\.actor\.1: unknown actor 'IRN\.IRGG' \(did you mean IRN\.IRGC\?\)$"),
    ("unknown-zone-ref", HEAD + "zones:\n  near: {within: {km: 5, of: LINE_X}}\n"
     + clause("nearr"), 12, 11,
     r"clauses\.0\.zone: unknown zone 'nearr' \(did you mean near\?\)$"),
    ("limit-without-max", HEAD + clause(kind="limit"), 7, 5,
     r"clauses\.0: .*a limit clause needs max: \{unit: count\}$"),
    ("side-toward-and-facing",
     HEAD + clause("\n      side: {of: LINE_X, toward: TOWN, facing: east}"), 11, 13,
     r"clauses\.0\.zone\.side: .*give exactly one of toward or facing$"),
    ("not-a-mapping", "- just\n- a list\n", 1, 1, r"expected a mapping with id, title, status"),
]


EACH_CASE = pytest.mark.parametrize(("text", "line", "col", "message"), [c[1:] for c in CASES],
                                    ids=[c[0] for c in CASES])


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pack() -> standoff.Pack:
    return standoff.load_pack(TOY)


def run_check(agreement: Path) -> Any:
    return CliRunner().invoke(app, ["check", str(OBS), "--pack", str(TOY), "--agreement", str(agreement)])


@EACH_CASE
def test_agreement_error_api(tmp_path, pack, text, line, col, message):
    path = write(tmp_path, text)
    with pytest.raises(AgreementError) as info:
        standoff.load_agreement(path, pack)
    err = info.value
    assert (err.file, err.line, err.col) == (str(path), line, col)
    assert re.search(message, err.message), err.message
    assert str(err).startswith(f"{path}:{line}:{col}: ")


@EACH_CASE
def test_agreement_error_cli(tmp_path, text, line, col, message):
    path = write(tmp_path, text)
    result = run_check(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    prefix = f"error: {path}:{line}:{col}: "
    assert lines[0].startswith(prefix), lines[0]
    assert re.search(message, lines[0][len(prefix):]), lines[0]


def test_unknown_source_is_reported(tmp_path, pack):
    path = write(tmp_path, HEAD + clause(source="txt"))
    with pytest.raises(AgreementError, match=r"unknown source 'txt'"):
        standoff.load_agreement(path, pack)
    result = run_check(path)
    assert result.exit_code == 2
    assert "unknown source 'txt'" in result.stderr


def test_unknown_source_points_at_the_source_key(tmp_path, pack):
    path = write(tmp_path, HEAD + clause(source="txt"))  # `    source: txt` is line 12, value at col 13
    with pytest.raises(AgreementError) as info:
        standoff.load_agreement(path, pack)
    assert (info.value.line, info.value.col) == (12, 13)
    assert info.value.message.startswith("clauses.0.source: ")
    assert "text" in info.value.message.split("'txt'", 1)[1]  # names what was expected


def test_unknown_key_with_block_value_points_at_the_key(tmp_path, pack):
    path = write(tmp_path, HEAD + "zonez:\n  a: {area: AREA_X}\n" + clause())
    with pytest.raises(AgreementError, match=r"zonez: unknown key") as info:
        standoff.load_agreement(path, pack)
    assert (info.value.line, info.value.col) == (6, 1)


def test_duplicate_key_is_an_error(tmp_path, pack):
    first = clause().replace("id: c", "id: first")
    path = write(tmp_path, HEAD + first + clause())  # second `clauses:` on line 13
    with pytest.raises(AgreementError, match=r"clauses: .*(duplicate|twice|repeat)") as info:
        standoff.load_agreement(path, pack)
    assert info.value.line == 13


def test_empty_file(tmp_path, pack):
    path = write(tmp_path, "")
    with pytest.raises(AgreementError, match=r"the file is empty$") as info:
        standoff.load_agreement(path, pack)
    assert info.value.file == str(path)
    result = run_check(path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: the file is empty"


def test_missing_agreement_file(tmp_path):
    path = tmp_path / "absent.yaml"
    result = run_check(path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: no such agreement file"


def test_valid_file_loads_and_checks(tmp_path, pack):
    text = HEAD + "zones:\n  near: {within: {km: 5, of: LINE_X}}\n" + clause("near", actor="[IRN*, SYR.SAA]")
    path = write(tmp_path, text, "fine.yaml")
    agreement = standoff.load_agreement(path, pack)
    assert agreement.id == "t"
    (c,) = agreement.clauses
    assert c.actor == ["IRN*", "SYR.SAA"]
    assert c.zone.ref == "near"
    assert agreement.zones["near"].within.km == 5
    result = run_check(path)
    assert result.exit_code == 0, result.stderr
    assert "t " in result.stderr and " c " in result.stderr  # agreement and clause in the table


# --- the JSON Schema that `standoff schema agreement` prints ---------------------------------------

_TYPES = {"object": dict, "array": list, "string": str, "number": (int, float), "boolean": bool,
          "null": type(None)}


def schema_errors(value: Any, node: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """A small JSON Schema checker (the subset pydantic emits): $ref, anyOf, oneOf, type, enum,
    const, properties, required, additionalProperties, items."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if "oneOf" in node:
        fits = sum(not schema_errors(value, sub, root, at) for sub in node["oneOf"])
        return [] if fits == 1 else [f"{at}: matches {fits} oneOf options, not one"]
    if "anyOf" in node:
        options = [schema_errors(value, sub, root, at) for sub in node["anyOf"]]
        return [] if any(not o for o in options) else [f"{at}: matches no anyOf option"]
    kind = node.get("type")
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is not None:
        ok = isinstance(value, _TYPES[kind]) and not (kind == "number" and isinstance(value, bool))
    else:
        ok = True
    if not ok:
        return [f"{at}: expected {kind}, got {type(value).__name__}"]
    if "enum" in node and value not in node["enum"] or "const" in node and value != node["const"]:
        return [f"{at}: {value!r} not allowed"]
    errors: list[str] = []
    if isinstance(value, dict):
        props = node.get("properties", {})
        errors += [f"{at}: missing {k}" for k in node.get("required", []) if k not in value]
        extra = node.get("additionalProperties", True)
        for k, v in value.items():
            if k in props:
                errors += schema_errors(v, props[k], root, f"{at}.{k}")
            elif extra is False:
                errors.append(f"{at}: unknown key {k}")
            elif isinstance(extra, dict):
                errors += schema_errors(v, extra, root, f"{at}.{k}")
    if isinstance(value, list) and "items" in node:
        for i, v in enumerate(value):
            errors += schema_errors(v, node["items"], root, f"{at}[{i}]")
    return errors


def as_json(path: Path) -> Any:
    """The YAML file as an editor's JSON view of it (dates as strings)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def agreement_schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["schema", "agreement"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_schema_agreement_shape(agreement_schema):
    s = agreement_schema
    assert "clauses" in s["properties"] and "clauses" in s["required"]
    assert s["additionalProperties"] is False
    variants = [s["$defs"][v["$ref"].rsplit("/", 1)[1]] for v in s["$defs"]["Zone"]["oneOf"]]
    objects = [v["anyOf"][0] if "anyOf" in v else v for v in variants]  # a ref may be a string
    assert [list(o["properties"]) for o in objects] == [
        ["within"], ["beyond"], ["band"], ["area"], ["side"], ["all_of"], ["any_of"], ["not"], ["ref"]]
    assert all(o["required"] == list(o["properties"]) for o in objects)  # exactly one key each
    assert s["$defs"]["Clause"]["properties"]["kind"]["enum"] == [
        "must_not_enter", "must_stay_in", "limit", "no_equipment", "no_activity"]
    assert agreement_schema == standoff.schema("agreement")


def test_schema_accepts_an_explicit_agreement_and_rejects_mistakes(tmp_path, agreement_schema):
    good = write(tmp_path, HEAD + clause("\n      not: {within: {km: 5, of: LINE_X}}", actor="[IRN*]"))
    assert schema_errors(as_json(good), agreement_schema, agreement_schema) == []
    bad = write(tmp_path, HEAD + "zonez: {}\n" + clause("{inside: AREA_X}", actor="[IRN*]"), "bad2.yaml")
    errors = schema_errors(as_json(bad), agreement_schema, agreement_schema)
    assert "$: unknown key zonez" in errors
    assert any(e.startswith("$.clauses[0].zone") for e in errors)


def test_schema_accepts_the_toy_agreement(agreement_schema):
    data = as_json(TOY / "agreements" / "toy-deal.yaml")
    assert schema_errors(data, agreement_schema, agreement_schema) == []


@pytest.mark.parametrize("kind", ["observation", "verdict"])
def test_schema_other_kinds(kind):
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0
    s = json.loads(result.stdout)
    assert s["title"] == kind.capitalize()
    assert {"observation": "lat", "verdict": "margin_m"}[kind] in s["properties"]


def test_schema_unknown_kind():
    result = CliRunner().invoke(app, ["schema", "nope"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == ("error: no schema 'nope': choose one of agreement, observation, "
                                     "verdict, "
                                     "pack, features, actors, places, units")
    with pytest.raises(StandoffError, match="no schema 'nope'"):
        standoff.schema("nope")


def test_pack_line_alias_must_name_a_feature(tmp_path):
    import shutil

    from standoff.errors import PackError

    folder = tmp_path / "toy"
    shutil.copytree("tests/data/toypack", folder)
    meta = folder / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("the line: LINE_X", "the line: LINE_Z"),
                    encoding="utf-8")
    message = r"line_aliases\.the line: unknown feature 'LINE_Z' \(did you mean LINE_"
    with pytest.raises(PackError, match=message):
        standoff.load_pack(folder)
