"""The report works on verdict columns (issue 17, item 7): same numbers as the records, and no
Verdict record is built except for the rows a table shows. Timing is in benchmarks/bench_report.py.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import standoff
from standoff.report.charts import monthly_counts
from standoff.report.columns import verdict_rows
from standoff.report.comparison import worst_by_version
from standoff.report.mapdata import RANK, worst_status
from standoff.report.report import MAX_FINDINGS, build_report, clause_counts
from tests._capped import capped_tests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_check import make_observations  # noqa: E402

N = 3000


@pytest.fixture(scope="module")
def golan() -> tuple[object, object]:
    pack = standoff.load_pack("golan")
    return pack, standoff.check(make_observations(pack, N, seed=7), pack)


_capped = capped_tests(1500)  # every test here runs under a memory cap


def test_report_builds_records_only_for_the_rows_it_shows(golan: tuple,  # type: ignore[type-arg]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    pack, result = golan
    asked: list[int] = []
    original = type(result).sentences

    def counting(self, rows=None):  # type: ignore[no-untyped-def]
        asked.extend(np.arange(len(self))[rows] if rows is not None else range(len(self)))
        return original(self, rows)

    monkeypatch.setattr(type(result), "sentences", counting)  # a spy: the real method still runs
    page = build_report(result, pack)
    assert "verdicts" not in result.__dict__  # the full list of records was never built
    assert 0 < len(asked) <= MAX_FINDINGS * len(pack.agreements)
    assert page.count("<section") == len(pack.agreements) + 1


def test_columns_give_the_numbers_of_the_records(golan: tuple) -> None:  # type: ignore[type-arg]
    pack, result = golan
    records = result.verdicts  # built here, once, as the reference
    rows = verdict_rows(result)
    obs = result.observations
    for aid in pack.agreements:
        assert rows.clause_counts(aid) == clause_counts(records, aid)
        worst: dict[str, list[str]] = {}
        for v in records:
            if v.agreement_id == aid:
                worst.setdefault(v.observation_id, []).append(v.status)
        expect = np.array([RANK[worst_status(worst.get(str(i), []))] for i in obs.id])
        assert (rows.worst_rank([aid]) == expect).all()
        months, counts, undated = monthly_counts(result, aid)
        per: Counter[tuple[str, str]] = Counter()
        for i, oid in enumerate(obs.id):
            status = worst_status(worst.get(str(oid), []))
            if status in ("violation", "possible") and not np.isnat(obs.time[i]):
                per[(status, str(obs.time[i].astype("datetime64[M]")))] += 1
        assert {(s, m): n for s in counts for m, n in zip(months, counts[s], strict=True) if n} \
            == dict(per)
        assert undated == 0


def test_worst_by_version_matches_the_records(golan: tuple) -> None:  # type: ignore[type-arg]
    pack, result = golan
    shown = list(pack.agreements)[:3]
    expect: dict[str, dict[str, str]] = {}
    for v in result.verdicts:
        if v.agreement_id in shown:
            cell = expect.setdefault(v.observation_id, {})
            if RANK[v.status] > RANK.get(cell.get(v.agreement_id, ""), -1):
                cell[v.agreement_id] = v.status
    assert worst_by_version(result, shown) == expect
