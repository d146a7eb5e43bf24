"""The development-set scorer (benchmarks/devset_score.py, benchmarks/read_eval.py) on tiny
synthetic gold and predictions, so that its numbers can be trusted; plus a check that every
article file of the development set loads."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest
from pyproj import Geod

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


S = _load("devset_score")
E = _load("read_eval")
GEOD = Geod(ellps="WGS84")
QUNEITRA = (35.824, 33.126)  # lon, lat


def gold(id_="g1", actor="IRN", lonlat=QUNEITRA, **kw) -> S.Gold:
    return S.Gold(id=id_, kind=kw.pop("kind", "position"), actors=[actor], lon=lonlat[0],
                  lat=lonlat[1], **kw)


def pred(id_="c1", actor="IRN", lonlat=QUNEITRA, **kw) -> S.Pred:
    return S.Pred(id=id_, kind=kw.pop("kind", "position"), actors=[actor], lon=lonlat[0],
                  lat=lonlat[1], **kw)


def moved(km: float, azimuth: float = 90.0) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(QUNEITRA[0], QUNEITRA[1], azimuth, km * 1000.0)
    return lon, lat


def test_actor_hierarchy_and_unknown_text():
    assert S.actors_compatible("IRN", "IRN.IRGC.QUDS")
    assert S.actors_compatible("IRN.IRGC.QUDS", "IRN")
    assert not S.actors_compatible("IRN.IRGC", "IRN.PROXY")  # siblings
    assert not S.actors_compatible("ISR", "ISIS")  # a prefix of letters is not an ancestor
    assert S.actors_compatible("LBN.LAF", "UNKNOWN:Lebanese army", ["Lebanese army", "LAF"])
    assert not S.actors_compatible("LBN.LAF", "UNKNOWN:Hezbollah", ["Lebanese army"])
    assert not S.actors_compatible("UNKNOWN:x", "IRN")


def test_place_tolerance_is_25_km_measured_on_the_ellipsoid():
    assert S.match_positions([gold()], [pred(lonlat=moved(24.0))]).matches
    far = S.match_positions([gold()], [pred(lonlat=moved(26.0, azimuth=0.0))])
    assert not far.matches and len(far.misses) == 1 and len(far.false_pos) == 1
    # a gold radius wider than 25 km widens the tolerance
    assert S.match_positions([gold(radius_km=40)], [pred(lonlat=moved(38.0))]).matches


def test_place_names_match_without_coordinates_across_spellings():
    g = gold(place=["Sweida", "al-Suwayda"], lonlat=(None, None))
    assert S.match_positions([g], [pred(lonlat=(None, None), place_names=["As-Suwayda"])]).matches
    assert S.match_positions([g], [pred(lonlat=(None, None), place_names=["Suwayda"])]).matches
    assert S.match_positions([g], [pred(lonlat=(None, None), place_names=["Súwayda"])]).matches
    assert not S.match_positions([g], [pred(lonlat=(None, None), place_names=["Daraa"])]).matches
    assert not S.match_positions([g], [pred(lonlat=(None, None))]).matches  # no place at all
    # a leading article is no part of a name: "the Jordanian border" is "Jordanian border"
    line = gold(place=["Jordanian border"], lonlat=(None, None))
    nowhere = (None, None)
    assert S.match_positions([line], [pred(lonlat=nowhere, place_names=["the Jordanian border"])]).matches
    assert not S.match_positions([line], [pred(lonlat=nowhere, place_names=["the Syrian border"])]).matches


def test_actor_must_agree_even_at_the_right_place():
    doc = S.match_positions([gold(actor="ISR.IDF")], [pred(actor="SYR.SAA")])
    assert not doc.matches and doc.misses and doc.false_pos
    assert "place found with actor SYR.SAA" in S.why_missed(doc.misses[0], doc)
    # a claim that went to another gold claim is named as taken
    doc = S.match_positions([gold("g1"), gold("g2", lonlat=moved(3.0))], [pred("c1")])
    assert S.why_missed(doc.misses[0], doc).endswith(f"taken by {doc.matches[0].gold.id})")


def test_one_statement_one_claim_duplicates_are_false_positives():
    doc = S.match_positions([gold()], [pred("c1"), pred("c2")])
    tally = S.Tally()
    tally.add(doc)
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 0)
    assert tally.precision == 0.5 and tally.recall == 1.0


def test_matching_is_maximal_not_greedy():
    # c1 fits g1 and g2 (nearer g1), c2 fits g1 only: a greedy pass would give c1 to g1 and
    # leave c2 and g2 unmatched; the maximum matching pairs c1-g2 and c2-g1.
    g1, g2 = gold("g1"), gold("g2", lonlat=moved(20.0))
    c1, c2 = pred("c1", lonlat=moved(5.0)), pred("c2", lonlat=moved(10.0, azimuth=270.0))
    doc = S.match_positions([g1, g2], [c1, c2])
    assert {(m.gold.id, m.pred.id) for m in doc.matches} == {("g1", "c2"), ("g2", "c1")}


def test_optional_gold_neither_misses_nor_counts_as_false_positive():
    opt = gold("t1", optional=True)
    doc = S.match_positions([opt], [pred()])
    assert (len(doc.matches), len(doc.misses), len(doc.false_pos), doc.optional_hits) == (0, 0, 0, 1)
    doc = S.match_positions([opt], [])
    assert not doc.misses
    # a required gold claim takes the prediction before an optional one does
    doc = S.match_positions([opt, gold("p1")], [pred()])
    assert [m.gold.id for m in doc.matches] == ["p1"] and doc.optional_hits == 0


def test_negated_predictions_are_left_out():
    doc = S.match_positions([], [pred(modality="negated")])
    assert not doc.false_pos


def test_date_rule_interval_inside_gold_widened_by_a_day():
    d = date(2018, 8, 2)
    assert S.date_right((d, d), (date(2018, 8, 3), date(2018, 8, 3)))
    assert not S.date_right((d, d), (date(2018, 8, 4), date(2018, 8, 4)))
    assert not S.date_right((d, d), (date(2018, 7, 26), date(2018, 8, 2)))  # vaguer than gold
    week = (date(2018, 7, 23), date(2018, 7, 29))
    assert S.date_right(week, (date(2018, 7, 25), date(2018, 7, 25)))
    assert S.date_right(week, week)
    assert not S.date_right(week, None)


def test_clauses_match_on_actor_and_km_and_score_status():
    g = gold("k1", kind="clause", km=100.0, status="rejected", lonlat=(None, None))
    right = pred("c1", kind="clause", kms=[100.0], status="rejected", lonlat=(None, None))
    wrong_km = pred("c2", kind="clause", kms=[80.0], status="proposal", lonlat=(None, None))
    doc = S.match_clauses([g], [wrong_km, right])
    assert [m.pred.id for m in doc.matches] == ["c1"] and [p.id for p in doc.false_pos] == ["c2"]
    assert S.status_right(g, right) and not S.status_right(g, wrong_km)
    # position predictions are not clause predictions
    assert not S.match_clauses([g], [pred(kind="position", kms=[100.0])]).matches


def test_details_count_dates_attribution_and_distance():
    g = gold(time=(date(2018, 8, 1), date(2018, 8, 1)), attribution=["TASS", "Lavrentiev"],
             distance_km=85.0)
    good = pred(time=(date(2018, 8, 1), date(2018, 8, 1)), attribution="TASS, quoting the envoy",
                kms=[85.0])
    missed = gold("g2", lonlat=moved(200.0), time=(date(2018, 8, 1), date(2018, 8, 1)))
    tally = S.Tally()
    S.tally_details(tally, S.match_positions([g, missed], [good]), S.match_clauses([], []))
    assert tally.extra["date stated"] == [1, 1]
    assert tally.extra["date (all gold)"] == [1, 2]
    assert tally.extra["attribution"] == [1, 1]
    assert tally.extra["stated distance"] == [1, 1]
    bad = pred(time=None, attribution="", kms=[53.0])
    tally = S.Tally()
    S.tally_details(tally, S.match_positions([g], [bad]), S.match_clauses([], []))
    assert tally.extra["date stated"] == [0, 1] and tally.extra["attribution"] == [0, 1]
    assert tally.extra["stated distance"] == [0, 1]


def test_prediction_from_a_reader_claim():
    from standoff.read.records import Claim, Modifier, PlaceMention

    place = PlaceMention(document="d", span=(0, 5), text="Kuneitra", resolved=True,
                         name="Quneitra", lon=35.824, lat=33.126)
    claim = Claim(id="d-c1", document="d", kind="clause", actor="IRN", actor_text="Iran",
                  actors=["IRN", "IRN.PROXY"], predicate="must_stay", modality="negated",
                  place=place, modifiers=[Modifier(kind="band", text="0-10 km", from_km=0, to_km=10),
                                          Modifier(kind="beyond", text="100 km", km=100.0)],
                  time=date(2018, 7, 23), quote="q", span=(0, 1), sentence="s", sentence_span=(0, 1))
    p = E.pred_from_claim(claim, {("d-c1", "a", "c"): "possible", ("d-c2", "a", "c"): "violation"})
    assert p.verdicts == {("a", "c"): "possible"}
    assert p.actors == ["IRN", "IRN.PROXY"] and p.status == "rejected"
    assert p.place_names == ["Quneitra", "Kuneitra"] and sorted(p.kms) == [0.0, 10.0, 100.0]
    assert p.time == (date(2018, 7, 23), date(2018, 7, 23))


def test_bad_article_file_names_file_and_field(tmp_path, capsys):
    (tmp_path / "01-x.yaml").write_text(
        "title: t\nurl: u\npublisher: p\npublished: 2018-08-01\ntheatre: golan\ntext: hi\n"
        "positions:\n  - {id: p1, actor: IRN}\n", encoding="utf-8")
    with pytest.raises(E.BadInput, match=r"01-x\.yaml: positions\[0\] \(p1\): place is required"):
        E.load_article(tmp_path / "01-x.yaml")
    assert E.main(["--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "01-x.yaml" in err and "Traceback" not in err
    (tmp_path / "01-x.yaml").write_text("title: t\npublished: someday\n", encoding="utf-8")
    with pytest.raises(E.BadInput, match="'url' is missing"):
        E.load_article(tmp_path / "01-x.yaml")


def test_every_development_article_loads_with_source_date_and_gold():
    from standoff.packs import load_pack

    golan = load_pack("golan")
    files = sorted((BENCH / "devset" / "articles").glob("*.yaml"))
    assert len(files) >= 25
    assert len({E.load_article(p).theatre for p in files}) >= 3
    for path in files:
        art = E.load_article(path)
        assert date(2015, 1, 1) <= art.published <= date(2025, 12, 31), path
        assert art.url.startswith("http") and art.gold, path
        assert len(art.text) < 4000, f"{path}: keep only the passages needed"
        ids = [g.id for g in art.gold]
        assert len(ids) == len(set(ids)), f"{path}: duplicate gold ids"
        for g in art.gold:
            if g.verdict:  # the expected verdict names a real clause of the golan pack
                agreement = golan.agreements[g.verdict[0]]
                assert g.verdict[1] in {c.id for c in agreement.clauses}, (path, g.id)


def test_verdict_is_the_engine_status_of_the_matched_claims_observation():
    g = S.gold_from_dict({"id": "p1", "actor": "ISR.IDF", "place": "Hermon", "lat": 33.4,
                          "lon": 35.86, "verdict": {"agreement": "a", "clause": "c",
                                                    "status": "violation"}}, "position")
    assert g.verdict == ("a", "c", "violation")
    assert S.verdict_right(g, pred(verdicts={("a", "c"): "violation"}))
    assert not S.verdict_right(g, pred(verdicts={("a", "c"): "possible"}))
    assert not S.verdict_right(g, pred())  # the claim made no observation
    with pytest.raises(ValueError, match="not a verdict status"):
        S.gold_from_dict({"id": "p1", "actor": "X", "place": "Y",
                          "verdict": {"agreement": "a", "clause": "c", "status": "bad"}}, "position")


def test_says_ties_a_gold_claim_to_its_sentence():
    g = gold(says="In  June")
    june = pred("c1", sentence="In June, loyalist forces attacked ISIS locations.")
    july = pred("c2", sentence="On Wednesday, ISIS attacked seven villages.")
    doc = S.match_positions([g], [july, june])
    assert [m.pred.id for m in doc.matches] == ["c1"] and [p.id for p in doc.false_pos] == ["c2"]
    assert not S.match_positions([g], [july]).matches


def test_dates_without_own_time_need_overlap_and_no_great_vagueness():
    two_days = (date(2025, 11, 6), date(2025, 11, 7))
    assert S.date_plausible(two_days, (date(2025, 11, 4), date(2025, 11, 7)))  # days before publication
    assert S.date_plausible(two_days, (date(2025, 11, 8), date(2025, 11, 8)))  # a day's tolerance
    assert not S.date_plausible(two_days, (date(2025, 10, 31), date(2025, 10, 31)))
    assert not S.date_plausible(two_days, (date(2014, 1, 1), date(2025, 11, 7)))  # "since 2014"
    assert not S.date_plausible(two_days, None)
    stated = gold(time=two_days)
    inferred = gold(time=two_days, time_inferred=True)
    vague = pred(time=(date(2025, 11, 4), date(2025, 11, 7)))
    assert S.date_ok(inferred, vague) and not S.date_ok(stated, vague)
    tally = S.Tally()
    S.tally_details(tally, S.match_positions([inferred], [vague]), S.match_clauses([], []))
    assert tally.extra["date no own time"] == [1, 1] and "date stated" not in tally.extra


THEATRE_BOXES = {  # (south, west, north, east), degrees: catches swapped or mistyped coordinates
    "golan": (32.3, 35.5, 33.6, 37.3), "lebanon": (32.9, 35.0, 34.7, 36.7),
    "idlib": (35.0, 35.8, 36.6, 37.5), "donbas": (46.9, 36.0, 49.3, 40.3),
    "nagorno-karabakh": (38.8, 43.4, 41.3, 47.5), "korea": (37.0, 124.5, 39.0, 129.5),
    "cyprus": (34.5, 32.2, 35.8, 34.7), "western-sahara": (20.5, -17.5, 28.0, -8.5),
    "kashmir": (32.2, 73.3, 35.5, 77.0), "gaza-egypt": (29.0, 32.0, 31.7, 35.0),
    "kosovo": (41.8, 19.9, 43.4, 21.9), "georgia": (41.0, 40.0, 43.6, 46.8),
    "abyei": (8.5, 27.0, 10.5, 29.5), "india-china": (32.5, 77.0, 35.7, 80.5),
    "armenia-azerbaijan": (38.8, 43.4, 41.3, 47.5), "libya": (25.0, 9.0, 33.5, 25.5),
    "yemen": (12.0, 41.5, 17.5, 46.0), "drc": (-3.5, 27.5, 0.5, 30.5),
    "ethiopia-eritrea": (12.5, 36.0, 15.5, 40.5), "somalia": (-2.0, 40.5, 12.0, 51.5),
    "sudan": (8.5, 21.5, 22.5, 39.0), "mali": (10.0, -12.5, 25.0, 4.5),
    "transnistria": (45.4, 28.0, 48.5, 30.2),
    "thailand-cambodia": (10.0, 100.0, 16.0, 107.0), "ukraine": (44.0, 22.0, 52.5, 40.5),
    "iraq-turkey": (35.5, 41.0, 38.0, 46.5), "guyana-venezuela": (0.5, -66.0, 10.5, -56.0),
    "mozambique": (-27.0, 30.0, -10.0, 41.5), "sinai": (27.5, 32.0, 31.7, 35.0),
    "myanmar": (9.5, 92.0, 28.5, 101.5), "greece-turkey": (39.0, 25.0, 42.2, 29.0),
    "colombia-venezuela": (0.0, -79.0, 13.0, -66.0),
}


def test_gold_coordinates_lie_in_their_theatre():
    for path in sorted((BENCH / "devset" / "articles").glob("*.yaml")):
        art = E.load_article(path)
        south, west, north, east = THEATRE_BOXES[art.theatre]
        for g in art.gold:
            if g.lat is not None:
                assert south <= g.lat <= north and west <= g.lon <= east, (path.name, g.id)


def test_split_keeps_blind_articles_out_of_the_default_run(tmp_path, capsys):
    head = "title: t\nurl: http://x\npublisher: p\npublished: 2018-08-01\ntheatre: golan\ntext: hi\n"
    (tmp_path / "01-dev.yaml").write_text(head, encoding="utf-8")
    (tmp_path / "02-blind.yaml").write_text(head + "split: blind\n", encoding="utf-8")
    assert E.load_article(tmp_path / "01-dev.yaml").split == "dev"
    assert E.load_article(tmp_path / "02-blind.yaml").split == "blind"
    for bad in ("all", "Blind 2", "''"):  # "all" is the option's, not an article's
        (tmp_path / "03-bad.yaml").write_text(head + f"split: {bad}\n", encoding="utf-8")
        with pytest.raises(E.BadInput, match=r"03-bad\.yaml: field 'split'"):
            E.load_article(tmp_path / "03-bad.yaml")
    (tmp_path / "03-bad.yaml").unlink()
    (tmp_path / "01-dev.yaml").unlink()
    assert E.main(["--dir", str(tmp_path)]) == 2  # only a blind article: nothing of split dev
    assert "no article files of split dev (splits present: blind)" in capsys.readouterr().err


def test_any_split_named_in_the_files_can_be_selected(tmp_path, capsys):
    head = "title: t\nurl: http://x\npublisher: p\npublished: 2018-08-01\ntheatre: golan\ntext: hi\n"
    for name, split in (("01-a", ""), ("02-b", "split: blind\n"), ("03-c", "split: blind2\n"),
                        ("04-d", "split: blind2\n")):
        (tmp_path / f"{name}.yaml").write_text(head + split, encoding="utf-8")
    arts = [E.load_article(p) for p in sorted(tmp_path.glob("*.yaml"))]
    assert [a.path.stem for a in E.select_split(arts, "blind2")] == ["03-c", "04-d"]
    assert [a.path.stem for a in E.select_split(arts, "dev")] == ["01-a"]
    assert len(E.select_split(arts, "all")) == 4 and not E.select_split(arts, "blind3")
    assert E.section_title("blind2") != E.section_title("blind") != E.section_title("dev")
    assert "blind2" in E.section_title("blind2")
    assert E.main(["--dir", str(tmp_path), "--split", "blind3"]) == 2  # fails before any reading
    assert "splits present: blind, blind2, dev" in capsys.readouterr().err


def test_blind_set_has_its_own_articles():
    files = sorted((BENCH / "devset" / "articles").glob("*.yaml"))
    blind = [p.name for p in files if E.load_article(p).split == "blind"]
    assert len(blind) >= 12 and all(name[:2] >= "36" for name in blind)


@pytest.mark.parametrize(("split", "first", "count", "theatres", "packless"),
                         [("blind2", "48", 12, 5, 2), ("blind3", "60", 14, 8, 5),
                          ("blind4", "76", 16, 10, 7), ("blind5", "92", 20, 13, 10),
                          ("blind7", "132", 20, 15, 15)])
def test_later_blind_sets_have_their_own_articles(split, first, count, theatres, packless):
    files = sorted((BENCH / "devset" / "articles").glob("*.yaml"))
    arts = [E.load_article(p) for p in files]
    mine = [a for a in arts if a.split == split]
    assert len(mine) >= count and all(int(a.path.name.split("-")[0]) >= int(first) for a in mine)
    assert not {a.url for a in mine} & {a.url for a in arts if a.split != split}
    assert len({a.theatre for a in mine}) >= theatres
    assert sum(a.pack is None for a in mine) >= packless
