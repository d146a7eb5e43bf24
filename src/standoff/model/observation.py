"""Observations: reported positions, one record or a column set for fast evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from standoff.model.days import NO_TIME

#: Column names an observation table may carry, with their meaning (see README).
COLUMNS: dict[str, str] = {
    "id": "unique id of the report (text)",
    "time": "date or datetime of the report (ISO 8601); empty = unknown",
    "time_end": "end of the interval when the report covers a period (ISO 8601)",
    "actor": "actor code from the pack, e.g. IRN.IRGC",
    "lon": "longitude, degrees east (WGS84)",
    "lat": "latitude, degrees north (WGS84)",
    "geometry": "WKT or GeoJSON area instead of lon/lat (GeoJSON/GeoParquet use their geometry)",
    "radius_m": "location uncertainty radius in metres (default 0)",
    "count": "number of units reported (for limit clauses)",
    "unit": "unit type: soldier, tank, artillery, sam, ...",
    "activity": "what the report says they did, for no_activity clauses: firing, patrol, flight, ...",
    "source": "URL or citation of the report",
    "quote": "the words of the report",
    "attribution": "who says so, e.g. 'Israeli intelligence'",
    "confidence": "0..1, the analyst's confidence (default 1)",
}


class Observation(BaseModel):
    """One reported position: a point with an uncertainty radius, or an area."""

    model_config = ConfigDict(extra="forbid")

    id: str
    time: date | None = None
    time_end: date | None = None
    actor: str
    lon: float = Field(ge=-180, le=180, description="Longitude, degrees east.")
    lat: float = Field(ge=-90, le=90, description="Latitude, degrees north.")
    radius_m: float = Field(default=0.0, ge=0, description="Location uncertainty, metres.")
    area: list[tuple[float, float]] | None = Field(
        default=None, description="Outer ring [lon, lat] of an area observation."
    )
    count: int | None = Field(default=None, ge=0)
    unit: str | None = None
    activity: str | None = None
    source: str = ""
    quote: str = ""
    attribution: str = ""
    confidence: float = Field(default=1.0, ge=0, le=1)
    span: tuple[int, int] | None = Field(
        default=None, description="Start and end offsets of the quote in its source text."
    )
    context: str = Field(default="", description="The whole sentence the quote comes from.")

    @model_validator(mode="before")
    @classmethod
    def _dates(cls, data: object) -> object:
        if isinstance(data, dict):
            for key in ("time", "time_end"):
                if isinstance(data.get(key), datetime):
                    data = {**data, key: data[key].date()}
        return data


def _strings(values: list[object]) -> np.ndarray:
    return np.array(["" if v is None else str(v) for v in values], dtype=object)


@dataclass(frozen=True)
class ObservationSet:
    """Observations as columns (numpy arrays), the form the engine evaluates."""

    id: np.ndarray
    actor: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    radius_m: np.ndarray
    time: np.ndarray  # datetime64[D], NaT when unknown
    time_end: np.ndarray  # datetime64[D], NaT when a single day
    count: np.ndarray  # float64, NaN when not given
    unit: np.ndarray
    source: np.ndarray
    quote: np.ndarray
    attribution: np.ndarray
    confidence: np.ndarray
    area: list[list[tuple[float, float]] | None] = field(default_factory=list)
    origin: str = ""
    span: list[tuple[int, int] | None] = field(default_factory=list)  # of the quote, when known
    context: list[str] = field(default_factory=list)  # the sentence of the quote, when known
    activity: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    #: UTC seconds of `time` / `time_end` when given with a time of day and offset, else NO_TIME
    time_s: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    time_end_s: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))

    def instants(self) -> tuple[np.ndarray, np.ndarray]:
        """UTC seconds of the start and end of each report's time; NO_TIME where only days are known.

        A report without an end time is an instant (end = start); one whose end is a day only is
        read by its days.
        """
        n = len(self.id)
        if len(self.time_s) != n:
            return np.full(n, NO_TIME, np.int64), np.full(n, NO_TIME, np.int64)
        end = self.time_end_s if len(self.time_end_s) == n else np.full(n, NO_TIME, np.int64)
        no_end = np.isnat(self.time_end) if len(self.time_end) == n else np.ones(n, bool)
        end = np.where(no_end, self.time_s, end)
        timed = (self.time_s != NO_TIME) & (end != NO_TIME)
        return np.where(timed, self.time_s, NO_TIME), np.where(timed, end, NO_TIME)
    #: The table's other columns, kept through to the verdict files: name -> one value per row
    #: (a numpy array, or a pyarrow array with its type as read).
    extra: dict[str, Any] = field(default_factory=dict)

    def activities(self) -> np.ndarray:
        """The activity column, '' where none was given (also when the table had no such column)."""
        if len(self.activity) == len(self.id):
            return self.activity
        return np.full(len(self.id), "", dtype=object)

    def __len__(self) -> int:
        return len(self.id)

    @classmethod
    def from_records(cls, records: list[Observation], origin: str = "") -> ObservationSet:
        """Columns from a list of Observation records."""

        def col(name: str) -> list[object]:
            return [getattr(r, name) for r in records]

        def days(values: list[object]) -> np.ndarray:
            return np.array([np.datetime64(v, "D") if isinstance(v, date) else np.datetime64("NaT")
                             for v in values], dtype="datetime64[D]")

        return cls(
            id=_strings(col("id")),
            actor=_strings(col("actor")),
            lon=np.array(col("lon"), dtype=np.float64),
            lat=np.array(col("lat"), dtype=np.float64),
            radius_m=np.array(col("radius_m"), dtype=np.float64),
            time=days(col("time")),
            time_end=days(col("time_end")),
            count=np.array([np.nan if c is None else c for c in col("count")], dtype=np.float64),
            unit=_strings(col("unit")),
            source=_strings(col("source")),
            quote=_strings(col("quote")),
            attribution=_strings(col("attribution")),
            confidence=np.array(col("confidence"), dtype=np.float64),
            area=[r.area for r in records],
            origin=origin,
            span=[r.span for r in records],
            context=[str(c) for c in col("context")],
            activity=_strings(col("activity")),
        )

    def record(self, i: int) -> Observation:
        """Row `i` as an Observation record."""
        t, te = self.time[i], self.time_end[i]
        return Observation(
            id=str(self.id[i]),
            time=None if np.isnat(t) else t.astype(object),
            time_end=None if np.isnat(te) else te.astype(object),
            actor=str(self.actor[i]),
            lon=float(self.lon[i]),
            lat=float(self.lat[i]),
            radius_m=float(self.radius_m[i]),
            area=self.area[i] if self.area else None,
            count=None if np.isnan(self.count[i]) else int(self.count[i]),
            unit=str(self.unit[i]) or None,
            activity=str(self.activities()[i]) or None,
            source=str(self.source[i]),
            quote=str(self.quote[i]),
            attribution=str(self.attribution[i]),
            confidence=float(self.confidence[i]),
            span=self.span[i] if self.span else None,
            context=self.context[i] if self.context else "",
        )

    def records(self) -> list[Observation]:
        return [self.record(i) for i in range(len(self))]
