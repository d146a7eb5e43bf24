"""Digests of everything `standoff read` returns, to show that a speed-up leaves the output unchanged.

Reads LGL's dev half (no pack, both NER modes) and the development set's `dev` split (each
article with its pack and date, as read_eval.py does; the blind splits are never read) and
prints one SHA-256 digest (first 16 hex digits) per corpus and field of the read result:
documents, claims, observations, places, unresolved mentions and draft clauses. Two commits
read alike on these inputs when every line matches.

    PYTHONPATH=src STANDOFF_CORPORA=/work/shared/corpora/geoparsing \
        .venv/bin/python benchmarks/read_identity.py [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geoparse import CORPORA, load  # noqa: E402
from read_eval import ARTICLES, load_article, select_split  # noqa: E402

FIELDS = ("documents", "claims", "observations", "places", "unresolved", "clauses")


def _dump(value: Any) -> str:
    dump = getattr(value, "model_dump_json", None)
    return dump() if dump is not None else repr(value)


def digests(result: Any) -> dict[str, str]:
    """Field name -> digest of that list of a ReadResult, in order."""
    return {f: hashlib.sha256("\n".join(_dump(v) for v in getattr(result, f)).encode()).hexdigest()[:16]
            for f in FIELDS}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="LGL dev articles (default: all)")
    args = ap.parse_args()
    from standoff.packs import load_pack
    from standoff.read import read_docs, read_text
    from standoff.read.sources import RawDoc

    runs: list[tuple[str, Any]] = []
    if CORPORA.is_dir():
        texts = [a.text for a in load("lgl")[::2]]
        docs = [RawDoc(f"a{i}", f"a{i}", t) for i, t in enumerate(texts[:args.limit or None])]
        for mode in ("claims", "all"):
            runs.append((f"lgl dev ({len(docs)}) ner={mode}", read_docs(docs, None, ner=mode)))  # type: ignore[arg-type]
    articles = select_split([load_article(p) for p in sorted(ARTICLES.glob("*.yaml"))], "dev")
    packs = {name: load_pack(name) for name in sorted({a.pack for a in articles if a.pack})}
    for art in articles:
        runs.append((f"devset {art.path.stem}", read_text(art.text, packs.get(art.pack or ""),
                                                          source=art.path.name,
                                                          published=art.published)))
    for name, result in runs:
        print(name, " ".join(f"{f}={d}" for f, d in digests(result).items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
