"""The reader's faster paths give what the plain ones gave (issue 10, reader speed).

Each fast helper is checked against the straightforward definition it replaced, written out
here, on sentences written for these tests and on random text.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from standoff.read import cues, lexicon, namescan, resolve
from standoff.read.chord import chord_km, ecef_km
from standoff.read.gazetteer import Entry, geonames
from standoff.read.sentences import _last_word, split_sentences
from standoff.read.terms import AGREED, DEMAND, PROPOSAL


def _last_word_plain(line: str, end: int) -> str:
    """The search split_sentences ran before: over the whole line up to the boundary."""
    word = re.findall(r"[\w.]+(?=\.$)", line[:end].rstrip(".!?\"')]") + ".")
    return word[-1] if word else ""


_CHARS = st.sampled_from(list("ab.!?\"')] ,") + ["Gen", "U.S", "x" * 90, "." * 90, " " * 85])


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=40), st.data())
def test_last_word_is_the_plain_search(pieces: list[str], data: st.DataObject) -> None:
    line = "".join(pieces)
    end = data.draw(st.integers(0, len(line)))
    assert _last_word(line, end) == _last_word_plain(line, end)


def test_split_sentences_keeps_abbreviations_in_long_paragraphs() -> None:
    one = "Gen. Smith met Mr. Lee in St. Cloud on Sept. 5. Troops of the U.S. left the town. "
    text = (one * 40).strip()
    got = split_sentences(text + "\nA second paragraph. It has two sentences.")
    assert [s.text for s in got[:2]] == ["Gen. Smith met Mr. Lee in St. Cloud on Sept. 5.",
                                        "Troops of the U.S. left the town."]
    assert len(got) == 82
    assert all(text[s.start:s.end] == s.text for s in got[:80])
    assert got[-1].text == "It has two sentences."


_MODALITY_PLAIN = re.compile("|".join(f"(?P<{name}>{p.pattern})" for name, p in (
    ("agreed", AGREED), ("demand", DEMAND), ("proposal", PROPOSAL))), re.I)

_CUE_SENTENCES = [
    "Israel demanded that Iranian forces stay 85 km from the border.",
    "Russia proposed a buffer zone; Damascus said it would agree to it.",
    "Under the 1974 agreement, Syrian troops must stay east of Line B.",
    "The deal requires both sides to pull back heavy weapons.",
    "The rebels were supposed to withdraw by Friday, but they asked Moscow for more time.",
    "Villagers said troops had agreed with the mayor to leave the school.",
    "Nobody asked anything; soldiers were seen near the river.",
    "Ankara wanted Kurdish fighters out, and insisted that they leave Manbij.",
    "Both parties signed an accord and committed themselves to withdraw.",
]


@given(st.lists(st.sampled_from(
    ["agreed", "agree", "to", "would", "demand", "that", "forces", "must", "stay", "is", "the",
     "deal", "requires", "asked", "Israel", "proposal", "offer", "rejected", "under", "ceasefire",
     "withdraw", ",", "were", "supposed", "ensure", "wants", "pledged", "keep", "3", "km"]),
    max_size=25))
def test_modality_is_the_plain_alternation(words: list[str]) -> None:
    for text in [" ".join(words), *_CUE_SENTENCES]:
        fast, plain = cues._MODALITY.search(text), _MODALITY_PLAIN.search(text)
        assert (fast is None) == (plain is None)
        if fast is not None and plain is not None:
            assert (fast.span(), fast.lastgroup) == (plain.span(), plain.lastgroup)


def test_modality_of_written_sentences() -> None:
    got = [cues.modality(s)[0] for s in _CUE_SENTENCES]
    assert got == ["demand", "proposal", "agreed", "agreed", "agreed", "agreed", "asserted", "demand",
                   "agreed"]


_VERBS = ["withdraw", "take", "take over", "take control of", "pull back", "pull", "call for",
          "agree", "set up", "sign", "see", "seek"]
_WORDS = ["withdrawal", "takeover", "pullback", "agreement", "signed off", "sought"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["withdraw", "withdrew", "withdrawn", "withdrawing", "withdrawals", "taken", "take", "took",
     "over", "control", "of", "pull", "pulled", "back", "calls", "for", "agreed", "agreeing", "set",
     "up", "signed", "off", "sought", "seeks", "saw", "seen", "Take", "TOOK", "takeover", "the",
     "deal", "x", "-", "\t", "  "]), max_size=20))
def test_pattern_tree_matches_the_flat_alternation(words: list[str]) -> None:
    text = " ".join(words)
    alts = {f for v in _VERBS for f in lexicon._phrase_forms(v)} | set(_WORDS)
    tree = lexicon.pattern(_VERBS, _WORDS)
    flat = rf"\b(?:{lexicon._flat(alts)})\b"
    assert tree != flat  # the tree form is the one in use
    # alone, and followed by more pattern (backtracking into the alternation)
    for suffix in ("", r"(?:\s+\w+){0,2}?\s+(?:of|deal|back)\b", r"\s*(?=\w)"):
        fast, plain = re.compile(tree + suffix, re.I), re.compile(flat + suffix, re.I)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_pattern_keeps_a_flat_alternation_for_capitals() -> None:
    got = lexicon.pattern(["go"], ["Golan"])
    assert got.startswith(r"\b(?:") and got.endswith(r")\b")
    assert set(got[5:-3].split("|")) == {"Golan", "going", "goes", "went", "gone", "go"}


def test_gazetteer_lookups_are_cached_and_independent() -> None:
    gn = geonames()
    first = gn.lookup("Damascus")
    assert first and any(e.country == "SY" for e in first)
    first.clear()  # a caller's list is its own
    again = gn.lookup("Damascus")
    assert again and again == gn.lookup("Damascus")
    assert gn.lookup("Xqzzyville Nowhere") == []
    assert gn.entry(0) is gn.entry(0)


def _pieces_plain(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """namescan._pieces as it was: every word cut at its hyphens by a regex."""
    out: list[tuple[int, int]] = []
    for w in re.finditer(r"\S+", text[start:end]):
        a = w.start() + start
        parts = [(a + p.start(), a + p.end()) for p in re.finditer(r"[^-]+", w.group(0))]
        if len(parts) > 1 and not text[parts[-1][0]].isupper():
            parts.pop()
        first = text[parts[0][0]:parts[0][1]].lower()
        if first in namescan._ARTICLES or any(not text[s].isupper() for s, _ in parts[1:]):
            out.append((parts[0][0], parts[-1][1]))
            continue
        out += parts
    return out


@given(st.lists(st.sampled_from(["Sligo", "-based", "EU", "-Israel", "al", "-Kiswah", "Port", "-au",
                                 "-Prince", "Winston", "-Salem", " ", "  ", "New", "York"]),
                min_size=1, max_size=12))
def test_pieces_are_the_plain_cut(parts: list[str]) -> None:
    text = "The " + "".join(parts) + " said"
    for m in namescan._CAP_RUN.finditer(text):
        assert namescan._pieces(text, m.start(), m.end()) == _pieces_plain(text, m.start(), m.end())


def test_nearest_anchor_is_the_geodesic_minimum_where_nearness_counts() -> None:
    geod = Geod(ellps="WGS84")
    anchors = [(35.5, 33.9), (36.3, 33.5), (-0.13, 51.5), (2.0, 48.5)]  # Beirut, Damascus, London, near Paris
    ctx = resolve._Context(Counter(), list(anchors), [], None)
    cands = [Entry(1, "Tyre", 35.2, 33.27, 60_000, "LB", "city"),
             Entry(2, "Paris", 2.35, 48.86, 2_000_000, "FR", "capital"),
             Entry(3, "Paris", -95.55, 33.66, 25_000, "US", "town"),
             Entry(4, "Texas", -99.0, 31.0, 29_000_000, "US", "state", radius_m=600_000.0)]
    got = ctx.nearest_km(cands)
    for c in cands[:2]:
        want = min(geod.inv(c.lon, c.lat, lon, lat)[2] for lon, lat in anchors) / 1000
        assert got[id(c)] == pytest.approx(want, abs=1e-9)
    assert got[id(cands[1])] == pytest.approx(48.0, abs=1.0)  # Paris - the anchor south of it
    assert got[id(cands[2])] == float("inf")  # Paris, Texas: 9,000 km from every anchor
    assert got[id(cands[3])] == float("inf")
    # the score reads the same with the distance given or found on its own
    for c in cands:
        assert ctx.score(c, {"paris"}, None, got[id(c)]) == ctx.score(c, {"paris"}, None)
    assert resolve._Context(Counter(), [], [], None).nearest_km(cands) == {}


@settings(max_examples=200, deadline=None)
@given(st.floats(-180, 180), st.floats(-89.9, 89.9), st.floats(-180, 180), st.floats(-89.9, 89.9))
def test_chord_is_never_longer_than_the_geodesic(lon1: float, lat1: float, lon2: float, lat2: float) -> None:
    geod_km = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000
    p = ecef_km(np.array([lon1]), np.array([lat1]))
    q = ecef_km(np.array([lon2]), np.array([lat2]))
    got = float(chord_km(p, q)[0])
    assert got <= geod_km + 1e-6
    if geod_km < 400:  # nearly straight over short distances
        assert got == pytest.approx(geod_km, rel=1e-3, abs=1e-6)


def test_support_is_the_same_as_with_every_pair_measured() -> None:
    from standoff.read.resolve import Hit, _support

    gn = geonames()
    words = ["Paris", "Henry County", "Springfield", "Lebanon", "Tyre", "Georgia", "Athens"]
    world = [Hit(i * 20, i * 20 + len(w), w, "geonames", candidates=gn.lookup(w))
             for i, w in enumerate(words)]
    todo = list(range(len(world)))
    names = {i: w.lower() for i, w in enumerate(words)}
    got = _support(world, todo, names)
    # the same count, found by measuring every pair with pyproj
    geod = Geod(ellps="WGS84")
    rows = [(i, c) for i in todo for c in sorted(world[i].candidates, key=Entry.prior, reverse=True)[:15]
            if c.kind not in ("country", "continent", "feature")]
    seen: dict[int, set[str]] = {}
    for x in range(len(rows)):
        for y in range(x + 1, len(rows)):
            (i, c), (j, e) = rows[x], rows[y]
            limit = 30 + max(resolve._reach_km(c), resolve._reach_km(e))
            if names[i] != names[j] and c.geonames_id != e.geonames_id \
                    and geod.inv(c.lon, c.lat, e.lon, e.lat)[2] / 1000 <= limit:
                seen.setdefault(x, set()).add(names[j])
                seen.setdefault(y, set()).add(names[i])
    assert seen  # Paris within Henry County, Tennessee; Athens, Georgia; ...
    for x, others in seen.items():
        i, c = rows[x]
        assert got[i][id(c)] == min(len(others), 3)
    counted = {(i, k) for i, d in got.items() for k in d}
    assert {(rows[x][0], id(rows[x][1])) for x in seen} <= counted


def test_an_affiliated_force_is_found_only_with_its_cue() -> None:
    from standoff.read.actors import alias_actors
    from standoff.read.packnames import world_pack

    pack = world_pack()
    with_cue = alias_actors("UNIFIL-linked troops and Iran-allied militias moved.", pack)
    assert [(m.text, m.code) for m in with_cue][:2] == [("UNIFIL", "UN.UNIFIL"), ("Iran", "IRN")]
    assert [m.text for m in alias_actors("UNIFIL troops moved.", pack)] == ["UNIFIL"]


_SPEECH_TEXTS = st.lists(st.sampled_from(
    ["said", "Says", "SAID", "reportedly", "reports", "report_x", "videos", "video2", "Photos", "the",
     "troops", "ſaid", "Beirut", "believe", "believes", "fears", "fearsome", "told", "ﬁled", ",", "'",
     "-", "\n", "é"]), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_SPEECH_TEXTS)
def test_speech_words_are_found_as_the_pattern_finds_them(text: str) -> None:
    from standoff.read import speech

    assert speech._names_speech(text) == (speech._ANY.search(text) is not None)


def test_speech_words_in_written_sentences() -> None:
    from standoff.read import speech

    assert speech._names_speech("The army said troops left.")
    assert speech._names_speech("Satellite imagery shows tanks near the town.")
    assert not speech._names_speech("Troops left the town on Monday.")
    assert not speech._names_speech("The sayings of the elders.")


_CLAUSE_CUES_PLAIN = re.compile("|".join(f"(?:{p.pattern})" for p in [DEMAND, PROPOSAL, AGREED]) + r"|\d")


@given(st.lists(st.sampled_from(
    ["agreed", "to", "demand", "that", "forces", "must", "stay", "a4", "x9", "3", "deal", "requires",
     "asked", "under", "the", "ceasefire", "withdraw", "supposed", "offer", "wants", "_must"]),
    max_size=20))
def test_clause_cues_are_the_plain_alternation(words: list[str]) -> None:
    text = " ".join(words)
    fast, plain = cues._CLAUSE_CUES.search(text), _CLAUSE_CUES_PLAIN.search(text)
    assert (fast and fast.span()) == (plain and plain.span())


def test_name_keys_are_cached_but_each_caller_gets_its_own_set() -> None:
    from standoff.read.gazetteer import name_keys

    keys = name_keys("Al-Qusayr")
    assert keys == {"al qusayr", "qusayr"}
    keys.add("changed")
    assert name_keys("Al-Qusayr") == {"al qusayr", "qusayr"}
    assert name_keys("the Democratic Republic of the Congo") == {
        "the democratic republic of the congo", "democratic republic of the congo",
        "the democratic republic of congo"}


def _infer_published_plain(texts: list[str]) -> object:
    """dates.infer_published as it was: from every time expression of the texts."""
    from datetime import date

    from standoff.read.dates import find_times
    from standoff.read.dates import resolve as resolve_time

    exprs = [e for t in texts for e in find_times(t)]
    full = [got[0] for e in exprs if e.kind in ("mdy", "dmy", "iso", "month_year") and e.get("year")
            and (got := resolve_time(e, None))]
    if not full:
        return None
    year, latest = max(d.year for d in full), max(full)
    for e in exprs:
        if e.kind in ("mdy", "dmy") and not e.get("year"):
            got = resolve_time(e, date(year, 12, 31))
            if got and got[0].year == year:
                latest = max(latest, got[0])
    return latest


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["May", "3,", "3", "2019", "2018", "last", "early", "Monday", "the", "Feb.", "18", "deadline",
     "2020-01-05", "of", "June", "in", "later", "days", "two", "that", "day", "12th", "Sept", "by",
     "March", ",", "."]), max_size=16))
def test_published_date_inferred_as_from_every_expression(words: list[str]) -> None:
    from standoff.read.dates import infer_published

    text = " ".join(words)
    assert infer_published([text]) == _infer_published_plain([text])


def test_published_date_of_written_text() -> None:
    from datetime import date

    from standoff.read.dates import infer_published

    text = ("Troops left on May 3, 2019. The Feb. 18 deadline passed; last May 2018 was quiet. "
            "On June 12 they came back, and two days later they left.")
    assert infer_published([text]) == _infer_published_plain([text]) == date(2019, 6, 12)


def test_speech_words_are_read_from_the_pattern() -> None:
    from standoff.read import speech

    assert {"said", "says", "believe", "believes", "videos", "footage"} <= speech._ANY_WORDS
