"""The user's files: -o never harms what is there (issue 17, item 4), and escaped outputs (item 6)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from standoff.cli import app
from standoff.errors import AgreementError, StandoffError
from standoff.escape import csv_safe_cell, csv_unescape_cell, terminal_safe
from standoff.files import remove_stale, write_atomic
from tests._capped import capped_tests, popen_capped

TOY = Path(__file__).parent / "data" / "toypack"
OBS = TOY / "observations.csv"


_capped = capped_tests(1500)  # every test here runs under a memory cap


def run(*args: Any) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args])


# --- symlinks, FIFOs, devices --------------------------------------------------------------------

def test_symlink_refused_then_followed_with_force(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(StandoffError, match="it is a symlink; use --force"):
        write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep"
    write_atomic(link, "new", force=True)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_cli_refuses_fifo_and_writes_into_it_with_force(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    res = run("check", OBS, "--pack", TOY, "-q", "-o", fifo)
    assert res.exit_code == 2 and "it is a FIFO; use --force" in res.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    res = run("check", OBS, "--pack", TOY, "-q", "-o", fifo, "--force")
    reader.join(timeout=30)
    assert res.exit_code == 0, res.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and b'"verdicts"' in got[0]


def test_device_refused_unless_force() -> None:
    with pytest.raises(StandoffError, match="it is a device"):
        write_atomic("/dev/null", "x")
    write_atomic("/dev/null", "x", force=True)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


# --- permissions, failures -----------------------------------------------------------------------

def test_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    secret = tmp_path / "verdicts.json"
    secret.write_text("old", encoding="utf-8")
    secret.chmod(0o600)
    res = run("check", OBS, "--pack", TOY, "-q", "-o", secret)
    assert res.exit_code == 0, res.output
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and "verdicts" in secret.read_text("utf-8")


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "x.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == 0o600


def test_failed_draft_keeps_the_existing_file(tmp_path: Path) -> None:
    from standoff.packs import load_pack
    from standoff.read.output import write_agreement

    keep = tmp_path / "keep.yaml"
    keep.write_text("mine\n", encoding="utf-8")
    bad = {"id": "draft", "title": "t", "status": "proposed", "sources": [],
           "clauses": [{"id": "c1", "actor": ["IRN"], "kind": "must_not_enter",
                        "zone": {"within": {"km": 5, "of": "no-such-feature"}}, "quote": "q"}]}
    with pytest.raises(AgreementError) as info:
        write_agreement(bad, load_pack(TOY), keep)
    assert info.value.file == str(keep)
    assert keep.read_text(encoding="utf-8") == "mine\n"
    assert list(tmp_path.iterdir()) == [keep]


# --- signals and stale temporary files -----------------------------------------------------------

SLOW_WRITER = """
import sys, time
from standoff.files import write_atomic

def chunks():
    while True:
        yield b"x" * 1000
        time.sleep(0.05)

write_atomic(sys.argv[1], chunks())
"""


def _temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.standoff-*.tmp"))


def _start_slow_writer(target: Path) -> subprocess.Popen[str]:
    proc = popen_capped(SLOW_WRITER, str(target), mb=1000)
    deadline = time.monotonic() + 60
    while not _temps(target.parent) or _temps(target.parent)[0].stat().st_size == 0:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the writer never started"
        time.sleep(0.05)
    return proc


def test_sigterm_mid_write_removes_the_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "verdicts.json"
    target.write_text("previous run", encoding="utf-8")
    proc = _start_slow_writer(target)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [target]
    assert target.read_text(encoding="utf-8") == "previous run"


def test_temp_left_by_sigkill_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "verdicts.json"
    target.write_text("previous run", encoding="utf-8")
    proc = _start_slow_writer(target)
    proc.kill()
    proc.communicate(timeout=30)
    assert len(_temps(tmp_path)) == 1  # SIGKILL cannot be caught
    alive = tmp_path / f".other.json.standoff-{os.getpid()}-0123abcd.tmp"  # a writer still running
    alive.write_text("busy", encoding="utf-8")
    foreign = tmp_path / ".notes.tmp"
    foreign.write_text("not ours", encoding="utf-8")
    write_atomic(tmp_path / "map.html", "<p>")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".notes.tmp", alive.name, "map.html", "verdicts.json"])
    assert target.read_text(encoding="utf-8") == "previous run"


def test_remove_stale_never_follows_symlinks(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert done.returncode == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / f".x.standoff-{dead.pid}-00ff00ff.tmp").symlink_to(victim)
    assert remove_stale(tmp_path) == []
    assert victim.read_text(encoding="utf-8") == "precious"


# --- escaped outputs -----------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe(cell: str) -> None:
    assert csv_safe_cell(cell) == "'" + cell
    assert csv_unescape_cell(csv_safe_cell(cell)) == cell


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert csv_safe_cell(-35.5) == -35.5 and csv_safe_cell(None) is None
    assert csv_safe_cell("IRGC near Quneitra") == "IRGC near Quneitra"
    assert csv_unescape_cell("'tis") == "'tis"


def test_read_observations_csv_is_escaped_and_reads_back(tmp_path: Path) -> None:
    import standoff
    from standoff.model import Observation
    from standoff.read.output import observations_csv
    from standoff.read.records import ReadResult

    obs = Observation(id="=cmd|' /C calc'!A0", actor="IRN", lon=-0.5, lat=33.0,
                      quote='=HYPERLINK("http://evil","click")', source="@x")
    text = observations_csv(ReadResult(observations=[obs]))
    row = text.splitlines()[1]
    assert row.startswith("'=cmd|")
    assert ",-0.5,33.0," in row and "'=HYPERLINK" in row and ",'@x," in row
    path = tmp_path / "obs.csv"
    path.write_text(text, encoding="utf-8")
    back = standoff.read_observations(path)
    assert back.id[0] == obs.id and back.quote[0] == obs.quote and back.lon[0] == -0.5


def test_terminal_safe_drops_controls_keeps_text() -> None:
    assert terminal_safe("a\x1b]0;pwned\x07b\x1b[2Jc\x9b31m\u202eevil\nnext\tcol") == \
        "a]0;pwnedb[2Jc31mevil\nnext\tcol"


def test_console_output_carries_no_escape_codes(tmp_path: Path) -> None:
    hostile = tmp_path / "obs.csv"
    hostile.write_text(
        "id,time,actor,lon,lat,quote\n"
        "\x1b]0;owned\x07o1,2018-05-01,IRN.IRGC,36.1,33.0,\x1b[2Jnear the line\x1b[8m hidden\n",
        encoding="utf-8")
    res = run("check", hostile, "--pack", TOY, "--show", "5")
    assert res.exit_code == 0, res.output
    assert "o1" in res.stderr
    assert not any(ch in res.stderr for ch in "\x1b\x07\x9b")


def test_terminal_gets_no_link_or_hidden_text_from_markup_in_data() -> None:
    """On a real terminal (colours on), markup inside a report id cannot add an OSC 8 link or
    conceal text; the console's own colours still work."""
    import io

    from rich.table import Table

    from standoff.cli.app import console_err

    out = io.StringIO()
    console = type(console_err)(file=out, force_terminal=True, width=100)
    table = Table()
    table.add_column("id")
    table.add_row("[link=https://evil.example]o1[/link] [conceal]hidden[/conceal]\x1b]0;t\x07")
    console.print(table)
    console.print("[red]violation[/]")
    text = out.getvalue()
    assert "o1 hidden" in text and "\x1b[31mviolation" in text
    assert "\x1b]8;" not in text and "\x1b[8m" not in text and "\x1b]0;" not in text
