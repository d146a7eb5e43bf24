"""Observations whose actor or unit the pack does not know: one warning with counts, exit 2 with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import InputWarning
from standoff.packs import init_pack, load_pack

REPORTS = """\
id,time,actor,lon,lat,unit
a,2020-06-01,RED.ARMY,30.52,10.5,tank
b,2020-06-01,RED.AMRY,30.52,10.5,tank
c,2020-06-01,RED.AMRY,30.52,10.5,catapult
d,2020-06-01,XQZ,30.52,10.5,
"""


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    folder = init_pack(tmp_path / "p", bbox=(30.0, 10.0, 31.0, 11.0))
    (folder / "r.csv").write_text(REPORTS)
    return folder


def test_one_warning_names_each_unknown_actor_with_its_count(pack_dir: Path):
    pack = load_pack(pack_dir)
    with pytest.warns(InputWarning) as caught:
        standoff.read_observations(pack_dir / "r.csv", pack)
    assert len(caught) == 1
    assert str(caught[0].message) == (
        f"{pack_dir / 'r.csv'}: 3 observations with actors the pack p does not know: "
        "RED.AMRY (2) (did you mean RED.ARMY?), XQZ (1); no clause binds them")


def test_units_are_checked_when_the_pack_defines_them(pack_dir: Path):
    (pack_dir / "units.yaml").write_text("- {code: TANK, name: tank}\n")
    (pack_dir / "r.csv").write_text(REPORTS.replace("RED.AMRY", "RED").replace("XQZ", "BLUE"))
    with pytest.warns(InputWarning, match=r"1 observations with units the pack p does not know: "
                                          r"catapult \(1\); no clause binds them"):
        standoff.read_observations(pack_dir / "r.csv", load_pack(pack_dir))


def test_the_cli_warns_and_strict_makes_it_exit_2_without_output(pack_dir: Path, tmp_path: Path):
    out = tmp_path / "v.json"
    warned = CliRunner().invoke(app, ["check", str(pack_dir / "r.csv"), "--pack", str(pack_dir),
                                      "-q", "-o", str(out)])
    assert warned.exit_code == 0
    assert "warning: " in warned.stderr and "RED.AMRY (2)" in warned.stderr
    assert out.is_file()
    out.unlink()
    strict = CliRunner().invoke(app, ["--strict", "check", str(pack_dir / "r.csv"), "--pack",
                                      str(pack_dir), "-q", "-o", str(out)])
    assert strict.exit_code == 2 and "(an error with --strict)" in strict.stderr
    assert not out.exists()


def test_known_codes_say_nothing(recwarn: pytest.WarningsRecorder):
    pack = load_pack("golan")
    standoff.read_observations(pack.examples[0], pack)
    assert [w for w in recwarn if issubclass(w.category, InputWarning)] == []
