"""`standoff init` and `standoff validate`: writing a pack of one's own."""

from __future__ import annotations

from pathlib import Path

import typer

from standoff.cli.app import command, console_err
from standoff.errors import StandoffError


@command("init")
def init_cmd(
    folder: Path = typer.Argument(..., help="New pack folder (must not exist or be empty)."),
    pack_id: str = typer.Option(None, "--id", help="Pack id (default: the folder's name)."),
    bbox: str = typer.Option("20,40,21,41", "--bbox",
                             help="Placeholder theatre as west,south,east,north in degrees."),
) -> None:
    """Scaffold a pack that loads and checks clean, ready to be edited.

    Python: standoff.packs.init_pack(folder, pack_id=..., bbox=(w, s, e, n))
    """
    from standoff.packs import init_pack

    try:
        box = tuple(float(v) for v in bbox.split(","))
    except ValueError:
        box = ()
    if len(box) != 4:
        raise StandoffError(f"--bbox: '{bbox}' is not four numbers west,south,east,north")
    init_pack(folder, pack_id=pack_id, bbox=box)
    console_err.print(f"wrote a new pack in {folder}: edit it, then "
                      f"`standoff validate --pack {folder}`", markup=False)


@command("validate")
def validate_cmd(
    pack: str = typer.Option(..., "--pack", "-p", help="Built-in pack id or pack folder."),
    strict: bool = typer.Option(False, "--strict", help="Exit 2 on warnings too."),
) -> None:
    """List every problem of a pack at once (file:line: level: message); exit 2 on an error.

    Python: standoff.packs.validate_pack(folder)
    """
    from standoff.packs import validate_pack

    problems = validate_pack(pack)
    for problem in problems:
        typer.echo(str(problem))
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    console_err.print(f"{pack}: {errors} error(s), {warnings} warning(s)", markup=False)
    if errors or (strict and warnings):
        raise typer.Exit(2)
