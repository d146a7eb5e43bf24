"""A real webhook receiver for the tests: http.server on a free loopback port, in a thread."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from standoff.alerts import SIGNATURE_HEADER, verify


class Loopback:
    """An http.server on 127.0.0.1 (a free port unless given), served from a thread while in `with`."""

    def serve(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class Receiver(Loopback):
    """Records every POST; answers `fail_first` of them with 500 and can sleep `delay_s` first."""

    def __init__(self, secret: str, *, fail_first: int = 0, delay_s: float = 0.0, port: int = 0) -> None:
        self.secret, self.fail_first, self.delay_s = secret, fail_first, delay_s
        self.received: list[dict[str, Any]] = []  # every request, failed ones too
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(outer.delay_s)
                with outer.lock:
                    fail = len(outer.received) < outer.fail_first
                    outer.received.append({
                        "at": time.time(), "body": body, "key": self.headers["Idempotency-Key"],
                        "signature": self.headers[SIGNATURE_HEADER], "failed": fail,
                        "valid": verify(outer.secret, self.headers[SIGNATURE_HEADER] or "", body)})
                self.send_response(500 if fail else 204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.serve(Handler, port)
        self.url = f"{self.base}/hook"

    def delivered(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.received if not r["failed"]]
