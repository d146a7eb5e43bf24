"""The Typer app and the one place where StandoffError becomes exit code 2."""

from __future__ import annotations

import contextvars
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from standoff.errors import StandoffError
from standoff.escape import terminal_safe

app = typer.Typer(
    name="standoff",
    help="Separation agreements as code: geodesic verdicts on reported force positions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class SafeConsole(Console):
    """A rich Console that drops control characters from the text it prints.

    Only the text of segments is cleaned; rich's own colours and cursor moves are added after,
    so a report id or quote cannot move the cursor, retitle the window or hide text.
    """

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None
               ) -> Iterator[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text:
                clean = terminal_safe(segment.text)
                if clean != segment.text:
                    segment = Segment(clean, segment.style)
            yield segment


console_err = SafeConsole(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 150)

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Print a StandoffError as one line on stderr and exit 2; Ctrl-C exits 130."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:  # in a copy of the context: options such as --force end with the command
            return contextvars.copy_context().run(func, *args, **kwargs)
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
