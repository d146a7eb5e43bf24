"""Agreements: sources, named zones and clauses that bind actors."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from standoff.errors import invalid, message
from standoff.limits import LIMITS
from standoff.model.actor import selector_list
from standoff.model.days import Moment, earlier, moment_text
from standoff.model.zone import RefZone, Zone

_SELECTORS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
SELECTORS_SCHEMA = {"anyOf": [*_SELECTORS["anyOf"], {
    "type": "object", "additionalProperties": False, "required": ["any"],
    "properties": {"any": _SELECTORS, "except": _SELECTORS},
    "description": "Everyone the 'any' selectors match, except those the 'except' selectors match."}]}
ClauseKind = Literal["must_not_enter", "must_stay_in", "limit", "no_equipment", "no_activity"]
#: Activities a no_activity clause may name; observations carry one in their `activity` column.
ACTIVITIES = ("firing", "artillery_drill", "flight", "strike", "patrol", "exercise", "construction")
Status = Literal["signed", "reported", "proposed", "claimed"]


def _moment(value: object) -> object:
    """A day stays a day; a time of day needs its UTC offset (`2020-03-06T00:01+02:00`, or Z)."""
    if isinstance(value, str) and len(value.strip()) > 10:
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError as exc:
            raise invalid("bad-instant", value=text, reason=exc) from None
    if isinstance(value, datetime) and value.utcoffset() is None:
        raise invalid("instant-without-offset", value=moment_text(value))
    return value


#: `valid_from` / `valid_to`: a day, or an instant with its UTC offset.
Validity = Annotated[Moment | None, BeforeValidator(_moment), Field(
    default=None, description="A day (2020-03-06) or an instant with its UTC offset "
    "(2020-03-06T00:01+02:00); in force on [valid_from, valid_to).")]


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
    max: dict[str, Annotated[int, Field(ge=0)]] | None = Field(
        default=None, description="limit: the most units of each type allowed in the zone."
    )
    window_days: int = Field(default=1, ge=1, description="limit: counts add up over this window.")
    equipment: list[str] | None = Field(default=None, description="no_equipment: unit types.")
    activity: list[str] | None = Field(
        default=None, description=f"no_activity: the activities forbidden in the zone "
        f"({', '.join(ACTIVITIES)}, or your own words, matched to observations' activity column).")
    valid_from: Validity = None
    valid_to: Validity = None
    stated_km: float | None = Field(
        default=None, description="A distance the source states, for stated-versus-measured checks."
    )

    @model_validator(mode="before")
    @classmethod
    def _actor_list(cls, data: object) -> object:
        if isinstance(data, dict) and "actor" in data:
            data = {**data, "actor": selector_list(data["actor"])}
        return data

    @field_validator("actor")
    @classmethod
    def _selectors(cls, value: list[str]) -> list[str]:
        if not value or any(not s.strip().lstrip("!").strip() for s in value):
            raise invalid("empty-selector")
        return value

    _ordered = field_validator("valid_to")(lambda v, info: _after_start(v, info))

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
    valid_from: Validity = None
    valid_to: Validity = None
    summary: str = ""
    sources: list[Source] = Field(min_length=1)
    zones: dict[str, Zone] = {}
    clauses: list[Clause] = Field(min_length=1)

    _ordered = field_validator("valid_to")(lambda v, info: _after_start(v, info))

    @field_validator("zones", "clauses", mode="before")
    @classmethod
    def _not_too_many(cls, value: Any, info: ValidationInfo) -> Any:
        limit = LIMITS.max_zones if info.field_name == "zones" else LIMITS.max_clauses
        if isinstance(value, dict | list) and len(value) > limit:
            raise invalid("too-many", count=len(value), what=info.field_name, limit=limit)
        return value

    @model_validator(mode="after")
    def _refs(self, info: ValidationInfo) -> Agreement:
        ids = [c.id for c in self.clauses]
        if len(ids) != len(set(ids)):
            raise ValueError("clause ids must be unique")
        sources = [s.id for s in self.sources]
        twice = next((s for i, s in enumerate(sources) if s in sources[:i]), None)
        if twice is not None:
            raise ValueError(f"source id '{twice}' is used twice")
        deferred = bool(info.context and info.context.get("defer_refs"))  # the loader says where
        cycle = zone_cycle(self.zones)
        if cycle:
            if deferred:
                return self
            raise ValueError(f"zones.{cycle[0]}: " + message("zone-cycle", chain=" → ".join(cycle)))
        unknown = link_zones(self)
        if unknown and not deferred:
            raise ValueError(f"unknown zone '{unknown[0]}'")
        return self

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


def _after_start(end: Moment | None, info: ValidationInfo) -> Moment | None:
    start = info.data.get("valid_from")
    if end is not None and start is not None and earlier(end, start):
        raise invalid("end-before-start", end=moment_text(end), start=moment_text(start))
    return end


def _named_refs(zone: Zone, found: list[str]) -> list[str]:
    """The zone names an expression refers to directly (in order, without following them)."""
    if isinstance(zone, RefZone):
        found.append(zone.ref)
    for sub in zone.members():
        _named_refs(sub, found)
    return found


def zone_cycle(zones: dict[str, Zone]) -> list[str] | None:
    """A chain of named zones that leads back to its start (`[a, b, a]`), or None."""
    edges = {name: [r for r in _named_refs(z, []) if r in zones] for name, z in zones.items()}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in zones:
        if state.get(root):
            continue
        path, stack = [root], [iter(edges[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(edges[nxt]))
    return None


def link_zones(agreement: Agreement) -> list[str]:
    """Point every `ref` of the agreement at the zone it names; return the names not found."""
    unknown: list[str] = []
    seen: set[int] = set()

    def visit(zone: Zone) -> None:
        if id(zone) in seen:
            return
        seen.add(id(zone))
        if isinstance(zone, RefZone):
            if zone.ref in agreement.zones:
                zone.link(agreement.zones[zone.ref])
            else:
                unknown.append(zone.ref)
            return
        for sub in zone.parts():
            visit(sub)

    for zone in [*agreement.zones.values(), *(c.zone for c in agreement.clauses)]:
        visit(zone)
    return unknown
