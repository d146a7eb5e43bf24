"""`standoff map`: an interactive HTML map that works with no network."""

from __future__ import annotations

from pathlib import Path

import typer

from standoff.cli import common
from standoff.cli.app import command, console_err
from standoff.cli.common import AreaVerticesOption, ForceOption, PackOption, ResultSource, StoreSource


@command("map")
def map_cmd(
    pack: PackOption,
    source: ResultSource = None,
    store: StoreSource = None,
    agreement: list[str] = typer.Option(None, "--agreement", "-a",
                                        help="Agreement id or .yaml to draw; repeatable "
                                        "(default: those checked)."),
    output: Path = typer.Option(Path("map.html"), "--output", "-o", help="The HTML file to write."),
    png: Path = typer.Option(None, "--png", help="Also write a static PNG map (matplotlib)."),
    title: str = typer.Option(None, "--title", help="Title shown on the map."),
    colour_by: str = typer.Option("agreement", "--colour-by", "--color-by",
                                  help="Colour zones by 'agreement' or by 'clause' (with a legend)."),
    force: ForceOption = False,
    max_area_vertices: AreaVerticesOption = 10_000,
) -> None:
    """Draw zones, reference lines, places and reports coloured by verdict on one HTML page.

    The page inlines Leaflet and a Natural Earth basemap: it opens with the network unplugged.

    Python: standoff.report.build_map(result, pack, agreements=[...], colour_by="clause")
    """
    from standoff.errors import StandoffError
    from standoff.files import write_atomic
    from standoff.report.map import build_map

    the_pack, ids, result = common.open_result(pack, agreement, source, store, force, max_area_vertices)
    if colour_by not in ("agreement", "clause"):
        raise StandoffError(f"--colour-by {colour_by}: choose agreement or clause")
    write_atomic(output, build_map(result, the_pack, agreements=ids, title=title,
                                   colour_by="clause" if colour_by == "clause" else "agreement"))
    console_err.print(f"wrote the map of {len(result.observations)} reports to {output}")
    if png is not None:
        common.write_static_map(png, result, the_pack, ids, title)
