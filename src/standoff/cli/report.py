"""`standoff report`: one HTML (and PDF) report with a section per agreement."""

from __future__ import annotations

from pathlib import Path

import typer

from standoff.cli import common
from standoff.cli.app import command, console_err
from standoff.cli.common import AreaVerticesOption, ForceOption, PackOption, ResultSource, StoreSource


@command("report")
def report_cmd(
    pack: PackOption,
    source: ResultSource = None,
    store: StoreSource = None,
    agreement: list[str] = typer.Option(None, "--agreement", "-a",
                                        help="Agreement id or .yaml; repeatable (default: those "
                                        "checked). Several versions get a comparison section."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o",
                                help="The HTML file to write."),
    pdf: Path = typer.Option(None, "--pdf", help="Also print it to PDF (needs Debian's chromium)."),
    png: Path = typer.Option(None, "--png", help="Also write a static PNG map of every version."),
    title: str = typer.Option(None, "--title", help="Title of the report."),
    force: ForceOption = False,
    max_area_vertices: AreaVerticesOption = 10_000,
) -> None:
    """Write a report: per agreement a map, clause counts, limits, a timeline and the findings.

    Python: standoff.report.build_report(result, pack, agreements=[...], pdf=False)
    """
    from standoff.files import write_atomic
    from standoff.report.report import build_report

    the_pack, ids, result = common.open_result(pack, agreement, source, store, force, max_area_vertices)
    page = build_report(result, the_pack, agreements=ids, title=title)
    write_atomic(output, page)
    console_err.print(f"wrote the report of {len(result.observations)} reports to {output}")
    if pdf is not None:
        from standoff.report.pdf import html_to_pdf

        write_atomic(pdf, html_to_pdf(page))
        console_err.print(f"wrote the PDF to {pdf}")
    if png is not None:
        common.write_static_map(png, result, the_pack, ids, title)
