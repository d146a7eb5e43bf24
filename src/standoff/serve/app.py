"""The HTTP API: a FastAPI app over one store and one pack (endpoints in docs/serve.md).

Reads are open; every POST needs `Authorization: Bearer <token>`. Bad input gets the CLI's
own one-line message (`detail`, with `field`, `line` and `row` when known): 422 for content,
413 for a body over the size limit, 401 without the token, 404 for an unknown id.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow.compute as pc
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from standoff.alerts import Deliverer, check_webhook_url, webhook_secret
from standoff.errors import StandoffError
from standoff.limits import MB
from standoff.model import Pack
from standoff.serve import openapi
from standoff.serve.auth import bearer_ok
from standoff.serve.bodies import BodyLimit, parse_observations
from standoff.serve.rows import BRIEF, dumps, json_rows, result_table
from standoff.serve.writer import StoreWriter

SINCE = r"^([0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2})$"  # a run id or a date (documented; history checks it)
Status = Literal["violation", "possible", "compliant", "not_applicable"]


def _json(data: Any, status: int = 200) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json")


def _error(exc: StandoffError, status: int = 422) -> Response:
    where = {k: getattr(exc, k) for k in ("field", "line", "row") if getattr(exc, k) is not None}
    return _json({"detail": str(exc), **where}, status)


NOT_FOUND = "not-found"  # the code of a StandoffError that names an unknown id in the path (404)


def _agreements(pack: Pack, ids: Sequence[str] | None, field: str | None = None) -> list[str] | None:
    """`ids` if the pack has them all; else the engine's 'no agreement' message, naming `field`
    (a query parameter: 422) or, without one, an id in the path (404)."""
    from standoff.engine.check import select_agreements

    try:
        select_agreements(pack, list(ids or []))
    except StandoffError as exc:
        raise StandoffError(exc.message, field=field, code=None if field else NOT_FOUND) from None
    return list(ids) if ids else None


def app(store: str | Path, pack: Pack | str, *, token: str, max_request_bytes: int = 16 * MB,
        webhooks: Sequence[str] = ()) -> FastAPI:
    """The API over the store file `store` (made on the first POST) and `pack` (an id, folder or Pack).

    `token` is the bearer token writes must carry. With `webhooks`, each stored batch's new or
    changed violation and possible verdicts are queued as signed alerts to those URLs.
    """
    if not token:
        raise StandoffError("serve needs a token for writes (set STANDOFF_TOKEN)")
    if isinstance(pack, str):
        from standoff.packs import load_pack

        pack = load_pack(pack)
    writer = StoreWriter(store, pack, [check_webhook_url(url) for url in webhooks])
    api = FastAPI(title="standoff", version=_version(), description=__doc__ or "",
                  openapi_tags=openapi.TAGS)
    api.state.writer = writer
    api.state.deliverer = None
    if webhooks:  # signed alerts go out from a background thread: a dead endpoint never blocks a POST
        secret, _ = webhook_secret(store)
        api.state.deliverer = Deliverer(store, secret, log=_log).start()
    api.add_middleware(BodyLimit, max_bytes=max_request_bytes)

    @api.exception_handler(StandoffError)
    async def _standoff_error(request: Request, exc: StandoffError) -> Response:
        return _error(exc, 404 if exc.code == NOT_FOUND else 422)

    @api.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": ("request",), "msg": "invalid"}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body", "header")]
        field = ".".join(loc) or "request"
        return _json({"detail": f"field '{field}': {first.get('msg', 'invalid')}", "field": field}, 422)

    def authorize(request: Request) -> None:
        if not bearer_ok(request.headers.get("authorization"), token):
            raise HTTPException(401, "a write needs the header Authorization: Bearer <token>",
                                headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    _reads(api, writer)
    _writes(api, writer, authorize, api.state.deliverer)
    return api


def _reads(api: FastAPI, writer: StoreWriter) -> None:
    """The GET endpoints."""
    from standoff.store import history, load, observation

    pack = writer.pack

    @api.get("/agreements", tags=["pack"], responses=openapi.json_list("The pack's agreements"))
    def agreements() -> Response:
        return _json([{"id": a.id, "title": a.title, "status": a.status, "parties": a.parties,
                       "signed": a.signed and a.signed.isoformat(),
                       "valid_from": a.valid_from and a.valid_from.isoformat(),
                       "valid_to": a.valid_to and a.valid_to.isoformat(),
                       "clauses": [{"id": c.id, "kind": c.kind, "quote": c.quote} for c in a.clauses]}
                      for a in pack.agreements.values()])

    @api.get("/zones/{agreement}.geojson", tags=["pack"], responses=openapi.ZONES)
    def zones(agreement: str) -> Response:
        from standoff.engine.geojson import zones_geojson

        _agreements(pack, [agreement])
        return Response(dumps(zones_geojson(pack, agreement)), media_type="application/geo+json")

    @api.get("/verdicts", tags=["store"], responses=openapi.json_list("Verdicts"))
    def verdicts(since: str | None = Query(None, description="A run id or a date (YYYY-MM-DD): the "
                                           "verdicts new or changed after it. Without: the latest of each.",
                                           json_schema_extra={"pattern": SINCE}),
                 agreement: str | None = None, status: Status | None = None,
                 limit: int = Query(1000, ge=1, le=100_000)) -> Response:
        _agreements(pack, [agreement] if agreement else None, "agreement")
        if not writer.has_runs:
            return _json([])
        if since is not None:
            table = history(writer.path, since=since, agreement=agreement, status=status)
        else:
            table = result_table(load(writer.path, pack, agreements=[agreement] if agreement else None))
            if status is not None and table.num_rows:
                table = table.filter(pc.equal(table.column("status"), status))
        return _json(json_rows(table.slice(0, limit)))

    @api.get("/observations/{observation_id}", tags=["store"], responses=openapi.OBSERVATION)
    def one_observation(observation_id: str) -> Response:
        found = observation(writer.path, observation_id) if writer.has_runs else None
        if found is None or found["revisions"].num_rows == 0:
            raise StandoffError(f"no such observation '{observation_id}' in the store", code=NOT_FOUND)
        return _json({"observation_id": observation_id,
                      "revisions": json_rows(found["revisions"]), "verdicts": json_rows(found["verdicts"])})

    @api.get("/map", tags=["store"], response_class=HTMLResponse,
             responses={200: {"content": {"text/html": {}}, "description": "The offline map"}})
    def live_map() -> Response:
        from standoff.report.map import build_map

        result: Any = load(writer.path, pack) if writer.has_runs else writer.check(_no_observations())
        return HTMLResponse(build_map(result, pack))


def _writes(api: FastAPI, writer: StoreWriter, authorize: Any, deliverer: Deliverer | None) -> None:
    """The POST endpoints (each needs the token)."""

    @api.post("/observations", tags=["store"], openapi_extra=openapi.OBSERVATIONS_BODY,
              responses=openapi.POSTED)
    async def post_observations(request: Request, agreement: list[str] | None = Query(
            None, description="Check only these agreements (default: all).")) -> Response:
        authorize(request)
        agreement = _agreements(writer.pack, agreement, "agreement")
        with writer.arriving():  # the next joint check waits for this batch
            body = await request.body()
            obs, warned = parse_observations(body, request.headers.get("content-type", ""), writer.pack)
            stored = writer.submit(obs, agreement, f"POST /observations ({len(obs)} reports)")
        result, rows, added = await asyncio.wrap_future(stored)
        if deliverer is not None and added.get("alerts_queued"):
            deliverer.wake()
        return _json({**added, "observations": len(obs), "verdicts": json_rows(rows.select(BRIEF)),
                      "limits": [lim.model_dump(mode="json") for lim in result.limits], "warnings": warned})

    @api.post("/read", tags=["read"], openapi_extra=openapi.READ_BODY, responses=openapi.READ)
    async def post_read(request: Request, source: str = "request", published: str | None = None,
                        ner: Literal["claims", "all", "none"] = "claims") -> Response:
        authorize(request)
        from standoff.errors import SourceError, decode_utf8

        text = decode_utf8(await request.body(), SourceError, source, "text")
        if not text.strip():
            raise StandoffError("field 'body': no article text: send it as the request body (text/plain)",
                                field="body")
        from starlette.concurrency import run_in_threadpool

        return _json(await run_in_threadpool(_read, writer, text, source, published, ner))


def _read(writer: StoreWriter, text: str, source: str, published: str | None, ner: Any) -> dict[str, Any]:
    from datetime import date

    from standoff.read import observation_set, read_text

    day = None
    if published:
        try:
            day = date.fromisoformat(published)
        except ValueError:
            raise StandoffError(f"field 'published': '{published}' is not an ISO date such as 2018-07-23",
                                field="published") from None
    found = read_text(text, writer.pack, source=source, published=day, ner=ner)
    result = writer.check(observation_set(found))
    return {"claims": [c.model_dump(mode="json") for c in found.claims],
            "observations": [o.model_dump(mode="json", exclude={"span", "context"})
                             for o in found.observations],
            "verdicts": json_rows(result_table(result, BRIEF))}


def _no_observations() -> Any:
    from standoff.ingest.records import observations_from_records

    return observations_from_records([])


def _log(line: str) -> None:
    import sys

    print(line, file=sys.stderr, flush=True)


def _version() -> str:
    import sys

    return str(getattr(sys.modules.get("standoff"), "__version__", "dev"))

