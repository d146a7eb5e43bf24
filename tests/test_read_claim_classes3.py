"""More claims per sentence (issue 10): lists and routes, observer and observed, presence said
through a withdrawal or an encounter, and days counted from the claim before.

Sentences written for these tests, in several theatres; each class has a negative case.
"""

from __future__ import annotations

import functools
from datetime import date

from standoff.model import Pack
from standoff.packs import load_pack
from standoff.read import read_text
from standoff.read.dates import find_times, resolve
from standoff.read.records import Claim

#: A Wednesday: "on Monday" is 2024-12-02.
PUBLISHED = date(2024, 12, 4)


@functools.cache
def lebanon() -> Pack:
    return load_pack("lebanon")


def _positions(text: str, pack: Pack | None = None) -> list[Claim]:
    return [c for c in read_text(text, pack, published=PUBLISHED).claims if c.kind == "position"]


def _where(claims: list[Claim]) -> set[tuple[str, str | None]]:
    return {(c.actor, c.place.name if c.place else None) for c in claims}


# 1. one claim per listed place

def test_each_place_a_unit_toured_is_a_position() -> None:
    got = _positions("Ukrainian soldiers toured Kreminna and Svatove on Monday.")
    assert _where(got) == {("UKR", "Kreminna"), ("UKR", "Svatove")}
    assert {c.time for c in got} == {date(2024, 12, 2)}
    assert len({c.span for c in got}) == 1  # one statement, one quote


def test_a_district_in_the_middle_of_a_list_is_a_member_not_a_container() -> None:
    got = _where(_positions("Indian troops took up positions in Leh, Kargil and Nubra on Monday."))
    assert {("IND", "Leh"), ("IND", "Kargil")} <= got


def test_every_place_a_route_passes_is_a_position() -> None:
    got = _where(_positions("Israeli troops moved from Metula towards Khiam on Monday, passing Kfar Kila, "
                            "Odaisseh and Markaba.", lebanon()))
    assert {("ISR", "Kfar Kila"), ("ISR", "Odaisseh"), ("ISR", "Markaba")} <= got
    assert ("ISR", "Metula") not in got  # where the move started is no position of it


def test_places_the_residents_come_from_are_no_positions() -> None:
    got = _where(_positions("Residents of Khiam and Kfar Kila said Israeli troops were in Marjayoun "
                            "on Monday.", lebanon()))
    assert got == {("ISR", "Marjayoun")}


# 2. observer and observed

def test_a_patrol_that_came_upon_a_convoy_is_there_too() -> None:
    got = _where(_positions("The UN patrol came upon an Israeli convoy near Khiam on Monday.", lebanon()))
    assert got == {("UN", "Khiam"), ("ISR", "Khiam")}


def test_a_patrol_that_saw_tanks_is_placed_with_them() -> None:
    got = _positions("An SMM patrol saw two DPR tanks near Horlivka on Monday.", load_pack("donbas"))
    assert _where(got) == {("OSCE.SMM", "Horlivka"), ("RUS.SEP.DPR", "Horlivka")}


def test_a_mission_that_observed_from_afar_is_only_the_source() -> None:
    got = _positions("UNIFIL observed Israeli tanks at Kfar Kila on Monday.", lebanon())
    assert [c.actor for c in got] == ["ISR.IDF"]
    assert "UNIFIL" in got[0].attribution
    got = _positions("The SMM saw two DPR tanks near Horlivka on Monday.", load_pack("donbas"))
    assert [c.actor for c in got] == ["RUS.SEP.DPR"]


# 3. presence said through withdrawal, loss or encounter

def test_withdrawal_loss_and_reduction_place_the_actor_before_the_event() -> None:
    for text in ("Hezbollah fighters were forced out of their positions in Khiam on Monday.",
                 "Israel reduced its troops in Khiam on Monday.",
                 "Israeli troops pulled back at Khiam on Monday."):
        got = _positions(text, lebanon())
        assert len(got) == 1 and got[0].place is not None and got[0].place.name == "Khiam", text
        assert got[0].predicate == "withdrew" and got[0].time == date(2024, 12, 2), text


def test_both_sides_of_a_confrontation_are_there() -> None:
    got = _where(_positions("Azerbaijani soldiers confronted Armenian troops near Jermuk on Tuesday."))
    assert got == {("AZE", "Jermuk"), ("ARM", "Jermuk")}


def test_a_convoy_that_passed_through_a_town_was_there() -> None:
    got = _positions("An Israeli convoy passed through Kfar Kila on Monday.", lebanon())
    assert [(c.actor, c.predicate, c.place.name if c.place else None) for c in got] == [
        ("ISR", "seen", "Kfar Kila")]


def test_reduced_tensions_or_a_passed_resolution_is_no_position() -> None:
    assert _positions("Talks in Naqoura reduced tensions on Monday.", lebanon()) == []
    assert _positions("The Security Council passed a resolution on Lebanon on Monday.", lebanon()) == []


# 4. days counted from the claim before

def _second_time(text: str) -> date | None:
    got = _positions(text, lebanon())
    assert len(got) == 2, [(c.actor, c.quote) for c in got]
    assert not got[1].time_inferred
    return got[1].time


def test_the_same_day_and_that_night_take_the_date_of_the_claim_before() -> None:
    for phrase in ("On the same day, Lebanese soldiers deployed in Marjayoun.",
                   "Lebanese soldiers deployed in Marjayoun that night.",
                   "Hours later, Lebanese soldiers deployed in Marjayoun."):
        assert _second_time(f"Israeli troops entered Khiam on Monday. {phrase}") == date(2024, 12, 2), phrase


def test_days_later_shift_the_date_of_the_claim_before() -> None:
    assert _second_time("Israeli troops entered Khiam on Monday. Two days later, Lebanese soldiers "
                        "deployed in Marjayoun.") == date(2024, 12, 4)
    assert _second_time("Israeli troops entered Khiam on Sunday. The day after, Lebanese soldiers "
                        "deployed in Marjayoun.") == date(2024, 12, 2)


def test_the_claim_before_wins_over_a_date_named_in_passing() -> None:
    text = ("Israeli troops entered Khiam on Monday. The truce of November 27 was holding. Lebanese "
            "soldiers deployed in Marjayoun the same day.")
    assert _second_time(text) == date(2024, 12, 2)


def test_a_same_day_with_no_date_before_stays_unresolved() -> None:
    exprs = find_times("Lebanese soldiers deployed in Marjayoun the same day.")
    assert [e.kind for e in exprs] == ["shift"]
    assert resolve(exprs[0], PUBLISHED, None) is None
    assert resolve(exprs[0], PUBLISHED, date(2024, 11, 30)) == (date(2024, 11, 30), None)


def test_coming_under_fire_or_fighting_near_a_place_is_presence() -> None:
    got = _where(_positions("Israeli troops came under fire near Khiam on Monday.", lebanon()))
    assert got == {("ISR", "Khiam")}
    got = _where(_positions("Ukrainian forces fought Russian troops near Svatove on Monday."))
    assert got == {("UKR", "Svatove"), ("RUS", "Svatove")}


def test_a_fight_vowed_is_no_position() -> None:
    assert _positions("Hezbollah vowed to fight Israeli troops in Khiam.", lebanon()) == []


def test_the_next_morning_and_a_week_later() -> None:
    assert _second_time("Israeli troops entered Khiam on Monday. The next morning, Lebanese soldiers "
                        "deployed in Marjayoun.") == date(2024, 12, 3)
    assert _second_time("Israeli troops entered Khiam on November 20. A week later, Lebanese soldiers "
                        "deployed in Marjayoun.") == date(2024, 11, 27)


def test_a_unit_after_hours_later_is_the_side_named_before_on_its_day() -> None:
    for front in ("Hours later,", "The same day,"):
        text = f"Israeli troops entered Khiam on Monday. {front} a unit set up a post at Kfar Kila."
        got = _positions(text, lebanon())
        unit = [c for c in got if c.place is not None and c.place.name == "Kfar Kila"]
        assert [(c.actor, c.time) for c in unit] == [("ISR", date(2024, 12, 2))], front
        assert unit[0].carried
