"""Fetching a URL that someone else chose: bounded in time and bytes, public addresses only.

- Only http and https, checked again at every redirect (redirects are followed here, not by a
  library, at most `max_redirects`).
- The host is resolved once and every address checked: loopback, private, link-local (cloud
  metadata such as 169.254.169.254), multicast and reserved addresses are refused unless
  `allow_private`; the connection then goes to the checked address, so a second DNS answer
  cannot swap it (DNS rebinding).
- A total deadline per URL (redirects included) besides the connect/idle timeout: a server that
  drips one byte every few seconds is cut off, and so is a body longer than `max_bytes`; the
  name lookup counts against it too (a stuck resolver is abandoned when the time is up).
- The final URL, after redirects, is what the document is credited to.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from standoff.errors import SourceError

__all__ = ["Fetched", "SourceLimits", "fetch_url", "read_capped"]

USER_AGENT = "standoff-read/0.1 (+https://github.com/standoff)"
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class SourceLimits:
    """How much `read` takes from one source; each has a command-line flag to raise it."""

    max_bytes: int = 10_000_000  # --max-bytes: from a file, stdin, a URL or a feed
    timeout_s: float = 20.0  # connect, and the longest silence while reading
    deadline_s: float = 60.0  # --deadline: the whole fetch of one URL, redirects included
    max_redirects: int = 5
    allow_private: bool = False  # --allow-private: loopback, LAN, link-local addresses
    allowed_networks: tuple[str, ...] = ()  # private networks allowed even so (e.g. a mirror)
    resolve: Callable[..., Any] = socket.getaddrinfo  # the system resolver, under the deadline too


@dataclass(frozen=True)
class Fetched:
    """The body of a URL and what its headers said about it."""

    url: str  # the final URL, after redirects
    data: bytes
    content_type: str
    charset: str | None


def too_big(limits: SourceLimits, source: str) -> SourceError:
    """The error for a source larger than the byte cap."""
    return SourceError(f"more than {limits.max_bytes:,} bytes: raise the limit with --max-bytes",
                       file=source)


def read_capped(stream: object, limits: SourceLimits, source: str) -> bytes:
    """At most `limits.max_bytes` from a binary stream, or a SourceError if there is more."""
    data = stream.read(limits.max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > limits.max_bytes:
        raise too_big(limits, source)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _public(address: str, limits: SourceLimits) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(n, strict=False) for n in limits.allowed_networks):
        return True
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int, limits: SourceLimits, left_s: float, url: str) -> list[Any]:
    """getaddrinfo in a helper thread, abandoned when the deadline passes: it has no timeout."""
    answer: list[Any] = []

    def ask() -> None:
        try:
            answer.append(limits.resolve(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            answer.append(exc)

    worker = threading.Thread(target=ask, daemon=True)
    worker.start()
    worker.join(max(left_s, 0.0))
    if not answer:
        raise SourceError(f"cannot fetch: {host} did not resolve within {limits.deadline_s:g} s "
                          "(--deadline raises it)", file=url)
    if isinstance(answer[0], BaseException):
        raise SourceError(f"cannot fetch: cannot resolve {host} ({answer[0]})", file=url)
    return list(answer[0])


def _addresses(host: str, port: int, limits: SourceLimits, url: str,
               left_s: float = float("inf")) -> list[tuple]:  # type: ignore[type-arg]
    infos = _resolve(host, port, limits, min(left_s, limits.deadline_s), url)
    if not limits.allow_private:
        for *_, sockaddr in infos:
            if not _public(sockaddr[0], limits):
                raise SourceError(f"refusing to fetch from {sockaddr[0]}, a private, loopback or "
                                  "link-local address (--allow-private allows it)", file=url)
    return [(family, sockaddr) for family, _, _, _, sockaddr in infos]


class _Deadline:
    """Shuts the socket down when the time is up, so no read can outlast the deadline."""

    def __init__(self, end: float) -> None:
        self.end = end
        self.expired = False
        self._timer: threading.Timer | None = None

    def left(self) -> float:
        return self.end - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        def expire() -> None:
            self.expired = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        self._timer = threading.Timer(max(self.left(), 0.0), expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _connect(parts: urllib.parse.SplitResult, limits: SourceLimits, clock: _Deadline,
             url: str) -> socket.socket:
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    error: OSError | None = None
    for family, sockaddr in _addresses(host, port, limits, url, clock.left()):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(max(min(limits.timeout_s, clock.left()), 0.001))
        try:
            sock.connect(sockaddr)  # the address checked above, never resolved again
        except OSError as exc:
            sock.close()
            error = exc
            continue
        clock.watch(sock)  # from here on, the deadline also bounds the TLS handshake
        if parts.scheme == "https":
            try:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
            except OSError:
                sock.close()
                raise
        return sock
    raise SourceError(f"cannot fetch: {getattr(error, 'strerror', None) or error}", file=url)


def _get(url: str, limits: SourceLimits, clock: _Deadline) -> tuple[int, str | None, Fetched | None]:
    """One request: (status, redirect location, body) with the body read under the caps."""
    parts = urllib.parse.urlsplit(url)
    try:
        sock = _connect(parts, limits, clock, url)
    except (OSError, ssl.SSLError) as exc:
        clock.cancel()
        if clock.expired:
            raise SourceError(f"cannot fetch: no complete answer within {limits.deadline_s:g} s "
                              "(--deadline raises it)", file=url) from None
        raise SourceError(f"cannot fetch: {exc}", file=url) from None
    try:
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
        conn.sock = sock
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        conn.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                                             "Connection": "close"})
        response = conn.getresponse()
        if response.status in _REDIRECTS:
            return response.status, response.getheader("Location"), None
        if response.status >= 400:
            raise SourceError(f"HTTP {response.status} {response.reason}", file=url)
        chunks, size = [], 0
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > limits.max_bytes:
                raise too_big(limits, url)
            chunks.append(chunk)
            sock.settimeout(max(min(limits.timeout_s, clock.left()), 0.001))
        if clock.expired:
            raise TimeoutError
        message = response.headers
        return response.status, None, Fetched(url, b"".join(chunks), message.get_content_type() or "",
                                              message.get_content_charset())
    except (OSError, http.client.HTTPException) as exc:
        if clock.expired or clock.left() <= 0.05:
            raise SourceError(f"cannot fetch: no complete answer within {limits.deadline_s:g} s "
                              "(--deadline raises it)", file=url) from None
        if isinstance(exc, TimeoutError):
            raise SourceError(f"cannot fetch: silent for {limits.timeout_s:g} s", file=url) from None
        raise SourceError(f"cannot fetch: {exc}", file=url) from None
    finally:
        clock.cancel()
        sock.close()


def fetch_url(url: str, limits: SourceLimits) -> Fetched:
    """GET `url` following at most `limits.max_redirects` redirects, each checked like the first."""
    clock = _Deadline(time.monotonic() + limits.deadline_s)
    for _ in range(limits.max_redirects + 1):
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise SourceError(f"refusing to follow a redirect to {scheme}: only http and https",
                              file=url)
        status, location, fetched = _get(url, limits, clock)
        if fetched is not None:
            return fetched
        if not location:
            raise SourceError(f"HTTP {status} without a Location", file=url)
        url = urllib.parse.urljoin(url, location)
    raise SourceError(f"more than {limits.max_redirects} redirects", file=url)
