"""`standoff compare`: versions of an arrangement side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from standoff.cli.app import command, console_err
from standoff.cli.common import ForceOption, PackOption, open_pack, parse_day, use_force

if TYPE_CHECKING:  # the engine loads only when a command runs
    from standoff.engine.compare import Comparison, Shift

Justify = Literal["left", "right"]

STYLE = {"inside": "red", "violation": "red", "edge": "yellow", "possible": "yellow",
         "outside": "green", "compliant": "green"}


@command("compare")
def compare_cmd(
    agreements: Annotated[list[str], typer.Argument(help="Two or more agreement ids (or .yaml files).")],
    pack: PackOption,
    observations: Path = typer.Option(None, "--observations", help="Observation table to check too."),
    at: str = typer.Option(None, "--at", help="Feature versions and clauses in force on this date."),
    actor: str = typer.Option(None, "--actor", help="Count only clauses binding this actor, e.g. IRN.IRGC."),
    clause: list[str] = typer.Option(None, "--clause", help="Only these clause ids (repeatable)."),
    equipment: str = typer.Option(None, "--equipment",
                                  help="Compare as for this unit type, e.g. sam: equipment bans that "
                                       "name it count, others do not."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the comparison as JSON."),
    geojson: Path = typer.Option(None, "--geojson", help="Write zones and differences as GeoJSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No tables or messages; only the files."),
    force: ForceOption = False,
) -> None:
    """Compare versions: zone areas, what each adds or removes, places and reports that change, stated km.

    Python: standoff.compare(pack, [A, B, ...], observations=obs, at=date, actor=code,
    clauses=[ids], equipment=unit)
    """
    use_force(force)
    import standoff
    from standoff.errors import StandoffError
    from standoff.files import write_atomic

    if len(agreements) < 2:
        raise StandoffError(f"give at least two agreements to compare; got {len(agreements)}")
    the_pack, ids = open_pack(pack, agreements)
    day = parse_day(at)
    obs = standoff.read_observations(observations, the_pack) if observations is not None else None
    result = standoff.compare(the_pack, ids or [], observations=obs, at=day, actor=actor,
                              clauses=clause or None, equipment=equipment)
    if not quiet:
        print_comparison(result)
    if output is not None:
        write_atomic(output, result.to_json() + "\n")
        if not quiet:
            console_err.print(f"wrote the comparison to {output}")
    if geojson is not None:
        data = result.geojson()
        write_atomic(geojson, json.dumps(data))
        if not quiet:
            console_err.print(f"wrote {len(data['features'])} zones and differences to {geojson}")


def _cell(status: str, margin: float | None) -> str:
    style = STYLE.get(status, "dim")
    shown = "" if margin is None else f" {margin:+.1f}" if abs(margin) >= 0.05 else " 0.0"
    return f"[{style}]{status}[/]{shown}"


def print_comparison(cmp: Comparison) -> None:
    """The comparison's tables on stderr."""
    when = f" on {cmp.at.isoformat()}" if cmp.at else ""
    table = Table(title=f"Forbidden zones, pack {cmp.pack_id}{when} (km² inside the theatre)")
    columns: list[tuple[str, Justify]] = [
        ("agreement", "left"), ("status", "left"), ("zone", "left"), ("area km²", "right"),
        (f"places inside (of {cmp.place_count})", "right")]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for a in cmp.areas:
        table.add_row(a.agreement_id, a.status, a.zone, f"{a.area_km2:,.0f}", str(a.places_inside))
    console_err.print(table)

    table = Table(title="Going from one version to another (km²)")
    columns = [("from", "left"), ("to", "left"), ("adds", "right"), ("removes", "right"), ("net", "right")]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    order = {aid: i for i, aid in enumerate(cmp.agreements)}
    for c in cmp.changes:
        if order[c.from_id] < order[c.to_id]:
            table.add_row(c.from_id, c.to_id, f"+{c.added_km2:,.0f}", f"-{c.removed_km2:,.0f}",
                          f"{c.added_km2 - c.removed_km2:+,.0f}")
    console_err.print(table)

    _shifts_table(cmp, cmp.places, f"Places that change (margin km, + = inside; {len(cmp.places)} of "
                                    f"{cmp.place_count})", "place")
    if cmp.observations is not None:
        _shifts_table(cmp, cmp.observations, f"Observations that change (worst verdict, margin km; "
                                             f"{len(cmp.observations)})", "observation")

    table = Table(title="Stated versus measured distance")
    columns = [("agreement", "left"), ("clause", "left"), ("boundary", "left"), ("stated km", "right"),
               ("measured km", "right"), ("± km", "right"), ("verdict", "left")]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for s in cmp.stated:
        measured = "" if s.min_km is None else (f"{s.min_km:.1f}" if s.min_km == s.max_km
                                                else f"{s.min_km:.1f}–{s.max_km:.1f}")
        verdict = {"discrepancy": "[red]DISCREPANCY[/]", "consistent": "[green]consistent[/]"}.get(
            s.status, "[dim]not measured[/]")
        table.add_row(s.agreement_id, s.clause_id, s.boundary,
                      f"{s.stated_km:g}", measured, "" if s.tolerance_km is None else f"{s.tolerance_km:.1f}",
                      verdict)
    console_err.print(table)
    for s in cmp.stated:
        if s.note:
            console_err.print(f"{s.agreement_id}/{s.clause_id}: {s.note}", markup=False)
    for note in cmp.notes:
        console_err.print(f"[dim]note: {escape(note)}[/]", highlight=False)


def _shifts_table(cmp: Comparison, shifts: list[Shift], title: str, first: str) -> None:
    table = Table(title=title)
    table.add_column(first)
    for aid in cmp.agreements:
        table.add_column(aid)
    for s in shifts:
        label = s.name if first == "place" else s.id
        table.add_row(escape(label), *(_cell(s.statuses[a], s.margins_km[a]) for a in cmp.agreements))
    if shifts:
        console_err.print(table)
    else:
        console_err.print(f"{title}: none")
