"""Option parsing shared by commands: packs, agreements, dates, progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from standoff.errors import StandoffError

if TYPE_CHECKING:  # pragma: no cover
    from standoff.model import Pack


#: The --pack option every command that reads a pack shares.
PackOption = Annotated[str, typer.Option("--pack", "-p", help="Built-in pack id or pack folder.")]
#: The input of `map` and `report`: observations, or verdicts written by `standoff check -o`.
ResultSource = Annotated[Path | None, typer.Argument(help="Observations (.csv, .geojson, .parquet) or a "
                                              "verdicts file written by `standoff check -o`.")]
#: --force: let -o write through a symlink (its target is replaced), a FIFO or a device.
ForceOption = Annotated[bool, typer.Option("--force", help="Write -o even when it is a symlink "
                                           "(replacing its target), a FIFO or a device.")]


#: --max-area-vertices: the most vertices one area observation may have.
AreaVerticesOption = Annotated[int, typer.Option("--max-area-vertices", min=4,
                                                 help="Most vertices one area observation may "
                                                 "have (bounds the work it causes).")]


def use_force(force: bool) -> None:
    """Apply --force to every file this command writes."""
    from standoff.files import set_force

    set_force(force)


def use_area_limits(max_vertices: int) -> None:
    """Apply --max-area-vertices to the observations this command reads and checks."""
    from standoff.geo.limits import AreaLimits, set_area_limits

    set_area_limits(AreaLimits(max_vertices=max_vertices))


def parse_day(value: str | None, option: str = "--at") -> date | None:
    """An ISO date from an option, or a StandoffError naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StandoffError(f"{option}: '{value}' is not a date such as 2018-07-23") from None


def open_pack(name: str, agreements: list[str] | None = None) -> tuple[Pack, list[str] | None]:
    """Load a pack; agreement values that are YAML paths are loaded into it and named by id."""
    from standoff.packs import load_pack, with_agreements

    files = [v for v in agreements or [] if v.endswith((".yaml", ".yml"))]
    pack, added = with_agreements(load_pack(name), files)
    from_files = dict(zip(files, added, strict=True))
    ids = [from_files.get(v, v) for v in agreements or []]
    return pack, ids or None


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr, fed through an (done, total) callback."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from standoff.cli.app import console_err

    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console_err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


#: `map` and `report` read the latest verdicts of a monitoring store instead of a file.
StoreSource = Annotated[Path | None, typer.Option(
    "--store", help="Read the latest verdicts of a DuckDB store "
                                           "(written by `standoff check --store`) instead of a file.")]


def open_result(pack: str, agreement: list[str] | None, source: Path | None, store: Path | None,
                force: bool, max_area_vertices: int) -> tuple[Pack, list[str] | None, Any]:
    """What `map` and `report` draw: the pack, the agreement ids, and the check result read
    from `--store`, or from a verdicts file or observations."""
    use_force(force)
    use_area_limits(max_area_vertices)
    the_pack, ids = open_pack(pack, agreement)
    if store is not None and source is None:
        from standoff.store import load

        return the_pack, ids, load(store, the_pack, agreements=ids)
    if source is not None and store is None:
        from standoff.report.output import load_input

        return the_pack, ids, load_input(source, the_pack, agreements=ids)
    raise StandoffError("give a verdicts or observations file, or --store, but not both")


def write_static_map(png: Path, result: Any, pack: Pack, ids: list[str] | None, title: str | None) -> None:
    """`--png`: the static map of the result, written atomically."""
    from standoff.cli.app import console_err
    from standoff.files import write_atomic
    from standoff.report.staticmap import static_map_png

    write_atomic(png, static_map_png(result, pack, agreements=ids, title=title))
    console_err.print(f"wrote the static map to {png}")
