"""Agreements: sources, named zones and clauses that bind actors."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from standoff.model.actor import selector_list
from standoff.model.zone import Zone

_SELECTORS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
SELECTORS_SCHEMA = {"anyOf": [*_SELECTORS["anyOf"], {
    "type": "object", "additionalProperties": False, "required": ["any"],
    "properties": {"any": _SELECTORS, "except": _SELECTORS},
    "description": "Everyone the 'any' selectors match, except those the 'except' selectors match."}]}
ClauseKind = Literal["must_not_enter", "must_stay_in", "limit", "no_equipment", "no_activity"]
#: Activities a no_activity clause may name; observations carry one in their `activity` column.
ACTIVITIES = ("firing", "artillery_drill", "flight", "strike", "patrol", "exercise", "construction")
Status = Literal["signed", "reported", "proposed", "claimed"]


class Source(BaseModel):
    """Where the wording of an agreement comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    title: str
    url: str | None = None
    published: date | None = None


class Clause(BaseModel):
    """Who must (not) be where, when, in the words of a source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    actor: Annotated[list[str], WithJsonSchema(SELECTORS_SCHEMA)] = Field(
        description="Actor selectors such as 'IRN*' or 'SYR.SAA' (one string or a list), or "
        "{any: '*', except: ['TUR*', 'RUS*']}."
    )
    kind: ClauseKind
    zone: Zone
    quote: str = Field(min_length=1, description="The source's own words for this clause.")
    source: str = Field(description="Id of one of the agreement's sources.")
    max: dict[str, int] | None = Field(
        default=None, description="limit: the most units of each type allowed in the zone."
    )
    window_days: int = Field(default=1, ge=1, description="limit: counts add up over this window.")
    equipment: list[str] | None = Field(default=None, description="no_equipment: unit types.")
    activity: list[str] | None = Field(
        default=None, description=f"no_activity: the activities forbidden in the zone "
        f"({', '.join(ACTIVITIES)}, or your own words, matched to observations' activity column).")
    valid_from: date | None = None
    valid_to: date | None = None
    stated_km: float | None = Field(
        default=None, description="A distance the source states, for stated-versus-measured checks."
    )

    @model_validator(mode="before")
    @classmethod
    def _actor_list(cls, data: object) -> object:
        if isinstance(data, dict) and "actor" in data:
            data = {**data, "actor": selector_list(data["actor"])}
        return data

    @model_validator(mode="after")
    def _kind_fields(self) -> Clause:
        if self.kind == "limit" and not self.max:
            raise ValueError("a limit clause needs max: {unit: count}")
        if self.kind == "no_equipment" and not self.equipment:
            raise ValueError("a no_equipment clause needs equipment: [types]")
        if self.kind == "no_activity" and not self.activity:
            raise ValueError("a no_activity clause needs activity: [firing, patrol, ...]")
        if self.activity and self.kind != "no_activity":
            raise ValueError(f"activity is only for no_activity clauses, not {self.kind}")
        if not any(not s.startswith("!") for s in self.actor):
            raise ValueError("actor: give at least one selector that is not an exception")
        if self.kind not in ("limit",) and self.max:
            raise ValueError(f"max is only for limit clauses, not {self.kind}")
        return self


class Agreement(BaseModel):
    """One version of a separation arrangement."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    status: Status
    parties: list[str] = []
    signed: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    summary: str = ""
    sources: list[Source] = Field(min_length=1)
    zones: dict[str, Zone] = {}
    clauses: list[Clause] = Field(min_length=1)

    @model_validator(mode="after")
    def _refs(self) -> Agreement:
        ids = [c.id for c in self.clauses]
        if len(ids) != len(set(ids)):
            raise ValueError("clause ids must be unique")
        return self

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)
