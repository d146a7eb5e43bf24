"""`standoff packs`, `agreements`, `zones` and `schema`: look at what a pack holds."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from standoff.cli.app import command, console_err, console_out
from standoff.cli.common import ForceOption, PackOption, open_pack, parse_day, use_force


@command("packs")
def packs_cmd() -> None:
    """List the built-in packs.

    Python: standoff.builtin_packs()
    """
    import standoff

    table = Table("pack", "title", "agreements", "places")
    for name in standoff.builtin_packs():
        pack = standoff.load_pack(name)
        table.add_row(name, pack.title, str(len(pack.agreements)), str(len(pack.places)))
    console_out.print(table)


@command("agreements")
def agreements_cmd(pack: PackOption) -> None:
    """List a pack's agreements with status, dates and clause count.

    Python: standoff.load_pack(pack).agreements
    """
    the_pack, _ = open_pack(pack)
    table = Table("id", "status", "signed", "title", "clauses")
    for a in the_pack.agreements.values():
        table.add_row(a.id, a.status, str(a.signed or ""), a.title, str(len(a.clauses)))
    console_out.print(table)


@command("zones")
def zones_cmd(
    pack: PackOption,
    agreement: str = typer.Option(..., "--agreement", "-a", help="Agreement id or .yaml file."),
    at: str = typer.Option(None, "--at", help="Zones in force on this date (default: every epoch)."),
    output: Path = typer.Option(..., "--output", "-o", help="GeoJSON file to write."),
    force: ForceOption = False,
) -> None:
    """Write an agreement's clause zones as GeoJSON polygons (lon/lat).

    Python: standoff.zones_geojson(pack, agreement_id, at=date)
    """
    use_force(force)
    import standoff
    from standoff.files import write_atomic

    the_pack, ids = open_pack(pack, [agreement])
    data = standoff.zones_geojson(the_pack, (ids or [agreement])[0], at=parse_day(at))
    write_atomic(output, json.dumps(data))
    console_err.print(f"wrote {len(data['features'])} zones to {output}")


@command("schema")
def schema_cmd(kind: str = typer.Argument(..., help="agreement, observation or verdict")) -> None:
    """Print the JSON Schema of an agreement file or an observation record.

    Python: standoff.schema("agreement")
    """
    import standoff

    typer.echo(json.dumps(standoff.schema(kind), indent=2))
