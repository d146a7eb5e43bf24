"""Zone expressions over features: within, beyond, band, area, side, all_of, any_of, not."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from standoff.errors import invalid

Compass = Literal["north", "south", "east", "west"]
EARTH_HALF_KM = 20_004.0  # no two points on the ellipsoid are farther apart (half a meridian, rounded up)


def _on_earth(km: float) -> float:
    if km > EARTH_HALF_KM:
        raise invalid("km-too-far", km=km)
    return km


class Distance(BaseModel):
    """`km` kilometres of the feature `of` (geodesic).

    `ends: flat` (within, of a line) cuts the zone square at the line's two ends: a corridor
    that holds only points whose nearest point on the line is not one of its ends.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    km: float = Field(ge=0, allow_inf_nan=False)
    of: str
    ends: Literal["round", "flat"] = "round"

    _far = field_validator("km")(_on_earth)


class Band(BaseModel):
    """Between `from_km` and `to_km` kilometres of the feature `of`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_km: float = Field(ge=0, allow_inf_nan=False)
    to_km: float = Field(gt=0, allow_inf_nan=False)
    of: str

    _far = field_validator("from_km", "to_km")(_on_earth)

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.to_km <= self.from_km:
            raise ValueError("to_km must be greater than from_km")
        return self


class Side(BaseModel):
    """The part of the theatre on one side of a line, the line extended at both ends."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    of: str
    toward: str | None = Field(default=None, description="A feature that lies on the wanted side.")
    facing: Compass | None = None

    @model_validator(mode="after")
    def _one_direction(self) -> Side:
        if (self.toward is None) == (self.facing is None):
            raise ValueError("give exactly one of toward or facing")
        return self


def _zone_or_name(schema: dict[str, Any]) -> None:
    """In the JSON Schema a zone is an expression object or the name of an agreement zone."""
    obj = {k: schema.pop(k) for k in list(schema) if k not in ("title", "description")}
    schema["anyOf"] = [obj, {"type": "string", "description": "The name of a zone of the agreement."}]


ZONE_KEYS = ("within", "beyond", "band", "area", "side", "all_of", "any_of", "not_", "ref")


class Zone(BaseModel):
    """One zone expression: exactly one key is set. A plain string names a zone of the agreement.

    An agreement links each `ref` to the zone it names once, when it is validated (`target`), so
    an agreement's zones form a DAG and walkers can memoize a shared zone by identity.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              json_schema_extra=_zone_or_name)

    within: Distance | None = None
    beyond: Distance | None = None
    band: Band | None = None
    area: str | None = Field(default=None, description="An area feature id.")
    side: Side | None = None
    all_of: list[Zone] | None = Field(default=None, min_length=1)
    any_of: list[Zone] | None = Field(default=None, min_length=1)
    not_: Zone | None = Field(default=None, alias="not")
    ref: str | None = Field(default=None, description="The name of a zone of the agreement.")
    _target: Zone | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: object) -> object:
        return {"ref": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _exactly_one(self) -> Zone:
        given = [k for k in ZONE_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            names = "within, beyond, band, area, side, all_of, any_of, not"
            raise ValueError(f"a zone needs exactly one of {names}; got {given or 'none'}")
        if self.beyond is not None and self.beyond.ends == "flat":  # it would be ignored
            raise ValueError("ends: flat is for within (a corridor along a line), not beyond; write "
                             "not: {within: {km, of, ends: flat}} for the outside of a corridor")
        return self

    @property
    def op(self) -> str:
        """The key that is set: 'within', 'not', ..."""
        key = next(k for k in ZONE_KEYS if getattr(self, k) is not None)
        return "not" if key == "not_" else key

    @property
    def target(self) -> Zone:
        """The zone a `ref` names (linked by its agreement)."""
        if self._target is None:
            raise LookupError(f"zone '{self.ref}' is not linked to an agreement's zones")
        return self._target

    def parts(self) -> list[Zone]:
        """The zones this one is made of: members, the negated zone, or a ref's target."""
        if self.ref is not None:
            return [self.target]
        return (self.all_of or []) + (self.any_of or []) + ([self.not_] if self.not_ else [])

    def feature_ids(self) -> set[str]:
        """Every feature this expression names directly (not through refs)."""
        found: set[str] = set()
        for spec in (self.within, self.beyond, self.band):
            if spec is not None:
                found.add(spec.of)
        if self.area:
            found.add(self.area)
        if self.side:
            found.add(self.side.of)
            if self.side.toward:
                found.add(self.side.toward)
        for sub in (self.all_of or []) + (self.any_of or []) + ([self.not_] if self.not_ else []):
            found |= sub.feature_ids()
        return found

    def describe(self) -> str:
        """A short human phrase, e.g. 'within 60 km of LINE_A'."""
        match self.op:
            case "within":
                flat = " (flat ends)" if self.within.ends == "flat" else ""  # type: ignore[union-attr]
                return f"within {self.within.km:g} km of {self.within.of}{flat}"  # type: ignore[union-attr]
            case "beyond":
                return f"beyond {self.beyond.km:g} km of {self.beyond.of}"  # type: ignore[union-attr]
            case "band":
                b = self.band
                return f"{b.from_km:g}–{b.to_km:g} km of {b.of}"  # type: ignore[union-attr]
            case "area":
                return f"{self.area}"
            case "side":
                s = self.side
                where = f"facing {s.facing}" if s.facing else f"toward {s.toward}"  # type: ignore[union-attr]
                return f"the side of {s.of} {where}"  # type: ignore[union-attr]
            case "all_of":
                return " and ".join(z.describe() for z in self.all_of or [])
            case "any_of":
                return " or ".join(z.describe() for z in self.any_of or [])
            case "not":
                return f"outside {self.not_.describe()}"  # type: ignore[union-attr]
            case _:
                return f"zone '{self.ref}'"
