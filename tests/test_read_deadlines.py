"""Deadlines and plans look forward (read/dates.py), on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.dates import find_times, resolve
from tests.read_helpers import minipack

#: A Monday.
MONDAY = date(2023, 9, 11)


@pytest.mark.parametrize(("text", "want"), [
    ("Troops would stay past the Sept. 14 deadline for a pullback.", date(2023, 9, 14)),
    ("The pullback has a Sept. 4 deadline next year.", date(2024, 9, 4)),  # a deadline, so ahead
    ("The militias are to leave by Thursday.", date(2023, 9, 14)),
    ("Troops will remain until October 2.", date(2023, 10, 2)),
    ("The army must withdraw before Monday.", MONDAY),  # that day's paper: the day itself
    ("Troops withdrew on Sept. 14.", date(2022, 9, 14)),  # past tense: the latest such day
    ("The militias left by Thursday.", date(2023, 9, 7)),
    ("The convoy arrived before Thursday.", date(2023, 9, 7)),
])
def test_a_deadline_or_plan_names_the_next_such_day(text: str, want: date) -> None:
    (expr,) = find_times(text)
    got = resolve(expr, MONDAY)
    assert got is not None and got[0] == want


def test_a_month_by_which_something_is_due_is_the_next_one() -> None:
    (expr,) = find_times("Hezbollah is to pull back by March.")
    assert resolve(expr, MONDAY) == (date(2024, 3, 1), date(2024, 3, 31))


def test_a_term_with_a_deadline_is_dated_ahead() -> None:
    found = read_text("Under the truce, Hezbollah is to withdraw 20 km from the border by Sept. 30.",
                      minipack(), published=MONDAY).claims
    (c,) = [c for c in found if c.kind == "clause"]
    assert c.time == date(2023, 9, 30)
