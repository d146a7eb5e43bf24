"""The codes verdict columns hold: a status and, for not_applicable, the reason why.

The engine stores them as int8; these enums are the one place their numbers and names live.
The most serious status has the lowest code, so the worst of several is their minimum.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

__all__ = ["Reason", "StatusCode"]


class StatusCode(IntEnum):
    """A verdict's status, most serious first (the worst of several is the minimum)."""

    VIOLATION = 0
    POSSIBLE = 1
    COMPLIANT = 2
    NOT_APPLICABLE = 3

    @property
    def label(self) -> str:
        """The status as written in verdict files: 'violation', ..., 'not_applicable'."""
        return self.name.lower()

    @property
    def severity(self) -> int:
        """3 for a violation down to 0 for not_applicable: higher is more serious."""
        return int(StatusCode.NOT_APPLICABLE) - int(self)

    @classmethod
    def of(cls, label: str) -> StatusCode:
        """The code of a status label ('violation', ...)."""
        return cls[label.upper()]

    @classmethod
    def worst(cls, labels: Iterable[str]) -> str:
        """The most serious of the status labels ('not_applicable' when there are none)."""
        return min((cls.of(s) for s in labels), default=cls.NOT_APPLICABLE).label


class Reason(IntEnum):
    """Why a clause does not bind a report (APPLIES when it does)."""

    APPLIES = 0
    ACTOR = 1
    TIME = 2
    UNIT = 3
    NO_FEATURE_VERSION = 4

    @property
    def label(self) -> str:
        """The reason as written in verdict files ('' when the clause applies)."""
        return "" if self is Reason.APPLIES else self.name.lower()
