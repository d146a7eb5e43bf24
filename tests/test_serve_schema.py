"""Property tests of the HTTP API from its own OpenAPI schema (schemathesis), on a real uvicorn server.

Every operation gets a bounded number of generated requests, with the token: no answer may be
a server error, and each must match the status codes, content types and schemas the API
documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

import standoff
from standoff.serve import app
from tests._server import LiveServer
from tests.test_serve import AUTH, TOKEN, records


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = Path(tmp_path_factory.mktemp("schema")) / "monitor.duckdb"
    server = LiveServer(app(store, standoff.load_pack("golan"), token=TOKEN, max_request_bytes=64 * 1024))
    import httpx

    httpx.post(server.url + "/observations", json=records("s-"), headers=AUTH, timeout=60)  # a store to read
    yield server
    server.stop()


def _schema() -> Any:
    """The app's own OpenAPI document (built without a store; the tests send to the live server)."""
    import tempfile

    unused = Path(tempfile.mkdtemp(prefix="standoff-schema-")) / "never-written.duckdb"
    return schemathesis.openapi.from_dict(app(unused, "golan", token=TOKEN).openapi())


schema = _schema()


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
def test_the_api_keeps_its_schema(case: Any, live: LiveServer) -> None:
    # A schema cannot say every rule of a report (a date that exists, lon and lat or a geometry,
    # ids unique in a table): such schema-valid input gets 422 with the CLI's words, by design.
    case.call_and_validate(base_url=live.url, headers=AUTH, timeout=60,
                           excluded_checks=[positive_data_acceptance])
