"""Time expressions against the publication date, and the inferred publication date."""

from __future__ import annotations

from datetime import date

import pytest

from standoff.read import read_text
from standoff.read.dates import find_times, infer_published, resolve
from tests.read_helpers import minipack

FRIDAY = date(2024, 3, 15)
THURSDAY = date(2024, 3, 14)


def one(text: str, base: date | None, previous: date | None = None):  # type: ignore[no-untyped-def]
    (expr,) = find_times(text)
    return resolve(expr, base, previous)


@pytest.mark.parametrize(("text", "base", "want"), [
    ("On Thursday, it was seen", FRIDAY, (THURSDAY, None)),
    ("On Thursday, it was seen", THURSDAY, (THURSDAY, None)),  # Thursday's paper: that day
    ("last Thursday", THURSDAY, (date(2024, 3, 7), None)),  # strictly before
    ("On Saturday", FRIDAY, (date(2024, 3, 9), None)),  # the latest Saturday, a week back
    ("on Tuesday", FRIDAY, (date(2024, 3, 12), None)),
    ("last November", FRIDAY, (date(2023, 11, 1), date(2023, 11, 30))),
    ("last March", FRIDAY, (date(2023, 3, 1), date(2023, 3, 31))),
    ("in early March", FRIDAY, (date(2024, 3, 1), date(2024, 3, 10))),
    ("in May 2018", FRIDAY, (date(2018, 5, 1), date(2018, 5, 31))),
    ("On May 17", FRIDAY, (date(2023, 5, 17), None)),  # not yet May 17 in 2024
    ("On March 3", FRIDAY, (date(2024, 3, 3), None)),
    ("June 17, 2015", FRIDAY, (date(2015, 6, 17), None)),
    ("17 June 2015", None, (date(2015, 6, 17), None)),
    ("yesterday", FRIDAY, (THURSDAY, None)),
    ("last week", FRIDAY, (date(2024, 3, 4), date(2024, 3, 10))),
    ("since 2012", FRIDAY, (date(2012, 1, 1), date(2012, 12, 31))),
])
def test_resolve(text: str, base: date | None, want: tuple[date, date | None]) -> None:
    assert one(text, base) == want


def test_next_day_follows_the_date_before_it() -> None:
    assert one("The next day, he said", FRIDAY, previous=date(2024, 2, 1)) == (date(2024, 2, 2),
                                                                                 None)
    assert one("The next day, he said", FRIDAY, previous=None) is None


def test_relative_dates_need_a_base() -> None:
    assert one("On Thursday", None) is None
    assert one("last November", None) is None


def test_modal_may_is_not_a_month() -> None:
    assert find_times("Moscow may agree to move them") == []


def test_infer_published_from_the_latest_dated_statement() -> None:
    texts = ["Fighting began on March 3, 2024.", "On March 10, more troops came.",
             "In February, it was quiet."]
    assert infer_published(texts) == date(2024, 3, 10)
    assert infer_published(["No dates at all here."]) is None


def test_read_without_published_marks_inferred_times() -> None:
    text = ("Fighting began on March 3, 2024, officials said. On March 10, more troops came. "
            "On Thursday, Hezbollah fighters were seen near Nawa.")
    result = read_text(text, minipack())
    doc = result.documents[0]
    assert doc.published == date(2024, 3, 10) and doc.published_inferred
    (claim,) = [c for c in result.claims if c.predicate == "seen"]
    assert claim.time == date(2024, 3, 7) and claim.time_inferred  # Thursday before March 10
    assert claim.confidence < 0.8


def test_given_published_wins_and_is_not_inferred() -> None:
    text = "On Thursday, Hezbollah fighters were seen near Nawa. Trouble began March 3, 2024."
    result = read_text(text, minipack(), published=FRIDAY)
    assert not result.documents[0].published_inferred
    assert result.claims[0].time == THURSDAY and not result.claims[0].time_inferred


def test_capitalised_may_is_a_month_and_lower_case_may_a_hedge() -> None:
    assert [e.text for e in find_times("this may take weeks, late may be too late")] == []
    result = read_text("Hezbollah fighters were deployed near Nawa in May.", minipack(),
                       published=FRIDAY)
    (c,) = result.claims
    assert c.modality == "asserted" and c.hedges == []
    assert (c.time, c.time_end) == (date(2023, 5, 1), date(2023, 5, 31))
    (h,) = read_text("Hezbollah fighters may be near Nawa.", minipack(), published=FRIDAY).claims
    assert h.hedges == ["may"]


def test_weekday_in_that_days_paper_is_that_day() -> None:
    result = read_text("Hezbollah fighters were seen near Nawa on Friday.", minipack(),
                       published=FRIDAY)
    (c,) = result.claims
    assert c.time == FRIDAY and not c.time_inferred


@pytest.mark.parametrize(("text", "want"), [
    # the year dates the capture, the weekday the strike
    ("Israeli jets struck Hezbollah positions near Quneitra, captured from Syria in 1967, "
     "on Tuesday.", (date(2024, 3, 12), None)),
    ("On Tuesday Israeli jets struck Hezbollah positions in the Golan, captured in 1967.",
     (date(2024, 3, 12), None)),
    # a time of the verb that governs the event: reported on Tuesday
    ("Officials said on Tuesday that Hezbollah fighters were seen near Nawa.",
     (date(2024, 3, 12), None)),
    # a relative clause about the actor does not date the sighting
    ("Hezbollah fighters, who arrived in Syria in 2013, were seen near Nawa.", None),
])
def test_the_time_is_the_one_tied_to_the_events_verb(
        text: str, want: tuple[date, date | None] | None) -> None:
    claims = [c for c in read_text(text, minipack(), published=FRIDAY).claims
              if c.place is not None and c.place.text in ("Quneitra", "Nawa", "the Golan")]
    assert claims
    for c in claims:
        if want is None:  # no time of its own: the days before publication, inferred
            assert c.time_inferred and c.time_end == FRIDAY and c.time < FRIDAY
            assert c.time >= date(2024, 3, 1)
        else:
            assert (c.time, c.time_end) == want and not c.time_inferred


def test_a_claim_without_time_is_never_judged_years_back() -> None:
    text = "Hezbollah fighters are stationed near Nawa, residents say."
    (c,) = read_text(text, minipack(), published=date(2023, 6, 1)).claims
    assert c.time_inferred and c.time_text == ""
    assert c.time is not None and c.time_end == date(2023, 6, 1)
    assert (c.time_end - c.time).days <= 7
