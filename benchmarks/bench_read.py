"""Articles per second for `standoff.read` on one core, ~800-word pasted articles.

Run: .venv/bin/python benchmarks/bench_read.py [--articles 200] [--pack golan]
The articles are built from the test articles in tests/articles/, with places, numbers and
days varied so no two are the same. spaCy and the gazetteer are loaded before timing.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"
PLACES = ["Nawa", "Quneitra", "Tafas", "al-Kiswah", "Jasim", "Hader", "Daraa", "Sanamayn",
          "Beit Jinn", "Khan Arnabah", "Inkhil", "Shaykh Miskin"]
ACTORS = ["Hezbollah fighters", "Members of the Revolutionary Guards", "Shi'ite militiamen",
          "Syrian army units", "Quds Force officers", "Iranian troops"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PEOPLE = ["Prime Minister Naftali Bennett", "Foreign Minister Sergei Lavrov", "General Qassem "
          "Soleimani", "Defense Minister Benny Gantz", "Hassan Nasrallah", "Ayman Safadi"]
FILLER = ("Diplomats in the region said the talks would continue next month, and analysts "
          "warned that the situation on the ground remained fragile after years of war. ")


def make_article(rng: random.Random, base: str, words: int = 800) -> str:
    """One pasted-page article of about `words` words, varied from `base`.

    The head (title, bylines, captions) and the tail (paywall, teasers) of `base` are kept;
    the body is its paragraphs shuffled with generated ones.
    """
    lines = base.splitlines()
    end = next(i for i, line in enumerate(lines) if line.startswith("Tap the alert bell"))
    head, body, tail = lines[:12], [x for x in lines[12:end] if x.strip()], lines[end:]
    out = list(head)
    while sum(len(line.split()) for line in out) < words:
        place, actor, day = rng.choice(PLACES), rng.choice(ACTORS), rng.choice(DAYS)
        km = rng.randrange(3, 90)
        out += [
            f"{actor} were seen near {place} on {day}, according to local activists.",
            "",
            f"Israeli officials demanded that Iranian forces stay at least {km} kilometers "
            f"from the border. {FILLER}",
            "",
            f"According to Israeli intelligence, around {rng.randrange(1, 9)},{rng.randrange(100, 999)}"
            f" Iranian troops are now in Syria. {FILLER}",
            "",
            f"{rng.choice(PEOPLE)} said on {rng.choice(DAYS)} that the strikes near "
            f"{rng.choice(PLACES)} would continue. {FILLER}",
            "",
            rng.choice(body),
            "",
        ]
    return "\n".join(out + tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--pack", default="golan")
    args = parser.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    from standoff.packs import load_pack
    from standoff.read import read_docs
    from standoff.read.gazetteer import geonames
    from standoff.read.nlp import load_nlp
    from standoff.read.sources import RawDoc

    pack = load_pack(args.pack)
    rng = random.Random(20)
    base = (ARTICLES / "golan-pasted.txt").read_text(encoding="utf-8")
    docs = [RawDoc(f"a{i}", f"bench-{i}", make_article(rng, base)) for i in range(args.articles)]
    n_words = sum(len(d.text.split()) for d in docs) / len(docs)
    t0 = time.perf_counter()
    load_nlp()
    geonames()
    read_docs(docs[:2], pack, published=date(2024, 3, 15))  # warm the caches
    t1, c1 = time.perf_counter(), time.process_time()
    result = read_docs(docs, pack, published=date(2024, 3, 15))
    t2, c2 = time.perf_counter(), time.process_time()
    rate = len(docs) / (t2 - t1)
    print(f"bench_read: {len(docs)} articles of ~{n_words:.0f} words, pack {pack.id}, one core")
    print(f"  start-up (spaCy, gazetteer, warm-up): {t1 - t0:.1f} s")
    print(f"  {rate:.1f} articles/s ({(t2 - t1) / len(docs) * 1000:.1f} ms each), "
          f"{len(result.claims)} claims, {len(result.observations)} observations")
    print(f"  {len(docs) / (c2 - c1):.1f} articles per CPU second (less sensitive to a busy machine)")


if __name__ == "__main__":
    main()
