"""Memory caps for tests of hostile input: a regression fails instead of eating the machine.

`memory_cap(mb)` lowers this process's address-space limit (RLIMIT_AS) to what it uses now plus
`mb` for the duration of a block; `run_capped` runs a Python snippet in a child under a cap.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")


def _vm_size_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


@contextmanager
def memory_cap(mb: int) -> Iterator[None]:
    """Allow this process at most `mb` MiB more address space inside the block."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_size_bytes() + (mb << 20)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def capped_tests(mb: int) -> object:
    """An autouse fixture running each test of a module under `memory_cap(mb)`:
    `_capped = capped_tests(1500)` at module level."""
    import pytest

    @pytest.fixture(autouse=True)
    def _capped() -> Iterator[None]:
        with memory_cap(mb):
            yield

    return _capped


def run_capped(code: str, *args: str, mb: int = 1500, timeout_s: float = 120.0,
               **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run `python -c code args...` with the repository's sources and an address-space cap."""

    def cap() -> None:  # runs in the child before exec
        resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))

    env = {**os.environ, "PYTHONPATH": SRC, **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout_s, preexec_fn=cap, env=env, check=False,
                          **kwargs)  # type: ignore[call-overload]


def popen_capped(code: str, *args: str, mb: int = 1500, **kwargs: object) -> subprocess.Popen[str]:
    """`run_capped` without waiting: the child, with pipes for stdout and stderr."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))

    env = {**os.environ, "PYTHONPATH": SRC, **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=cap, env=env,
                            **kwargs)  # type: ignore[call-overload]
