"""`standoff history` and `standoff store info`: what the monitoring store holds and what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from standoff.cli.app import app, command, console_err, handles_errors

if TYPE_CHECKING:  # pyarrow loads only when a command runs
    import pyarrow as pa

StoreOption = Annotated[Path, typer.Option("--store", help="The DuckDB store file (monitor.duckdb).")]
store_app = typer.Typer(help="The monitoring store: `standoff store info --store F`.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@command("history")
def history_cmd(
    store: StoreOption,
    since: str = typer.Option(None, "--since",
                              help="A run id or a date (YYYY-MM-DD); default: the last run."),
    agreement: str = typer.Option(None, "--agreement", "-a", help="Only this agreement."),
    status: str = typer.Option(None, "--status", help="Only verdicts now of this status (e.g. violation)."),
    output: Path = typer.Option(None, "--output", "-o",
                                help="Also write the rows: .csv, .jsonl or .parquet."),
    limit: int = typer.Option(40, "--limit", help="Show at most this many rows in the table."),
) -> None:
    """List verdicts that are new or changed since a run or a date.

    Python: standoff.store.history(store, since=..., agreement=..., status=...)
    """
    from standoff.store import history

    rows = history(store, since=since, agreement=agreement, status=status)
    if output is not None:
        write_rows(rows, output)
    table = Table(title=f"{rows.num_rows} verdicts new or changed in {store}")
    for name in ("run", "observation", "agreement/clause", "change", "status", "margin km"):
        table.add_column(name, justify="right" if name in ("run", "margin km") else "left")
    for r in rows.slice(0, limit).to_pylist():
        before = f"{r['previous_status']} → " if r["previous_status"] else ""
        margin = "" if r["margin_m"] is None else f"{r['margin_m'] / 1000:+.1f}"
        table.add_row(str(r["run_id"]), r["observation_id"], f"{r['agreement_id']}/{r['clause_id']}",
                      r["change"], before + r["status"], margin)
    console_err.print(table)
    if rows.num_rows > limit:
        console_err.print(f"… {rows.num_rows - limit} more (-o FILE writes them all)")


def write_rows(rows: pa.Table, path: Path) -> None:
    """History rows to .csv, .jsonl or .parquet (atomically)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from standoff.errors import StandoffError
    from standoff.files import write_atomic
    from standoff.report.rowtext import as_bytes, csv_header, csv_lines, json_lines

    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        out = pa.BufferOutputStream()
        pq.write_table(rows, out)
        write_atomic(path, out.getvalue().to_pybytes())
        return
    at = rows.schema.get_field_index("started_at")
    text = rows.set_column(at, "started_at", pc.cast(rows.column(at), pa.string()))
    batches = text.to_batches(max_chunksize=1 << 16)
    if suffix == ".csv":
        write_atomic(path, [csv_header(rows.schema.names), *(as_bytes(csv_lines(b)) for b in batches)])
    elif suffix in (".jsonl", ".ndjson"):
        write_atomic(path, [as_bytes(json_lines(b)) for b in batches])
    else:
        raise StandoffError(f"cannot write '{path.name}': the suffix must be .csv, .jsonl or .parquet")


@store_app.command("info")
@handles_errors
def info_cmd(store: StoreOption) -> None:
    """Schema version, counts and runs of a store.

    Python: standoff.store.info(store)
    """
    from standoff.store import info

    data = info(store)
    console_err.print(f"{store}: schema {data['schema_version']}, {data['observations']} observations "
                      f"({data['revisions']} revisions), {data['verdicts']} verdict rows, "
                      f"{len(data['runs'])} runs, {data['alerts']} webhook alerts ({data['alerts_waiting']} "
                      "waiting)")
    table = Table(title="runs")
    for name in ("run", "started (UTC)", "pack", "agreements", "observations", "added", "verdicts", "added ",
                 "command"):
        table.add_column(name)
    for r in data["runs"]:
        table.add_row(str(r["run_id"]), f"{r['started_at']:%Y-%m-%d %H:%M:%S}",
                      f"{r['pack_id']} {r['pack_hash']}",
                      str(len(r["agreements"] or [])), str(r["observations"]), str(r["observations_added"]),
                      str(r["verdicts"]), str(r["verdicts_added"]), r["command"])
    console_err.print(table)
