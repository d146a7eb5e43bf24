"""`standoff serve`: the store and the pack over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from standoff.cli.app import command
from standoff.cli.common import PackOption


@command("serve")
def serve_cmd(
    store: Annotated[Path, typer.Option("--store", help="The DuckDB store (made on the first POST).")],
    pack: PackOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; another than loopback "
                             "needs STANDOFF_TOKEN or an existing token file."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    webhook: list[str] = typer.Option(None, "--webhook", help="POST signed alerts of new violation and "
                                      "possible verdicts to this URL; repeatable."),
    max_request_mb: int = typer.Option(16, "--max-request-mb", min=1, help="Refuse bodies larger than this "
                                       "(413)."),
) -> None:
    """Serve verdicts, the live map and checked uploads over HTTP (OpenAPI at /docs).

    Writes need `Authorization: Bearer <token>`: STANDOFF_TOKEN, else a token file next to
    the store, made on first start and printed once.

    Python: standoff.serve.serve(store, pack, host=..., port=..., webhooks=[...])
    """
    from standoff.limits import MB
    from standoff.serve import serve

    serve(store, pack, host=host, port=port, webhooks=webhook or [], max_request_bytes=max_request_mb * MB)
