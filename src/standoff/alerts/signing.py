"""Signing alerts: HMAC-SHA256 over "<timestamp>.<body>", sent as `Standoff-Signature: t=..,v1=..`.

The scheme is Stripe's: the timestamp is signed with the body, so a captured request cannot be
replayed later than the receiver's tolerance; `v1` names the algorithm so it can change.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from standoff.errors import StandoffError

__all__ = ["SECRET_ENV", "SIGNATURE_HEADER", "sign", "verify", "webhook_secret"]

SIGNATURE_HEADER = "Standoff-Signature"
SECRET_ENV = "STANDOFF_WEBHOOK_SECRET"


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header's value for `body`: "t=<unix seconds>,v1=<hex HMAC-SHA256>"."""
    t = int(time.time()) if timestamp is None else int(timestamp)
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, tolerance_s: float = 300.0,
           now: float | None = None) -> bool:
    """True when `header` signs `body` with `secret` and its timestamp is within the tolerance."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - t) > tolerance_s:
        return False
    expected = sign(secret, body, t).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def webhook_secret(store: str | Path) -> tuple[str, Path | None]:
    """The signing secret: $STANDOFF_WEBHOOK_SECRET, else the file `<store>.webhook-secret`.

    The file is created once (mode 0600) when missing; the second value is its path when it was
    just created (print the secret once), else None.
    """
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV], None
    path = Path(f"{store}.webhook-secret")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_text(encoding="utf-8").strip()
        if not secret:
            raise StandoffError("the webhook secret file is empty: delete it to make a new one",
                                file=str(path)) from None
        return secret, None
    except OSError as exc:
        raise StandoffError(f"cannot create the webhook secret file: {exc.strerror}",
                            file=str(path)) from None
    secret = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secret + "\n")
    return secret, path
