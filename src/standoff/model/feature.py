"""Reference geometries: lines, areas and points with versions in time."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

LonLat = tuple[float, float]


class Segment(BaseModel):
    """The part of line `of` between the feet of two points on it (a place id or [lon, lat])."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    of: str = Field(description="Id of a line feature with coords.")
    from_: str | LonLat = Field(alias="from", description="A place id, a point feature id or [lon, lat].")
    to: str | LonLat = Field(description="A place id, a point feature id or [lon, lat].")


class GeometryFile(BaseModel):
    """A geometry read from a GIS file (GeoJSON, KML, GeoPackage, Shapefile, ...) beside the pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(description="Path relative to the pack folder.")
    layer: str | None = Field(default=None, description="Layer name, for files with several.")
    where: dict[str, str | int | float] = Field(
        default_factory=dict, description="Field values that pick exactly one row, e.g. {name: M4}.")


class FeatureVersion(BaseModel):
    """One geometry of a feature, valid on [valid_from, valid_to); open ends are unbounded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(description="Short label that verdicts cite, e.g. '1974' or '2024-12'.")
    valid_from: date | None = None
    valid_to: date | None = None
    coords: list[LonLat] | None = Field(
        default=None, description="Vertices as [lon, lat] in degrees (WGS84), lon first."
    )
    rings: list[list[LonLat]] | None = Field(
        default=None, description="Polygon rings, outer first then holes, [lon, lat] degrees."
    )
    between: tuple[str, str] | None = Field(
        default=None,
        description="Build an area from two line features that share their end points.",
    )
    segment: Segment | None = Field(
        default=None, description="A line cut from another line between two points; the loader "
        "turns it into coords, one version per version of that line.")
    geometry: GeometryFile | None = Field(
        default=None, description="Read the geometry from a GIS file; the loader turns it into "
        "coords or rings in WGS84.")
    note: str = ""
    source: str | None = None

    @model_validator(mode="after")
    def _one_geometry(self) -> FeatureVersion:
        given = [x is not None for x in (self.coords, self.rings, self.between, self.segment,
                                         self.geometry)]
        if sum(given) != 1:
            raise ValueError("give exactly one of coords, rings, between, segment or geometry")
        for lon, lat in self.coords or [c for r in self.rings or [] for c in r]:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError(f"coordinate ({lon}, {lat}) is out of range: use [lon, lat]")
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValueError("valid_to must come after valid_from")
        return self

    def valid_at(self, day: date) -> bool:
        """Whether this version is in force on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


class Feature(BaseModel):
    """A named reference geometry in WGS84 lon/lat with its source and accuracy in metres."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    kind: Literal["line", "area", "point"]
    source: str
    accuracy_m: float = Field(ge=0, description="Stated accuracy of the geometry, metres.")
    description: str = ""
    versions: list[FeatureVersion] = Field(min_length=1)

    def version_at(self, day: date | None) -> FeatureVersion | None:
        """The version in force on `day` (None when no version covers it)."""
        if day is None:
            return self.versions[-1]
        for v in self.versions:
            if v.valid_at(day):
                return v
        return None
