"""`standoff serve`: the store and the pack over HTTP (FastAPI on uvicorn).

    from standoff.serve import app, serve
    api = app("monitor.duckdb", "golan", token="...")      # a FastAPI app (for tests or your own server)
    serve("monitor.duckdb", "golan", port=8000)             # runs uvicorn on 127.0.0.1:8000

Endpoints: docs/serve.md, and /docs on a running server.
"""

from standoff.serve.app import app
from standoff.serve.auth import resolve_token, token_path
from standoff.serve.run import serve

__all__ = ["app", "resolve_token", "serve", "token_path"]
