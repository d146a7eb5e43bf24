"""The Typer app and the one place where errors become exit codes.

StandoffError (bad input) prints one line and exits 2. A StandoffWarning prints `warning: ...`
and leaves the exit code alone, unless `--strict` makes it an error. Anything else is a bug:
one line `internal error in <command>: ...` and exit 3 (`--debug` shows the traceback).
"""

from __future__ import annotations

import contextvars
import functools
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TextIO, TypeVar

import click
import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style

from standoff.errors import StandoffError, StandoffWarning
from standoff.escape import terminal_safe
from standoff.limits import LIMITS, MB, Limits

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
    so a report id or quote cannot move the cursor, retitle the window or hide text. Styles
    that markup in such text could smuggle in are dropped too: links (OSC 8 escapes: standoff
    prints none) and concealed text.
    """

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None
               ) -> Iterator[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text:
                clean = terminal_safe(segment.text)
                style = segment.style
                if style is not None and (style.link or style.conceal):
                    style = style.update_link(None) + _SHOWN
                if clean != segment.text or style is not segment.style:
                    segment = Segment(clean, style)
            yield segment


_SHOWN = Style(conceal=False)


console_err = SafeConsole(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 150)
#: Data a list command prints (`standoff agreements | grep ...`); people-facing text goes to console_err.
console_out = SafeConsole(highlight=False, width=None if sys.stdout.isatty() else 150)

F = TypeVar("F", bound=Callable[..., Any])
#: what the global options asked for in this run (set by `_global_options`)
RUN = {"debug": False, "strict": False}


@app.callback()
def _global_options(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings about the input as errors (exit 2)."),
    max_input_mb: int = typer.Option(Limits.max_input_bytes // MB, "--max-input-mb",
                                     help="Refuse observation tables larger than this."),
    max_field_kb: int = typer.Option(Limits.max_field_bytes // 1024, "--max-field-kb",
                                     help="Refuse a CSV field larger than this."),
) -> None:
    """Separation agreements as code: geodesic verdicts on reported force positions."""
    RUN.update(debug=debug, strict=strict)
    LIMITS.max_input_bytes = max_input_mb * MB
    LIMITS.max_field_bytes = max_field_kb * 1024


def _say(prefix: str, text: str) -> None:
    console_err.print(prefix + text, markup=False, highlight=False, soft_wrap=True)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """Warnings about the input as one `warning: ...` line; others as Python prints them."""
    if issubclass(category, StandoffWarning):
        _say("warning: ", str(message))
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def handles_errors(func: F, name: str | None = None) -> F:
    """Bad input: one line on stderr, exit 2. Ctrl-C: exit 130. A bug: one line, exit 3."""
    name = name or func.__name__.removesuffix("_cmd")

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("error" if RUN["strict"] else "always", StandoffWarning)
            warnings.showwarning = _show_warning
            try:
                # in a copy of the context: options such as --force end with the command
                return contextvars.copy_context().run(func, *args, **kwargs)
            except StandoffError as exc:
                _say("error: ", str(exc))
                raise typer.Exit(2) from None
            except StandoffWarning as exc:
                _say("error: ", f"{exc} (an error with --strict)")
                raise typer.Exit(2) from None
            except KeyboardInterrupt:
                console_err.print("interrupted: nothing was written")
                raise typer.Exit(130) from None
            except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort,
                    click.ClickException):
                raise
            except Exception as exc:  # the last resort: a bug, not bad input
                if RUN["debug"]:
                    traceback.print_exc()
                first = (str(exc).splitlines() or [""])[0]
                _say("", f"internal error in {name}: {type(exc).__name__}: {first} — please report; "
                         "run with --debug for the traceback")
                raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def command(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Register a command on the app with uniform error handling."""

    def decorate(func: F) -> F:
        app.command(*args, **kwargs)(handles_errors(func, args[0] if args else kwargs.get("name")))
        return func

    return decorate
