"""Cleanup of pasted pages: what is set aside, and the map back to the raw text."""

from __future__ import annotations

import random

import pytest

from standoff.read.clean import clean_text, fold_chars
from tests.read_helpers import PASTED, pasted

RAW = PASTED.read_text(encoding="utf-8")


def reasons() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a, b, why in clean_text(RAW).set_aside:
        out.setdefault(why, []).append(RAW[a:b])
    return out


def test_title_is_kept_aside_as_the_headline() -> None:
    cleaned = clean_text(RAW)
    assert cleaned.title.startswith("Iran Digs In Near the Golan")
    assert "Iran Digs In" not in cleaned.clean


@pytest.mark.parametrize(("reason", "text"), [
    ("byline", "Dana Levi"),
    ("boilerplate", "Send in e-mailSend in e-mail"),
    ("caption", "Syrian soldiers at a checkpoint outside Quneitra, March 2023."),
    ("teaser", ">> Analysis: Why the Golan front stayed quiet for a decade | Opinion"),
    ("boilerplate", "Tap the alert bell to follow topics:"),
    ("boilerplate", "From $1 for the first month"),
    ("boilerplate", "Have an account? Log in here"),
    ("other language", "עסקת החטופים"),
    ("teaser", "Why Tel Aviv's Startups Are Moving to Lisbon"),
    ("after article end", "Rescue workers search the rubble after the storm. The toll is still "
                          "rising."),
])
def test_boilerplate_is_set_aside(reason: str, text: str) -> None:
    assert text in reasons()[reason]
    assert text not in clean_text(RAW).clean


def test_repeated_byline_and_both_caption_copies_go() -> None:
    got = reasons()
    assert got["byline"].count("Dana Levi") == 4
    assert len([t for t in got["caption"] if t.startswith("Syrian soldiers")]) == 2


def test_content_is_kept_including_the_update_line() -> None:
    clean = clean_text(RAW).clean
    assert "UPDATE: Jordan says it will close the Nasib crossing" in clean
    assert "Hezbollah fighters were seen near Nawa on Tuesday" in clean
    assert "Local sources said militiamen" in clean


def test_no_hebrew_and_no_paywall_in_claims() -> None:
    result = pasted()
    for claim in result.claims:
        assert not any("\u0590" <= ch <= "\u05ff" for ch in claim.quote)
        assert "LOG IN" not in claim.quote and "subscriber" not in claim.quote


def test_offset_map_every_clean_span_maps_back_to_the_raw_text() -> None:
    cleaned = clean_text(RAW)
    rng = random.Random(4)
    for _ in range(500):
        s = rng.randrange(len(cleaned.clean))
        e = min(len(cleaned.clean), s + rng.randrange(1, 80))
        piece = cleaned.clean[s:e]
        if "\n" in piece:  # lines are joined by one newline: compare line by line
            continue
        a, b = cleaned.span_to_raw(s, e)
        assert fold_chars(RAW[a:b]) == piece


def test_claim_spans_point_at_their_quotes_in_the_raw_text() -> None:
    result = pasted()
    raw = result.documents[0].raw
    assert raw == RAW
    for claim in result.claims:
        a, b = claim.span
        assert raw[a:b].strip() == claim.quote
        sa, sb = claim.sentence_span
        assert sa <= a and b <= sb and raw[sa:sb] == claim.sentence


def test_typographic_quotes_fold_one_for_one() -> None:
    text = "Shi\u2019ite militias \u201cnear\u201d the border \u2013 reportedly\n"
    cleaned = clean_text(text)
    assert cleaned.clean == "Shi'ite militias \"near\" the border - reportedly"
    assert len(cleaned.clean) == len(text.strip())


def test_an_empty_page_cleans_to_nothing() -> None:
    cleaned = clean_text("\n\n   \n")
    assert cleaned.clean == "" and cleaned.segments == [] and cleaned.to_raw(0) == 0


def test_a_mid_article_marker_does_not_cut_the_article() -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    paras = [f"Hezbollah fighters were seen near Nawa on {d}, according to local activists "
             "who watched the convoy pass the main road for most of the afternoon." for d in days]
    text = "\n\n".join(paras[:3] + ["Recommended stories"] + paras[3:])
    cleaned = clean_text(text)
    assert cleaned.clean.count("Hezbollah fighters") == 7
    assert all(r != "after article end" for _, _, r in cleaned.set_aside)
