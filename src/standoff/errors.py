"""One error tree: every user-facing failure is a StandoffError that knows where it happened."""

from __future__ import annotations

from difflib import get_close_matches


class StandoffError(Exception):
    """Bad input or a request that cannot be met. The CLI prints it and exits 2."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.row = row
        self.field = field
        super().__init__(self.where() + message)

    def where(self) -> str:
        """A `file:line:col: ` or `file: row N: ` prefix, empty when nothing is known."""
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        prefix = ":".join(parts) + ": "
        if self.row is not None:
            prefix += f"row {self.row}: "
        return prefix


def did_you_mean(name: str, known: list[str]) -> str:
    """' (did you mean X?)' when a close match exists, else ''."""
    close = get_close_matches(name, known, n=1, cutoff=0.5)
    if not close:
        lowered = {k.lower(): k for k in known}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    return f" (did you mean {close[0]}?)" if close else ""


class AgreementError(StandoffError):
    """An agreement file that does not parse or validate."""


class PackError(StandoffError):
    """A pack folder that is missing, malformed, or refers to unknown ids."""


class ObservationError(StandoffError):
    """An observation table with a bad row or column."""


class SourceError(StandoffError):
    """A news source that cannot be read."""


class SwappedCoordinatesWarning(UserWarning):
    """Coordinates look like latitude and longitude were exchanged."""
