"""The `standoff` command: a thin Typer skin over the Python API.

Each command lives in its own module and calls one public function. Errors derived from
StandoffError are printed as one line on stderr with exit code 2.
"""

from __future__ import annotations

from standoff.cli import check as _check  # noqa: E402,F401

# Command modules register themselves on `app` when imported.
from standoff.cli import inspect as _inspect  # noqa: E402,F401
from standoff.cli.app import app, console_err

for _optional in ("read", "map", "report", "compare", "author", "history", "serve", "watch"):
    try:
        __import__(f"standoff.cli.{_optional}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"standoff.cli.{_optional}":
            raise

__all__ = ["app", "console_err", "main"]


def main() -> None:
    """Entry point used by the console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
