"""One error tree and one catalogue of what bad input is told.

Every user-facing failure is a StandoffError that knows where it happened. The messages for
malformed input are named here, in `MESSAGES`, and built with `message(code, ...)`, so each
has one wording that a test asserts exactly (tests/test_malformed.py).
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

#: code -> wording of one class of bad input (str.format fields are filled by `message`)
MESSAGES: dict[str, str] = {
    # any text file
    "not-utf8": "not UTF-8: byte 0x{byte:02x} cannot be decoded; save the file as UTF-8",
    "binary": "a NUL byte: this is a binary file, not {kind}",
    "too-large": "the file is {size_mb:,.1f} MB, over the {limit_mb:,} MB limit "
                 "(raise it with --max-input-mb)",
    # YAML
    "yaml-too-deep": "nested more than {limit} levels deep",
    "yaml-too-many-nodes": "more than {limit:,} values once aliases are expanded; write the values out",
    "yaml-merge-key": "merge keys (<<) are not supported; write the keys out",
    "yaml-complex-key": "a key must be a plain value, not a {kind}",
    "yaml-tag": "the tag {tag} is not allowed; only plain YAML values are",
    "yaml-bad-value": "'{value}' is not a valid {kind} ({reason})",
    # agreements
    "zone-cycle": "zone {chain}: a zone cannot contain itself",
    "too-many": "{count:,} {what}, over the limit of {limit:,} per agreement",
    "end-before-start": "valid_to {end} is before valid_from {start}",
    "bad-instant": "'{value}' is not a day or an instant such as 2020-03-06T00:01+02:00 ({reason})",
    "instant-without-offset": "{value} has a time of day but no UTC offset; write it as "
    "2020-03-06T00:01+02:00 (or Z for UTC)",
    "km-too-far": "{km:g} km is farther than any two points on Earth are apart (20,004 km)",
    "empty-selector": "an actor selector cannot be empty; give a code such as IRN or IRN*",
    # tables
    "csv-extra-fields": "{count} fields, but the header has {header}",
    "csv-unclosed-quote": "a quote (\") opened here is never closed, so it runs to the end of the file",
    "csv-field-too-large": "a field over the {limit_kb:,} KB limit (raise it with --max-field-kb)",
    "json-too-deep": "JSON nested more than {limit} levels deep",
    "not-an-object": "expected a JSON object, got {kind}",
    "time-end-before-time": "'{end}' is before time '{start}'",
    "year-out-of-range": "'{value}' is not a date between years 1 and 9999",
    "geometry-kind": "a {kind}; expected a Point, Polygon or MultiPolygon",
    "self-intersecting": "the polygon crosses itself near lon {lon:.5f}, lat {lat:.5f}; fix the ring",
    # GeoParquet
    "geo-metadata": "the 'geo' metadata is not valid GeoParquet: {reason}",
    "geo-column-missing": "the 'geo' metadata names geometry column '{column}', which the table lacks",
    "geo-column-type": "column '{column}' holds {kind}, expected WKB geometries (binary)",
    "bad-crs": "column '{column}': CRS not understood: {reason}",
    "bad-wkb": "not valid WKB: {reason}",
}

#: code -> wording of a suspicious but legal input (printed as `warning: ...`, exit code unchanged)
WARNINGS: dict[str, str] = {
    "km-huge": "{km:g} km reaches more than a quarter of the way around the Earth; is the unit right?",
}


def message(code: str, **values: Any) -> str:
    """The catalogue's wording for `code`, filled with `values`."""
    return (MESSAGES.get(code) or WARNINGS[code]).format(**values)


def invalid(code: str, **values: Any) -> Exception:
    """A validation error for pydantic validators that carries the catalogue code as its type."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(code, message(code, **values).replace("{", "{{").replace("}", "}}"))


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
        code: str | None = None,
    ) -> None:
        # one line, whatever the input quoted in it holds (a CSV cell or YAML value may span lines)
        self.message = message.replace("\r\n", "\n").replace("\r", "\\r").replace("\n", "\\n")
        self.file = file
        self.line = line
        self.col = col
        self.row = row
        self.field = field
        self.code = code
        super().__init__(self.where() + self.message)

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


class StandoffWarning(UserWarning):
    """Suspicious but legal input: printed on stderr; `--strict` makes it an error (exit 2)."""


class SwappedCoordinatesWarning(StandoffWarning):
    """Coordinates look like latitude and longitude were exchanged."""


class InputWarning(StandoffWarning):
    """A value that is legal but probably not what was meant."""


def decode_utf8(data: bytes, error: type[StandoffError], file: str, kind: str) -> str:
    """`data` as text (a BOM dropped), or an error naming the line and column of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        nul = data.find(b"\x00", 0, 8192)
        if nul >= 0 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 is text, not binary
            offset = nul
        code = "binary" if offset == nul else "not-utf8"
        line, col = _line_col(data, offset)
        raise error(message(code, byte=data[offset], kind=kind), file=file, line=line, col=col,
                    code=code) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, col = _line_col(text.encode(), len(text[:nul].encode()))
        raise error(message("binary", kind=kind), file=file, line=line, col=col, code="binary")
    return text


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1
