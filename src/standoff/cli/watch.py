"""`standoff watch SOURCE... --pack P --store F`: check new feed items and drops as they come."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer

from standoff.cli.app import command, console_err
from standoff.cli.common import open_pack


@command("watch")
def watch_cmd(
    sources: list[str] = typer.Argument(..., help="RSS/Atom feed URLs, folders of CSV/GeoJSON/GeoParquet "
                                        "drops, or table files (ACLED and GDELT exports too)."),
    pack: str = typer.Option(..., "--pack", "-p", help="Built-in pack id or pack folder."),
    store: Path = typer.Option(..., "--store", help="The DuckDB store (made if missing)."),
    agreement: list[str] = typer.Option(None, "--agreement", "-a",
                                        help="Only these agreements (repeatable)."),
    every: str = typer.Option("15m", "--every", help="Time between passes: 30s, 15m, 2h."),
    once: bool = typer.Option(False, "--once", help="One pass, then exit (for cron)."),
    webhook: list[str] = typer.Option(None, "--webhook", help="POST signed alerts for new or changed "
                                      "violation/possible verdicts here (repeatable)."),
    max_bytes: int = typer.Option(10_000_000, "--max-bytes", min=1, help="Largest feed or article fetched."),
    deadline: float = typer.Option(30.0, "--deadline", min=0.1, help="Seconds for one feed or article."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Let feed URLs reach loopback, "
                                       "LAN and link-local addresses."),
) -> None:
    """Check new items of feeds, folders and event files every --every, storing each once.

    Python: standoff.watch.watch(sources, pack, store, every_s=..., once=..., webhooks=[...])
    """
    from dataclasses import replace

    from standoff.alerts import webhook_secret
    from standoff.watch import WATCH_LIMITS, parse_every, watch

    every_s = parse_every(every)
    the_pack, ids = open_pack(pack, agreement)
    if webhook:
        secret, created = webhook_secret(store)
        if created is not None:
            console_err.print(f"webhook secret (saved in {created}, shown only now): {secret}", markup=False)
    limits = replace(WATCH_LIMITS, max_bytes=max_bytes, deadline_s=deadline, allow_private=allow_private)
    totals = watch(sources, the_pack, store, agreements=ids, every_s=every_s, once=once,
                   webhooks=webhook or (), limits=limits, command=shlex.join(["standoff", *sys.argv[1:]]))
    passes = f"{totals['passes']} pass{'es' if totals['passes'] != 1 else ''}"
    console_err.print(f"watched {passes}: {totals['items']} new items, "
                      f"{totals['observations_added']} observations and {totals['verdicts_added']} verdicts "
                      f"new or changed, {totals['alerts_queued']} alerts queued, {totals['errors']} errors")
