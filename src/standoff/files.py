"""Files written whole or not at all: every output of standoff goes through `write_atomic`.

`write_atomic` never harms the file it replaces: the data goes to a temporary file in the same
folder (named `.NAME.standoff-PID-RANDOM.tmp`) that replaces the target only once complete, so a
failure, Ctrl-C or SIGTERM leaves the old file as it was and removes the temporary one. A
replaced file keeps its permissions. A symlink, FIFO, device or socket is refused unless
`force=True` (the `--force` option): then a symlink's target is replaced and a FIFO or device is
written into. Temporary files left by a killed run (SIGKILL) are removed by the next write into
the same folder, once their process is gone.
"""

from __future__ import annotations

import contextvars
import os
import re
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from standoff.errors import StandoffError

__all__ = ["remove_stale", "set_force", "terminate_cleanly", "write_atomic"]

Data = str | bytes | Iterable[str | bytes | memoryview]

_FORCE: contextvars.ContextVar[bool] = contextvars.ContextVar("standoff_force", default=False)
_TMP = re.compile(r"^\..*\.standoff-(\d+)-[0-9a-f]+\.tmp$")
_SPECIAL = {stat.S_IFLNK: "a symlink", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device",
            stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def set_force(force: bool) -> None:
    """Let `write_atomic` write through symlinks, FIFOs and devices (the CLI's --force)."""
    _FORCE.set(bool(force))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale(folder: Path, pattern: re.Pattern[str] = _TMP) -> list[Path]:
    """Remove this tool's temporary files (or folders) in `folder` whose process has ended.

    `pattern` captures the writer's process id as group 1. Only entries owned by this user are
    touched, and symlinks are never followed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if not m or _pid_alive(int(m.group(1))):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if info.st_uid != os.getuid():
                continue
            if stat.S_ISDIR(info.st_mode):
                shutil.rmtree(entry.path, ignore_errors=True)
            elif stat.S_ISREG(info.st_mode):
                os.unlink(entry.path)
            else:
                continue
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _raise_exit(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def terminate_cleanly() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise SystemExit, so `finally` blocks clean up.

    Only in the main thread and only where the signal still has its default action.
    """
    saved: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) == signal.SIG_DFL:
                saved[sig] = signal.signal(sig, _raise_exit)
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


def _chunks(data: Data) -> Iterator[bytes | memoryview]:
    if isinstance(data, str | bytes):
        data = [data]
    for chunk in data:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


def _new_file_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | Path, data: Data, *, force: bool | None = None) -> Path:
    """Write `data` (text, bytes or an iterable of chunks) to `path` without harming what is there.

    See the module docstring. `force=None` takes the value of `set_force` (default False).
    """
    path = Path(path)
    force = _FORCE.get() if force is None else force
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StandoffError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise StandoffError(f"cannot write: {exc.strerror}", file=str(path)) from None
    if info is not None and stat.S_IFMT(info.st_mode) in _SPECIAL:
        kind = _SPECIAL[stat.S_IFMT(info.st_mode)]
        if not force:
            raise StandoffError(f"refusing to write: it is {kind}; use --force to write through it",
                                file=str(path))
        if stat.S_ISLNK(info.st_mode):
            return write_atomic(path.resolve(), data, force=True)
        with terminate_cleanly(), path.open("wb") as out:  # a FIFO or device: written into
            for chunk in _chunks(data):
                out.write(chunk)
        return path
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise StandoffError("cannot write: it is a folder", file=str(path))
    mode = stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode()
    remove_stale(folder)
    tmp = folder / f".{path.name}.standoff-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    with terminate_cleanly():
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(data):
                    out.write(chunk)
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise StandoffError(f"cannot write: {exc.strerror}", file=str(path)) from None
            raise
    return path
