"""Packs: one theatre's features, actors, places and agreements."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from standoff.model.actor import Actor
from standoff.model.agreement import Agreement
from standoff.model.feature import Feature
from standoff.model.unit import Unit


class Place(BaseModel):
    """A named place of the gazetteer, with coordinates in degrees and alternate spellings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    kind: str = Field(description="village, town, city, capital, base, airport, mountain, ...")
    aliases: list[str] = []
    country: str = ""
    admin: str = ""
    geonames_id: int | None = None


class Control(BaseModel):
    """Who holds the places that reports describe by control ("government-held A", "in areas
    not controlled by the government"), and which actors are monitors whose sightings are
    sources, not positions ("the SMM saw a tank in A": the tank's owner is at A)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    government: str | None = Field(
        default=None, description="Actor code of 'government-held', 'government-controlled' places.")
    other_side: str | None = Field(
        default=None, description="Actor code of places 'not held by the government', "
                                  "'non-government-controlled', 'rebel-held'.")
    other_side_by_admin: dict[str, str] = Field(
        default_factory=dict, description="The other side's actor by the place's first-level "
                                          "region (places.yaml `admin`): Donetsk -> RUS.SEP.DPR.")
    monitors: list[str] = Field(
        default_factory=list, description="Actor selectors of monitoring missions ('OSCE*', "
                                          "'UN.UNDOF'); empty: UN*, OSCE*, EU*, MFO*.")


class Pack(BaseModel):
    """Everything one theatre ships."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    id: str
    title: str
    theatre: str = Field(description="Id of the area feature that bounds the theatre.")
    description: str = ""
    features: dict[str, Feature]
    actors: dict[str, Actor]
    places: list[Place] = []
    units: dict[str, Unit] = Field(default_factory=dict, description="Equipment types (units.yaml).")
    agreements: dict[str, Agreement]
    path: Path | None = None
    examples: list[Path] = []
    line_aliases: dict[str, str] = Field(
        default_factory=dict, description="Phrases such as 'the border' -> a line feature id."
    )
    distance_from: dict[str, str] = Field(
        default_factory=dict,
        description="Regions a distance may be stated from ('85 km from the Golan') -> the feature "
                    "id it is measured from (a line such as LINE_A).",
    )
    control: Control = Field(
        default_factory=Control,
        description="Control wording and monitors for the text reader (see `Control`).",
    )
