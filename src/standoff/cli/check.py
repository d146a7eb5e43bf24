"""`standoff check`: observations x agreements -> verdicts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from standoff.cli.app import command, console_err
from standoff.cli.common import (
    AreaVerticesOption,
    ForceOption,
    PackOption,
    open_pack,
    parse_day,
    progress_bar,
    use_area_limits,
    use_force,
)

if TYPE_CHECKING:  # the engine loads only when a command runs
    from datetime import date

    from standoff.engine import CheckResult
    from standoff.model import Pack
    from standoff.scale.stream import StreamResult

#: Inputs larger than this (MB) are checked in batches when written to a file.
STREAM_MB = 512


class FailOn(StrEnum):
    violation = "violation"
    possible = "possible"


@command("check")
def check_cmd(
    observations: Annotated[Path, typer.Argument(help="Observation table: .csv, .geojson or .parquet, or a "
                                                 "folder of .parquet files (a dataset, read in batches).")],
    pack: PackOption,
    agreement: list[str] = typer.Option(None, "--agreement", "-a",
                                        help="Agreement id, or an agreement .yaml; repeatable."),
    at: str = typer.Option(None, "--at", help="Judge every report as of this date (YYYY-MM-DD)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write verdicts: .json, .jsonl, .geojson, "
                                ".csv or .parquet (GeoParquet)."),
    fail_on: FailOn = typer.Option(None, "--fail-on", help="Exit 1 if any verdict is this bad."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No table, no progress bar."),
    show: int = typer.Option(0, "--show", help="Also print this many violation/possible sentences."),
    every_pair: bool = typer.Option(False, "--every-pair",
                                    help="Also write pairs no clause binds, as not_applicable with why."),
    store: Path = typer.Option(None, "--store", help="Also append observations, verdicts and this run "
                               "to a DuckDB store (made if missing); see `standoff history`."),
    batch_rows: int = typer.Option(None, "--batch-rows", min=1, help="Read and check the input this many "
                                   "reports at a time, writing -o as it goes (the default for a folder "
                                   f"and for files over {STREAM_MB} MB)."),
    dask: str = typer.Option(None, "--dask", help="Check a GeoParquet dataset on this dask.distributed "
                             "scheduler (tcp://HOST:8786); -o is then a new folder of part-NNNNN.parquet."),
    force: ForceOption = False,
    max_area_vertices: AreaVerticesOption = 10_000,
) -> None:
    """Check reported positions against a pack's agreements and print a summary table.

    Python: standoff.check(standoff.read_observations(path, pack), pack, agreements=[...], at=...,
    every_pair=...); with --store, standoff.store.append(store, result); a folder or --batch-rows:
    standoff.check_stream(path, pack, output); --dask: standoff.check_dask(path, pack, output, scheduler=...)
    """
    use_force(force)
    use_area_limits(max_area_vertices)
    import standoff
    from standoff.report.verdicts import output_format

    if output is not None and dask is None:
        output_format(output)  # an unknown suffix is refused before any work
    the_pack, ids = open_pack(pack, agreement)
    day = parse_day(at)
    if dask is not None:
        _check_dask(observations, the_pack, ids, day, every_pair, output, dask, batch_rows, quiet, fail_on)
        return
    if batch_rows or streamed(observations, output):
        _check_streamed(observations, the_pack, ids, day, every_pair, output, store, batch_rows, quiet,
                        fail_on)
        return
    obs = standoff.read_observations(observations, the_pack)
    with progress_bar("checking", enabled=not quiet and len(obs) > 10_000) as progress:
        result = standoff.check(obs, the_pack, agreements=ids, at=day, every_pair=every_pair,
                                on_progress=progress)
    if output is not None:
        standoff.write_result(result, output)
    if store is not None:
        words = _command_words(observations, pack, agreement, at, every_pair, store)
        _append_to_store(store, result, words, quiet)
    if not quiet:
        _print_outcome(result, show, output)
    _exit_on(set(result.status_names()), fail_on)


def _print_outcome(result: CheckResult, show: int, output: Path | None) -> None:
    """The summary table, `show` sentences and where the verdicts went (stderr and stdout)."""
    print_summary(result)
    print_sentences(result, show)
    if output is not None:
        console_err.print(f"wrote {len(result)} verdicts to {output}")


def _command_words(observations: Path, pack: str, agreement: list[str] | None, at: str | None,
                   every_pair: bool, store: Path) -> list[str]:
    """The `standoff check` command a stored run records."""
    return ["standoff", "check", str(observations), "--pack", pack,
            *[w for a in agreement or [] for w in ("-a", a)], *(["--at", at] if at else []),
            *(["--every-pair"] if every_pair else []), "--store", str(store)]


def _append_to_store(store: Path, result: CheckResult, words: list[str], quiet: bool) -> None:
    """Append the run to the store, recording the command that made it (`words`)."""
    import shlex

    from standoff.store import append

    added = append(store, result, command=shlex.join(words))
    if not quiet:
        console_err.print(f"stored run {added['run_id']} in {store}: {added['observations_added']} "
                          f"observations and {added['verdicts_added']} verdicts new or changed")


def _exit_on(worst: set[str], fail_on: FailOn | None) -> None:
    if fail_on is not None and ("violation" in worst or (fail_on == FailOn.possible and "possible" in worst)):
        raise typer.Exit(1)


def streamed(observations: Path, output: Path | None) -> bool:
    """Whether `check` reads the input in batches: a folder, or a big file written to -o."""
    if observations.is_dir():
        return True
    from standoff.ingest.events import event_format

    big = observations.is_file() and observations.stat().st_size > STREAM_MB * 2**20
    return big and output is not None and observations.suffix.lower() in (".csv", ".parquet", ".geoparquet") \
        and output.suffix.lower() != ".json" and event_format(observations) is None  # ACLED/GDELT: whole


def _check_dask(observations: Path, pack: Pack, ids: list[str] | None, day: date | None,
                every_pair: bool, output: Path | None, scheduler: str, batch_rows: int | None,
                quiet: bool, fail_on: FailOn | None) -> None:
    """`check --dask`: standoff.check_dask."""
    from standoff.errors import StandoffError
    from standoff.ingest.batches import BATCH_ROWS
    from standoff.scale import check_dask

    if output is None:
        raise StandoffError("--dask writes a folder of part files: give -o FOLDER")
    with progress_bar("checking on dask", enabled=not quiet) as progress:
        result = check_dask(observations, pack, output, scheduler=scheduler, agreements=ids, at=day,
                            every_pair=every_pair, on_progress=progress, batch_rows=batch_rows or BATCH_ROWS)
    if not quiet:
        print_summary(result)
        console_err.print(f"wrote {len(result)} verdicts to {output}/part-*.parquet")
    _exit_on(result.worst(), fail_on)


def _check_streamed(observations: Path, pack: Pack, ids: list[str] | None, day: date | None,
                    every_pair: bool, output: Path | None, store: Path | None, batch_rows: int | None,
                    quiet: bool, fail_on: FailOn | None) -> None:
    """`check` a batch at a time: standoff.scale.check_stream."""
    from standoff.errors import StandoffError
    from standoff.ingest.batches import BATCH_ROWS
    from standoff.scale import check_stream

    if output is None or store is not None:
        raise StandoffError(f"{observations} is read in batches (a folder, a big file or --batch-rows): "
                            "give -o for the verdicts" + (", without --store" if store is not None else ""))
    with progress_bar("checking", enabled=not quiet) as progress:
        result = check_stream(observations, pack, output, agreements=ids, at=day, every_pair=every_pair,
                              on_progress=progress, batch_rows=batch_rows or BATCH_ROWS)
    if not quiet:
        print_summary(result)
        console_err.print(f"wrote {len(result)} verdicts to {output}")
    _exit_on(result.worst(), fail_on)


def print_sentences(result: CheckResult, limit: int) -> None:
    """The first `limit` violation and possible verdicts, one sentence each, on stderr."""
    import numpy as np

    rows = np.concatenate([np.flatnonzero(result.status == 0), np.flatnonzero(result.status == 1)])[:limit]
    for row in rows:
        v = result.verdict(int(row))
        style = "red" if v.status == "violation" else "yellow"
        console_err.print(f"[{style}]{v.observation_id} {v.agreement_id}/{v.clause_id}:[/] ", end="")
        console_err.print(v.sentence, markup=False)


def print_summary(result: CheckResult | StreamResult) -> None:
    """The per-clause table of violations, possibles and compliant reports, on stderr."""
    from standoff.engine import CheckResult

    reports = len(result.observations) if isinstance(result, CheckResult) else result.reports
    table = Table(title=f"{reports} observations, pack {result.pack_id}")
    for name, style in (("agreement", ""), ("clause", ""), ("kind", "dim"), ("violation", "red"),
                        ("possible", "yellow"), ("compliant", "green"), ("n/a", "dim")):
        table.add_column(name, style=style, justify="right" if style not in ("", "dim") else "left")
    for row in result.summary():
        table.add_row(str(row["agreement"]), str(row["clause"]), str(row["kind"]), str(row["violation"]),
                      str(row["possible"]), str(row["compliant"]), str(row["not_applicable"]))
    console_err.print(table)
    for lim in result.limits:
        style = {"violation": "red", "possible": "yellow"}.get(lim.status, "green")
        console_err.print(f"[{style}]limit[/] {lim.agreement_id}/{lim.clause_id}: ", end="")
        console_err.print(lim.sentence, markup=False)
