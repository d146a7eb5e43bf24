"""Verdicts: observation x clause, with margin, status and a sentence."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["violation", "possible", "compliant", "not_applicable"]
STATUSES: tuple[Status, ...] = ("violation", "possible", "compliant", "not_applicable")


class Verdict(BaseModel):
    """The finding for one observation under one clause."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    observation_id: str
    agreement_id: str
    clause_id: str
    status: Status
    margin_m: float | None = Field(
        description="Signed geodesic distance to the zone boundary, metres; positive = inside."
    )
    tolerance_m: float = Field(description="Observation radius plus boundary accuracy, metres.")
    nearest_lon: float | None = None
    nearest_lat: float | None = None
    feature_versions: str = Field(description="Feature versions used, e.g. 'LINE_A@1974'.")
    sentence: str
    quote: str = ""
    span: tuple[int, int] | None = Field(default=None, description="The quote's offsets in its source.")
    context: str = Field(default="", description="The whole sentence the quote comes from.")
    source: str = ""
    clause_quote: str = ""
    clause_source: str = ""


class LimitResult(BaseModel):
    """A limit clause over one time window: counts in the zone against the maximum."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agreement_id: str
    clause_id: str
    unit: str
    window_start: date | None
    window_end: date | None
    lower: int = Field(description="Units certainly in the zone.")
    upper: int = Field(description="Units certainly or possibly in the zone.")
    maximum: int
    status: Status
    observation_ids: list[str]
    sentence: str
