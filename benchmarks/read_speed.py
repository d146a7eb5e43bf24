"""Reading speed on real news, per CPU second, in both of the reader's NER modes.

Run: .venv/bin/python benchmarks/read_speed.py [--limit 150] [--repeat 3] [--write]

- `claims`: what `standoff read` does by default (spaCy's NER only on sentences that may hold a
  claim and name something neither gazetteer nor pack explains);
- `all`: what `standoff read --places` and benchmarks/geoparse.py do (NER on every sentence).

Corpora: the first `--limit` articles of LGL's dev half (../shared/corpora/geoparsing, skipped
when absent) and the development set's `dev` split (benchmarks/devset/articles; the blind
splits are held out and never read here).
No pack: the world gazetteer alone. Modes run interleaved in one process after a warm-up; each
figure is the best of `--repeat` runs, as articles per CPU second of this process.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geoparse import CORPORA, _write, load  # noqa: E402
from read_eval import ARTICLES, load_article, select_split  # noqa: E402

SECTION = "## read: articles per CPU second on real news, both NER modes (issue 10)"
MODES = ("claims", "all")


def corpora(limit: int) -> dict[str, list[str]]:
    """Article texts by corpus name."""
    out: dict[str, list[str]] = {}
    if CORPORA.is_dir():
        out[f"lgl dev (first {limit})"] = [a.text for a in load("lgl")[::2][:limit]]
    devset = select_split([load_article(p) for p in sorted(ARTICLES.glob("*.yaml"))], "dev")
    out["devset passages (dev split)"] = [a.text for a in devset]  # never the held-out blind splits
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=150, help="LGL dev articles (default 150)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="write the section into RESULTS.md")
    args = ap.parse_args()
    from standoff.read import read_docs, read_text
    from standoff.read.nlp import load_nlp
    from standoff.read.sources import RawDoc

    t0 = time.perf_counter()
    load_nlp()
    read_text("Warm-up in Paris, France, near Lyon.", None, ner="all")
    startup = time.perf_counter() - t0
    rows = []
    for name, texts in corpora(args.limit).items():
        docs = [RawDoc(f"a{i}", f"a{i}", t) for i, t in enumerate(texts)]
        words = sum(len(t.split()) for t in texts)
        best = {m: float("inf") for m in MODES}
        for _ in range(args.repeat):
            for mode in MODES:
                c0 = time.process_time()
                read_docs(docs, None, ner=mode)  # type: ignore[arg-type]
                best[mode] = min(best[mode], time.process_time() - c0)
        rows.append((name, len(docs), words / len(docs), best))
        print(f"{name}: " + ", ".join(f"{m} {len(docs) / best[m]:.1f}" for m in MODES)
              + " articles per CPU s", file=sys.stderr)
    load1, load5, _ = os.getloadavg()
    lines = [
        SECTION, "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M UTC}; machine: {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load1:.2f} / {load5:.2f} after the runs",
        f"- command: `.venv/bin/python benchmarks/read_speed.py {' '.join(sys.argv[1:])}`".rstrip(),
        f"- start-up (spaCy, gazetteer index, warm-up): {startup:.1f} s; no pack; best of "
        f"{args.repeat}, modes interleaved; goal: 20 articles per CPU second or more", "",
        "| corpus | articles | words each | `read` (NER on claim sentences) | `read --places` "
        "(NER on every sentence) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, n, words, best in rows:
        lines.append(f"| {name} | {n} | {words:.0f} | {n / best['claims']:.1f} | "
                     f"{n / best['all']:.1f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        _write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
