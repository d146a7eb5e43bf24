"""Request bodies: a size cap (413) and observation tables from CSV or JSON bodies."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from standoff.errors import ObservationError, StandoffWarning, decode_utf8
from standoff.ingest import strict
from standoff.ingest.records import observations_from_csv, observations_from_records
from standoff.limits import MB
from standoff.model import ObservationSet, Pack


def too_large(limit: int) -> str:
    """The 413 message."""
    return (f"the request body is over the {limit / MB:,.1f} MB limit "
            "(raise it with standoff serve --max-request-mb)")


class BodyLimit:
    """Refuse a body over `max_bytes` with 413: by its Content-Length, or while it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await JSONResponse({"detail": too_large(self.max_bytes)}, 413)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)


def parse_observations(body: bytes, content_type: str, pack: Pack) -> tuple[ObservationSet, list[str]]:
    """The observations of a body (text/csv, or application/json: a list of records) and its warnings."""
    kind = content_type.split(";")[0].strip().lower()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StandoffWarning)
        if kind in ("text/csv", "application/csv"):
            obs = observations_from_csv(body, pack, name="request.csv")
        elif kind == "application/json" or kind.endswith("+json"):
            obs = observations_from_records(_json(body, "request.json"), pack, name="request.json")
        else:
            raise HTTPException(415, f"the content type must be text/csv or application/json, not "
                                f"'{kind or 'none'}'")
    if len(obs) == 0:
        raise ObservationError("no reports: the body holds no rows", file=obs.origin or None)
    return obs, [str(w.message) for w in caught if issubclass(w.category, StandoffWarning)]


def _json(body: bytes, name: str) -> Any:
    text = decode_utf8(body, ObservationError, name, "JSON")
    strict.check_json_depth(Path(name), text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ObservationError(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno) from None
