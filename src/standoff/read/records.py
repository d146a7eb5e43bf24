"""Records the news reader produces: documents, place mentions, claims and the read result.

Offsets (`span`) always point into the document's raw text; `clean_span` into its cleaned text.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from standoff.model import Observation

Predicate = Literal["seen", "deployed", "entered", "withdrew", "struck", "must_stay"]
ClaimKind = Literal["position", "strength", "clause"]
Modality = Literal["asserted", "reported", "hedged", "negated", "demand", "proposal", "agreed"]
ClauseStatus = Literal["demand", "proposal", "agreed", "rejected", "withdrawn"]
ModifierKind = Literal["at", "near", "distance", "band", "beyond", "within", "side", "area"]


class SetAside(BaseModel):
    """A raw-text line the cleaner kept out of the content, and why."""

    model_config = ConfigDict(frozen=True)
    start: int
    end: int
    reason: str
    text: str


class Document(BaseModel):
    """One article: raw text, cleaned text and the map between them."""

    model_config = ConfigDict(frozen=True)
    id: str
    source: str = Field(description="URL or path the text came from.")
    title: str = ""
    published: date | None = None
    published_inferred: bool = Field(
        default=False, description="True when `published` was inferred from dated statements."
    )
    raw: str
    clean: str
    segments: list[tuple[int, int, int]] = Field(
        description="(clean_start, raw_start, length) pieces mapping clean to raw offsets."
    )
    set_aside: list[SetAside] = []


class PlaceMention(BaseModel):
    """One mention of a place in a document, resolved or not."""

    model_config = ConfigDict(frozen=True)
    document: str
    span: tuple[int, int] = Field(description="Start and end offsets in the raw text.")
    text: str
    resolved: bool
    name: str | None = None
    lon: float | None = None
    lat: float | None = None
    gazetteer: str | None = Field(default=None, description="'pack', 'geonames' or 'line'.")
    gazetteer_id: str | None = None
    geonames_id: int | None = None
    kind: str | None = None
    country: str = ""
    uncertainty_m: float | None = None
    candidates: int = Field(default=0, description="How many gazetteer entries share the name.")
    coarse: bool = Field(
        default=False, description="Placed at a larger place it is said to lie in or near "
        "('the villages of A and B in the Y countryside'): `name`, point and radius are that place's.")


class Modifier(BaseModel):
    """Where relative to a place or feature: 'near X', 'N km from X', 'east of the X road'."""

    model_config = ConfigDict(frozen=True)
    kind: ModifierKind
    text: str
    feature: str | None = Field(default=None, description="Pack feature id, when one is named.")
    km: float | None = None
    from_km: float | None = None
    to_km: float | None = None
    facing: str | None = None
    approximate: bool = False


class Claim(BaseModel):
    """One statement about where an actor is, was or must be (or how strong it is)."""

    model_config = ConfigDict(frozen=True)
    id: str
    document: str
    kind: ClaimKind
    actor: str = Field(description="Actor code from the pack, or 'UNKNOWN:<text>'.")
    actor_text: str
    actors: list[str] = Field(
        default_factory=list, description="clause claims: every actor the demand names."
    )
    predicate: Predicate
    modality: Modality = "asserted"
    status: ClauseStatus | None = Field(
        default=None, description="clause claims: demanded, proposed, agreed, rejected or withdrawn.")
    target: bool = Field(default=False, description="struck: the actor is the one that was hit.")
    hedges: list[str] = []
    place: PlaceMention | None = None
    feature: str | None = Field(default=None, description="Pack feature the place names, if any.")
    modifiers: list[Modifier] = []
    time: date | None = None
    time_end: date | None = None
    time_text: str = ""
    time_inferred: bool = False
    count: int | None = None
    unit: str | None = None
    attribution: str = ""
    carried: list[str] = Field(
        default_factory=list,
        description="what an earlier sentence gave: \"actor TUR from 'Turkish soldiers'\".")
    confidence: float = Field(default=0.8, ge=0, le=1)
    quote: str = Field(description="Exact raw text of the statement.")
    span: tuple[int, int]
    sentence: str
    sentence_span: tuple[int, int]
    source: str = ""


class ReadResult(BaseModel):
    """Everything `read` found in a set of sources."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    documents: list[Document] = []
    claims: list[Claim] = []
    observations: list[Observation] = []
    places: list[PlaceMention] = []
    unresolved: list[PlaceMention] = []
    clauses: list[dict[str, Any]] = Field(
        default_factory=list, description="Draft agreement clauses (Agreement clause dicts)."
    )
