"""The Typer app and the one place where StandoffError becomes exit code 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from standoff.errors import StandoffError

app = typer.Typer(
    name="standoff",
    help="Separation agreements as code: geodesic verdicts on reported force positions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console_err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 150)

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Print a StandoffError as one line on stderr and exit 2; Ctrl-C exits 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StandoffError as exc:
            console_err.print("error: " + str(exc), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            console_err.print("interrupted: nothing was written")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Register a command on the app with uniform error handling."""

    def decorate(func: F) -> F:
        app.command(*args, **kwargs)(handles_errors(func))
        return func

    return decorate
