"""The one model layer every module speaks."""

from standoff.model.actor import Actor, matches_any, selector_matches
from standoff.model.agreement import Agreement, Clause, ClauseKind, Source
from standoff.model.codes import Reason, StatusCode
from standoff.model.feature import Feature, FeatureVersion
from standoff.model.observation import COLUMNS, Observation, ObservationSet
from standoff.model.pack import Pack, Place
from standoff.model.unit import Unit
from standoff.model.verdict import STATUSES, LimitResult, Status, Verdict
from standoff.model.zone import Band, Distance, Side, Zone

__all__ = [
    "COLUMNS", "STATUSES", "Actor", "Agreement", "Band", "Clause", "ClauseKind", "Distance",
    "Feature", "FeatureVersion", "LimitResult", "Observation", "ObservationSet", "Pack", "Place",
    "Reason", "Side", "Source", "Status", "StatusCode", "Unit", "Verdict", "Zone", "matches_any",
    "selector_matches",
]
