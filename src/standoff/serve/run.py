"""`serve`: the API on uvicorn, on 127.0.0.1 unless another host is asked for."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from standoff.errors import StandoffError
from standoff.limits import MB
from standoff.model import Pack
from standoff.serve.auth import ENV, is_loopback, resolve_token, token_path


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def serve(store: str | Path, pack: Pack | str, *, host: str = "127.0.0.1", port: int = 8000,
          webhooks: Sequence[str] = (), max_request_bytes: int = 16 * MB,
          say: Callable[[str], None] = _stderr) -> None:
    """Serve the API over `store` and `pack` until interrupted.

    Another host than loopback is refused unless a token already exists (STANDOFF_TOKEN or
    the token file): a server reachable from the network is not started with a token made
    on the spot. Reads need no token, so a warning says who can read the store.
    """
    import uvicorn

    from standoff.serve.app import app

    local = is_loopback(host)
    token, made = resolve_token(store, create=local)
    if token is None:
        raise StandoffError(f"--host {host} serves beyond this machine: set {ENV}, or start once on "
                            f"127.0.0.1 to make the token file {token_path(store)}, first")
    if made:
        say(f"made the token for writes (shown once; kept in {token_path(store)}, mode 0600): {token}")
    if not local:
        say(f"warning: listening on {host}:{port}: anyone who can reach it can read the store; "
            "writes need the token; put TLS in front of it")
    if webhooks:
        from standoff.alerts import webhook_secret

        secret, made_secret = webhook_secret(store)
        if made_secret is not None:
            say(f"made the webhook signing secret (shown once; kept in {made_secret}, mode 0600): {secret}")
    api = app(store, pack, token=token, max_request_bytes=max_request_bytes, webhooks=webhooks)
    say(f"serving {store} with pack {api.state.writer.pack.id} on http://{host}:{port} (API at /docs)")
    try:
        uvicorn.run(api, host=host, port=port, log_level="warning", access_log=False)
    finally:
        if api.state.deliverer is not None:
            api.state.deliverer.stop()
        api.state.writer.close()
