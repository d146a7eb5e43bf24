"""Zone expressions over features: within, beyond, band, area, side, all_of, any_of, not, ref.

A zone is one of nine models, each holding the one key that names it (`{within: {km, of}}`,
`{not: ZONE}`, or a plain string naming a zone of the agreement): a union told apart by that key,
so code narrows it with `match`/`isinstance` instead of testing optional fields.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

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
    """In the JSON Schema a `ref` is an object `{ref: NAME}` or just the name."""
    obj = {k: schema.pop(k) for k in list(schema) if k not in ("title", "description")}
    schema["anyOf"] = [obj, {"type": "string", "description": "The name of a zone of the agreement."}]


class _Expr(BaseModel):
    """What every zone expression offers: its key, its parts, its features and a phrase."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    op: ClassVar[str]

    def members(self) -> list[Zone]:
        """The zones written inside this one (a ref's target is not one of them)."""
        return []

    def parts(self) -> list[Zone]:
        """The zones this one is made of: members, the negated zone, or a ref's target."""
        return self.members()

    def own_features(self) -> set[str]:
        """The features this expression names itself (not through members)."""
        return set()

    def feature_ids(self) -> set[str]:
        """Every feature this expression names directly (not through refs)."""
        found = self.own_features()
        for sub in self.members():
            found |= sub.feature_ids()
        return found

    def describe(self) -> str:
        """A short human phrase, e.g. 'within 60 km of LINE_A'."""
        raise NotImplementedError  # pragma: no cover - every variant has its own


class _Measured(_Expr):
    """A zone measured from one feature: the `of` under the variant's key."""

    def own_features(self) -> set[str]:
        return {str(getattr(self, self.op).of)}


class WithinZone(_Measured):
    """Within `km` of a feature."""

    op = "within"
    within: Distance

    def describe(self) -> str:
        flat = " (flat ends)" if self.within.ends == "flat" else ""
        return f"within {self.within.km:g} km of {self.within.of}{flat}"


class BeyondZone(_Measured):
    """Farther than `km` from a feature."""

    op = "beyond"
    beyond: Distance

    @model_validator(mode="after")
    def _round_ends(self) -> BeyondZone:
        if self.beyond.ends == "flat":  # it would be ignored
            raise ValueError("ends: flat is for within (a corridor along a line), not beyond; write "
                             "not: {within: {km, of, ends: flat}} for the outside of a corridor")
        return self

    def describe(self) -> str:
        return f"beyond {self.beyond.km:g} km of {self.beyond.of}"


class BandZone(_Measured):
    """Between two distances of a feature."""

    op = "band"
    band: Band

    def describe(self) -> str:
        b = self.band
        return f"{b.from_km:g}–{b.to_km:g} km of {b.of}"


class AreaZone(_Expr):
    """Inside an area feature."""

    op = "area"
    area: str = Field(description="An area feature id.")

    def own_features(self) -> set[str]:
        return {self.area}

    def describe(self) -> str:
        return self.area


class SideZone(_Expr):
    """One side of a line, inside the theatre."""

    op = "side"
    side: Side

    def own_features(self) -> set[str]:
        return {self.side.of} | ({self.side.toward} if self.side.toward else set())

    def describe(self) -> str:
        s = self.side
        where = f"facing {s.facing}" if s.facing else f"toward {s.toward}"
        return f"the side of {s.of} {where}"


class _Members(_Expr):
    """A combination of zones under the variant's key, described joined by `joiner`."""

    joiner: ClassVar[str]

    def members(self) -> list[Zone]:
        return list(getattr(self, self.op))

    def describe(self) -> str:
        return f" {self.joiner} ".join(z.describe() for z in self.members())


class AllOfZone(_Members):
    """Inside every member."""

    op, joiner = "all_of", "and"
    all_of: list[Zone] = Field(min_length=1)


class AnyOfZone(_Members):
    """Inside at least one member."""

    op, joiner = "any_of", "or"
    any_of: list[Zone] = Field(min_length=1)


class NotZone(_Expr):
    """The theatre outside a zone (key `not`)."""

    op = "not"
    not_: Zone = Field(alias="not")

    def members(self) -> list[Zone]:
        return [self.not_]

    def describe(self) -> str:
        return f"outside {self.not_.describe()}"


class RefZone(_Expr):
    """A zone of the agreement, by name (a plain string in YAML).

    An agreement links each ref to the zone it names once, when it is validated (`target`), so
    an agreement's zones form a DAG and walkers can memoize a shared zone by identity.
    """

    model_config = ConfigDict(json_schema_extra=_zone_or_name)
    op = "ref"
    ref: str = Field(description="The name of a zone of the agreement.")
    _target: Zone | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, data: object) -> object:
        return {"ref": data} if isinstance(data, str) else data

    @property
    def target(self) -> Zone:
        """The zone a `ref` names (linked by its agreement)."""
        if self._target is None:
            raise LookupError(f"zone '{self.ref}' is not linked to an agreement's zones")
        return self._target

    def link(self, target: Zone) -> None:
        """Point this ref at the zone it names (done by its agreement)."""
        self._target = target

    def parts(self) -> list[Zone]:
        return [self.target]

    def describe(self) -> str:
        return f"zone '{self.ref}'"


def follow_refs(zone: Zone) -> Zone:
    """The zone a (chain of) linked ref(s) names; any other zone, or an unlinked ref, itself."""
    while isinstance(zone, RefZone) and zone._target is not None:
        zone = zone._target
    return zone


VARIANTS: tuple[type[_Expr], ...] = (WithinZone, BeyondZone, BandZone, AreaZone, SideZone,
                                     AllOfZone, AnyOfZone, NotZone, RefZone)
#: Field name of each variant's key, in the order errors list them ('not_' is written 'not').
ZONE_KEYS = ("within", "beyond", "band", "area", "side", "all_of", "any_of", "not_", "ref")
_BY_KEY = dict(zip(ZONE_KEYS, VARIANTS, strict=True))
#: The union's tags (variant class names): pydantic puts them in error locations.
ZONE_TAGS = frozenset(v.__name__ for v in VARIANTS)


def _keys(data: dict[Any, Any]) -> list[str]:
    """The variant keys present in a mapping, as field names, in ZONE_KEYS order."""
    return [k for k in ZONE_KEYS if k in data or (k == "not_" and "not" in data)]


def _one_key(data: Any) -> Any:
    """A mapping must hold exactly one variant key (an unknown key alone is reported as such)."""
    if isinstance(data, dict):
        given = _keys(data)
        if len(given) > 1 or not data:
            names = "within, beyond, band, area, side, all_of, any_of, not"
            raise ValueError(f"a zone needs exactly one of {names}; got {given or 'none'}")
        if not given:
            key = str(next(iter(data)))
            raise PydanticCustomError("zone_unknown_key", "unknown key {key}", {"key": key})
    return data


def _tag(data: Any) -> str | None:
    """The variant of a zone given as a model, a name or a mapping with one key."""
    if isinstance(data, _Expr):
        return type(data).__name__
    if isinstance(data, str):
        return RefZone.__name__
    if isinstance(data, dict) and len(given := _keys(data)) == 1:
        return _BY_KEY[given[0]].__name__
    return None


Zone = TypeAliasType("Zone", Annotated[
    Annotated[WithinZone, Tag("WithinZone")] | Annotated[BeyondZone, Tag("BeyondZone")]
    | Annotated[BandZone, Tag("BandZone")] | Annotated[AreaZone, Tag("AreaZone")]
    | Annotated[SideZone, Tag("SideZone")] | Annotated[AllOfZone, Tag("AllOfZone")]
    | Annotated[AnyOfZone, Tag("AnyOfZone")] | Annotated[NotZone, Tag("NotZone")]
    | Annotated[RefZone, Tag("RefZone")],
    Discriminator(_tag, custom_error_type="zone_type",
                  custom_error_message="a zone is a mapping with one of within, beyond, band, "
                  "area, side, all_of, any_of, not, or the name of a zone of the agreement"),
    BeforeValidator(_one_key),
])

for _variant in VARIANTS:
    _variant.model_rebuild()
