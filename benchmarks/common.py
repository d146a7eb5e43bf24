"""What every benchmark here reports alongside its figures: the machine, versions, the load."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
from pathlib import Path

import numpy as np


def machine() -> str:
    """CPU model, cores, memory, OS and Python of this machine."""
    import psutil
    try:
        model = re.search(r"Model name:\s*(.+)", subprocess.run(
            ["lscpu"], capture_output=True, text=True).stdout).group(1).strip()
    except Exception:  # noqa: BLE001
        model = platform.processor() or "unknown"
    ram = psutil.virtual_memory().total / 2**30
    return f"{model}, {os.cpu_count()} logical cores, {ram:.1f} GiB RAM, {platform.system()} " \
           f"{platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    """Versions of standoff and the libraries the check benchmarks use."""
    import geopandas
    import numba
    import pyproj
    import shapely

    import standoff
    return (f"standoff {standoff.__version__}, numpy {np.__version__}, numba {numba.__version__}, "
            f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), "
            f"geopandas {geopandas.__version__}, pyproj {pyproj.__version__} "
            f"(PROJ {pyproj.proj_version_str})")


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def write_section(path: Path, title: str, md: str) -> None:
    """Replace the section starting with `title` in the markdown file (append it when absent)."""
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(re.escape(title) + r".*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: md + "\n", text) if pattern.search(text) else \
        text.rstrip("\n") + "\n\n" + md
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def publish(lines: list[str], title: str, write: bool) -> None:
    """Print a benchmark's markdown section; with `write`, put it into RESULTS.md under `title`."""
    md = "\n".join(lines)
    print(md)
    if write:
        write_section(Path(__file__).resolve().parent / "RESULTS.md", title, md)


def parser(doc: str | None, n: int = 1_000_000) -> argparse.ArgumentParser:
    """A benchmark's arguments: --n reports, --rounds (best of), --write (into RESULTS.md)."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    ap.add_argument("--n", type=int, default=n)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", action="store_true")
    return ap


def heading(title: str) -> list[str]:
    """The first lines of a section: its title, then the date (UTC) and the machine."""
    return [title, "", f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", f"- machine: {machine()}"]
