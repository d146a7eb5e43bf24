"""The bearer token every write needs: STANDOFF_TOKEN, else a token file made once (mode 0600)."""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from standoff.errors import StandoffError

ENV = "STANDOFF_TOKEN"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def token_path(store: str | Path) -> Path:
    """Where the token of a store is kept when STANDOFF_TOKEN is not set: next to the store."""
    store = Path(store)
    return store.with_name(store.name + ".token")


def resolve_token(store: str | Path, *, create: bool = True) -> tuple[str | None, bool]:
    """The token and whether it was just made (then print it once).

    STANDOFF_TOKEN wins; else the token file next to the store; else, with `create`, a new
    random token written to that file (0600, never overwritten).
    """
    given = os.environ.get(ENV, "").strip()
    if given:
        return given, False
    path = token_path(store)
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        if not text:
            raise StandoffError("the token file is empty: delete it to make a new one", file=str(path))
        return text, False
    if not create:
        return None, False
    token = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it in between: use theirs
        return resolve_token(store, create=False)
    except OSError as exc:
        raise StandoffError(f"cannot write the token file: {exc.strerror}", file=str(path)) from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token + "\n")
    return token, True


def bearer_ok(header: str | None, token: str) -> bool:
    """Whether an Authorization header carries `token` (compared in constant time)."""
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def is_loopback(host: str) -> bool:
    """Whether binding `host` keeps the server on this machine."""
    if host in LOOPBACK:
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
