"""The check path stays light: no text-reading libraries are imported to check a CSV of reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "src/standoff/packs/golan/examples/observations.csv"
HEAVY = ("spacy", "trafilatura", "dateparser", "geopandas", "duckdb")

CODE = """
import json, sys
from typer.testing import CliRunner
from standoff.cli.app import app
args = ["check", sys.argv[1], "--pack", "golan"] + (["-o", sys.argv[2]] if sys.argv[2] else [])
result = CliRunner().invoke(app, args)
assert result.exit_code == 0, result.output
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_check_path_does_not_import_text_readers(tmp_path: Path) -> None:
    out = tmp_path / "verdicts.json"
    done = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES), str(out)], capture_output=True,
                          text=True, check=True)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "standoff" in loaded and out.exists()  # the check really ran
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_check_to_the_terminal_imports_no_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas (~0.6 s) on its first pa.array: the summary table needs neither."""
    done = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES), ""], capture_output=True,
                          text=True, check=True)
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "standoff" in loaded
    assert not loaded & {*HEAVY, "pandas"}, sorted(loaded & {*HEAVY, "pandas"})
