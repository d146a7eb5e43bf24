"""`standoff read`: news articles -> claims, observations, draft clauses (or verdicts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from standoff.cli.app import command, console_err
from standoff.cli.common import ForceOption, use_force
from standoff.errors import StandoffError


@command("read")
def read_cmd(
    sources: Annotated[list[str], typer.Argument(help="Files (.txt, .html), URLs, feeds, or - for stdin.")],
    pack: str = typer.Option(None, "--pack", "-p", help="Built-in pack id or pack folder "
                             "(optional: without it the world gazetteer alone places names)."),
    published: str = typer.Option(None, "--published",
                                  help="Publication date (YYYY-MM-DD) for relative dates."),
    check: bool = typer.Option(False, "--check", help="Check the observations against the pack's "
                               "agreements and print the check table."),
    places: bool = typer.Option(False, "--places", help="Output every place mention instead."),
    draft: Path = typer.Option(None, "--draft-agreement",
                               help="Write demands and proposals as a draft agreement YAML."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the data here: .json "
                                "(everything), .csv (observations); verdicts with --check."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", min=1,
                                  help="Read at most this many bytes from each source."),
    deadline: float = typer.Option(60.0, "--deadline", min=0.1,
                                   help="Seconds allowed to fetch one URL, redirects included."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Let URLs reach loopback, "
                                       "private and link-local addresses (refused by default)."),
    force: ForceOption = False,
) -> None:
    """Read news text into claims, observations and draft clauses.

    Python: standoff.read_articles([SOURCE, ...], load_pack(PACK), published=DATE) (the pack
    is optional: read_articles([SOURCE, ...]) uses the world gazetteer alone), then
    standoff.read.output.write_read(result, OUT) and write_draft(result, pack, DRAFT)
    """
    use_force(force)
    from standoff.cli.common import open_pack, parse_day
    from standoff.read import SourceLimits, read
    from standoff.read.output import render_read, write_read

    if pack is None and (check or draft is not None):
        raise StandoffError("--check and --draft-agreement need --pack: agreements and zones "
                            "belong to a pack")
    the_pack = open_pack(pack)[0] if pack is not None else None
    day = parse_day(published, "--published")
    limits = SourceLimits(max_bytes=max_bytes, deadline_s=deadline, allow_private=allow_private)
    result = read(sources, the_pack, published=day, ner="all" if places else "claims", limits=limits)
    if draft is not None:
        _draft(result, the_pack, draft, quiet)
    if check:
        _check(result, the_pack, output, quiet)
        return
    if output is None:
        import sys

        from standoff.escape import terminal_safe

        text = render_read(result, places=places)
        typer.echo(terminal_safe(text) if sys.stdout.isatty() else text, nl=False)
    else:
        write_read(result, output, places=places)
    if not quiet:
        _summary(result, places)


def _draft(result: Any, pack: Any, draft: Path, quiet: bool) -> None:
    """Write the draft agreement, or say why there is none (a finding, not an error)."""
    from standoff.read.output import write_draft

    written = write_draft(result, pack, draft)
    if written and not quiet:
        console_err.print(f"wrote {written} draft clauses to {draft}")
    elif not written:
        console_err.print(f"nothing to draft: no demand or proposal naming a zone of the pack "
                          f"was found; {draft} not written")


def _check(result: Any, pack: Any, output: Path | None, quiet: bool) -> None:
    """Check the observations read, write the verdicts if asked, and print the summary."""
    import standoff
    from standoff.cli.check import print_summary
    from standoff.read import observation_set

    verdicts = standoff.check(observation_set(result), pack)
    if output is not None:
        standoff.write_result(verdicts, output)
    if not result.observations:
        console_err.print(f"no observations: {len(result.claims)} claims, none of them a "
                          "located position, so nothing was checked")
    elif not quiet:
        print_summary(verdicts)


def _summary(result: Any, places: bool) -> None:
    from rich.table import Table

    if places:
        table = Table(title=f"{len(result.places)} place mentions")
        for name in ("text", "name", "kind", "lon", "lat", "±km", "id"):
            table.add_column(name)
        for p in result.places:
            table.add_row(p.text, p.name or "[red]unresolved[/]", p.kind or "",
                          f"{p.lon:.3f}" if p.lon is not None else "",
                          f"{p.lat:.3f}" if p.lat is not None else "",
                          f"{(p.uncertainty_m or 0) / 1000:g}", p.gazetteer_id or "")
        console_err.print(table)
        return
    table = Table(title=f"{len(result.claims)} claims, {len(result.observations)} observations, "
                        f"{len(result.clauses)} draft clauses")
    for name in ("claim", "kind", "actor", "predicate", "modality", "where", "when", "count"):
        table.add_column(name)
    for c in result.claims:
        where = (c.modifiers[0].text if c.modifiers else (c.place.text if c.place else ""))
        when = "" if c.time is None else f"{c.time}" + (f"..{c.time_end}" if c.time_end else "")
        table.add_row(c.id, c.kind, c.actor, c.predicate, c.modality, where, when,
                      "" if c.count is None else f"{c.count} {c.unit}")
    console_err.print(table)
    if result.unresolved:
        names = ", ".join(sorted({u.text for u in result.unresolved}))
        console_err.print(f"[yellow]unresolved places:[/] {names}")
