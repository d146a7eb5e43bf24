"""One vocabulary: the status and reason codes and the day numbers every layer shares."""

from __future__ import annotations

from datetime import date

import numpy as np

from standoff.engine import limits
from standoff.engine.result import REASONS
from standoff.model import STATUSES, Reason, StatusCode
from standoff.model.days import NEVER, SINCE_EVER, day_date, day_number, day_text
from standoff.report import columns, mapdata


def test_status_codes_are_the_stored_ones() -> None:
    assert tuple(s.label for s in StatusCode) == STATUSES
    assert [StatusCode.of(s) for s in STATUSES] == list(StatusCode)
    assert (limits.VIOLATION, limits.POSSIBLE, limits.COMPLIANT, limits.NOT_APPLICABLE) == (0, 1, 2, 3)


def test_one_ranking_most_serious_first() -> None:
    """Codes rise and severities fall in the same order, wherever a ranking is used."""
    severities = [s.severity for s in StatusCode]
    assert severities == sorted(severities, reverse=True) == [3, 2, 1, 0]
    assert mapdata.RANK == {s.label: s.severity for s in StatusCode}
    assert list(columns.STATUS_RANK) == severities
    assert [columns.RANK_STATUS[r] for r in severities] == list(STATUSES)
    assert StatusCode.worst(["compliant", "possible", "not_applicable"]) == "possible"
    assert StatusCode.worst(["compliant", "violation"]) == "violation"
    assert StatusCode.worst([]) == "not_applicable"


def test_reason_codes_are_the_stored_ones() -> None:
    assert tuple(r.label for r in Reason) == REASONS


def test_days() -> None:
    assert day_number(date(1970, 1, 2), 0) == 1
    assert day_number(None, NEVER) == NEVER == np.iinfo(np.int64).max
    assert SINCE_EVER == np.iinfo(np.int64).min
    assert day_date(day_number(date(2018, 7, 23), 0)) == date(2018, 7, 23)
    assert day_text(-1) == "1969-12-31"
