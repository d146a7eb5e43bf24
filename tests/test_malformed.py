"""Every malformed input in tests/data/malformed/ gets its one exact line, exit 2, and no output.

The corpus holds one file per class of bad input (issue 16); the expected line of each is
spelt out here. A file that reaches the CLI's last-resort guard (exit 3) fails its test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.cli.app import handles_errors
from standoff.errors import MESSAGES, AgreementError
from tests.test_agreement_files import HEAD

HERE = Path(__file__).parent
CORPUS = HERE / "data" / "malformed"
TOY = HERE / "data" / "toypack"
OBS = TOY / "observations.csv"

_SELF = "a zone cannot contain itself"
_EMPTY_SELECTOR = "clauses.0.actor: an actor selector cannot be empty; give a code such as IRN or IRN*"
_FAR = "km is farther than any two points on Earth are apart (20,004 km)"

#: agreement file -> (line, col, message) of `error: FILE:LINE:COL: MESSAGE`, and the catalogue code
AGREEMENTS: dict[str, tuple[int, int, str, str | None]] = {
    "zone-self-ref.yaml": (7, 6, f"zones.a: zone a → a: {_SELF}", "zone-cycle"),
    "zone-self-ref-direct.yaml": (7, 6, f"zones.a: zone a → a: {_SELF}", "zone-cycle"),
    "zone-cycle.yaml": (7, 6, f"zones.a: zone a → b → c → a: {_SELF}", "zone-cycle"),
    "empty-all-of.yaml": (10, 20, "clauses.0.zone.all_of: List should have at least 1 item after "
                          "validation, not 0", None),
    "empty-any-of.yaml": (10, 20, "clauses.0.zone.any_of: List should have at least 1 item after "
                          "validation, not 0", None),
    "list-key.yaml": (7, 5, "zones: a key must be a plain value, not a list", "yaml-complex-key"),
    "merge-key.yaml": (9, 5, "zones.other: merge keys (<<) are not supported; write the keys out",
                       "yaml-merge-key"),
    "python-name-tag.yaml": (11, 12, "clauses.0.quote: the tag !!python/name:os.system is not allowed; "
                             "only plain YAML values are", "yaml-tag"),
    "python-object-tag.yaml": (11, 12, "clauses.0.quote: the tag !!python/object/apply:os.system is not "
                               "allowed; only plain YAML values are", "yaml-tag"),
    "set-tag.yaml": (6, 10, "parties: the tag !!set is not allowed; only plain YAML values are", "yaml-tag"),
    "impossible-date.yaml": (6, 9, "signed: '2018-13-01' is not a valid date (month must be in 1..12)",
                             "yaml-bad-value"),
    "impossible-day.yaml": (6, 13, "valid_from: '2018-02-30' is not a valid date (day is out of range "
                            "for month)", "yaml-bad-value"),
    "not-utf8.yaml": (6, 13, "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8", "not-utf8"),
    "utf16.yaml": (1, 1, "not UTF-8: byte 0xff cannot be decoded; save the file as UTF-8", "not-utf8"),
    "binary.yaml": (1, 1, "a NUL byte: this is a binary file, not YAML", "binary"),
    "control-character.yaml": (6, 12, "not valid YAML: the character #x0007 is not allowed", None),
    "end-before-start.yaml": (7, 11, "valid_to: valid_to 2018-06-01 is before valid_from 2018-07-01",
                              "end-before-start"),
    "bad-instant.yaml": (13, 17, "clauses.0.valid_from: '2020-03-06T25:01+02:00' is not a day or an "
                         "instant such as 2020-03-06T00:01+02:00 (hour must be in 0..23)", "bad-instant"),
    "instant-without-offset.yaml": (13, 17, "clauses.0.valid_from: 2020-03-06T00:01 has a time of day "
                                    "but no UTC offset; write it as 2020-03-06T00:01+02:00 (or Z for UTC)",
                                    "instant-without-offset"),
    "clause-end-before-start.yaml": (14, 15, "clauses.0.valid_to: valid_to 2018-06-01 is before "
                                     "valid_from 2018-07-01", "end-before-start"),
    "km-inf.yaml": (10, 25, "clauses.0.zone.within.km: Input should be a finite number", None),
    "km-nan.yaml": (10, 25, "clauses.0.zone.beyond.km: Input should be a finite number", None),
    "km-too-far.yaml": (10, 25, f"clauses.0.zone.within.km: 40000 {_FAR}", "km-too-far"),
    "band-too-far.yaml": (10, 38, f"clauses.0.zone.band.to_km: 1e+09 {_FAR}", "km-too-far"),
    "negative-limit.yaml": (13, 17, "clauses.0.max.tank: Input should be greater than or equal to 0", None),
    "empty-actor.yaml": (8, 12, _EMPTY_SELECTOR, "empty-selector"),
    "empty-actor-list.yaml": (8, 12, _EMPTY_SELECTOR, "empty-selector"),
    "blank-actor-in-list.yaml": (8, 12, _EMPTY_SELECTOR, "empty-selector"),
    "deep-nesting.yaml": (6, 73, "summary.0.0.0.….0.0: nested more than 64 levels deep", "yaml-too-deep"),
    "deep-zone-nesting.yaml": (10, 377, "clauses.0.zone.not.….not.not: nested more than 64 levels deep",
                               "yaml-too-deep"),
    "alias-loop.yaml": (6, 10, "summary.0.0.0.….0.0: nested more than 64 levels deep", "yaml-too-deep"),
    "alias-bomb.yaml": (1, 32, "f.1.7.8.6.5.8: more than 200,000 values once aliases are expanded; "
                        "write the values out", "yaml-too-many-nodes"),
}


def run(*args: str) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def assert_one_line(result, expected: str) -> None:  # type: ignore[no-untyped-def]
    """Exit 2, nothing on stdout, exactly `expected` on stderr: no traceback, no guard."""
    assert "internal error" not in result.stderr, result.stderr
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [expected]


def test_every_agreement_in_the_corpus_is_listed():
    assert sorted(p.name for p in (CORPUS / "agreements").iterdir()) == sorted(AGREEMENTS)


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
def test_malformed_agreement_cli(tmp_path, name):
    line, col, msg, _ = AGREEMENTS[name]
    path = CORPUS / "agreements" / name
    kept = tmp_path / "kept.json"
    kept.write_text("old verdicts", encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    for out in (fresh, kept):
        result = run("check", OBS, "--pack", TOY, "-a", path, "-o", out)
        assert_one_line(result, f"error: {path}:{line}:{col}: {msg}")
    assert not fresh.exists()
    assert kept.read_text(encoding="utf-8") == "old verdicts"


@pytest.fixture(scope="module")
def toy() -> standoff.Pack:
    return standoff.load_pack(TOY)


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
def test_malformed_agreement_api(toy, name):
    line, col, msg, code = AGREEMENTS[name]
    with pytest.raises(AgreementError) as info:
        standoff.load_agreement(CORPUS / "agreements" / name, toy)
    assert (info.value.line, info.value.col, info.value.message, info.value.code) == (line, col, msg, code)


# --- warnings: legal but suspicious input -----------------------------------------------------------

HUGE = HEAD + """\
clauses:
  - {id: c, actor: IRN, kind: must_not_enter, zone: {within: {km: 15000, of: LINE_X}}, quote: q, source: text}
"""


def test_a_huge_distance_warns_and_strict_refuses(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE, encoding="utf-8")
    text = (f"{path}:7:62: clauses.0.zone.within: 15000 km reaches more than a quarter of the way "
            "around the Earth; is the unit right?")
    result = run("check", OBS, "--pack", TOY, "-a", path, "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [f"warning: {text}"]
    strict = run("--strict", "check", OBS, "--pack", TOY, "-a", path, "-q")
    assert_one_line(strict, f"error: {text} (an error with --strict)")


# --- the last-resort guard --------------------------------------------------------------------------

def _guarded_app() -> typer.Typer:
    """A one-command app whose command has a bug, behind the real guard."""
    from standoff.cli.app import RUN

    demo = typer.Typer()

    @demo.callback()
    def options(debug: bool = typer.Option(False, "--debug")) -> None:
        RUN["debug"] = debug

    def broken() -> None:
        {}["missing"]  # noqa: B018

    demo.command("broken")(handles_errors(broken, "broken"))
    return demo


def test_an_internal_error_is_one_line_and_exit_3():
    result = CliRunner().invoke(_guarded_app(), ["broken"])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "internal error in broken: KeyError: 'missing' — please report; run with --debug for the traceback"]


def test_debug_shows_the_traceback():
    result = CliRunner().invoke(_guarded_app(), ["--debug", "broken"])
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert 'File "' in result.stderr and "KeyError: 'missing'" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("internal error in broken: KeyError")


def test_catalogue_codes_have_corpus_cases():
    """Each code in errors.MESSAGES is asserted by some corpus case (agreements so far)."""
    covered = {c[3] for c in AGREEMENTS.values()}
    yaml_codes = {c for c in MESSAGES if c.startswith("yaml-") or c in (
        "zone-cycle", "end-before-start", "km-too-far", "empty-selector", "not-utf8", "binary")}
    assert yaml_codes <= covered


def test_nesting_past_what_libyaml_allows_is_the_same_one_line(tmp_path, toy):
    """libyaml refuses 1000 levels itself; the Python composer then stops at the cap."""
    path = tmp_path / "deeper.yaml"
    path.write_text("summary: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(AgreementError) as info:
        standoff.load_agreement(path, toy)
    assert str(info.value) == f"{path}:1:73: nested more than 64 levels deep"


def test_more_zones_than_the_cap_is_one_line(tmp_path, toy):
    zones = "".join(f"  z{i}: {{area: AREA_X}}\n" for i in range(1001))
    path = tmp_path / "many.yaml"
    path.write_text(HUGE.replace("clauses:", "zones:\n" + zones + "clauses:"), encoding="utf-8")
    with pytest.raises(AgreementError) as info:
        standoff.load_agreement(path, toy)
    assert str(info.value) == f"{path}:7:3: zones: 1,001 zones, over the limit of 1,000 per agreement"
    assert info.value.code == "too-many"
