"""Reading the news: from an article to claims, observations and draft clauses.

    from standoff.packs import load_pack
    from standoff.read import read, draft_agreement
    result = read(["article.txt"], load_pack("golan"))
    result.claims, result.observations, result.places, result.unresolved, result.clauses

`standoff read SOURCE... --pack golan` is the same call from the command line; without a pack
(`read(["article.txt"])`, `standoff read article.txt`) the world gazetteer alone places names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import IO, Any, Literal

from standoff.model import ObservationSet, Pack
from standoff.read.actors import alias_actors, find_actors
from standoff.read.attach import needs_parse
from standoff.read.claims import DocContext, Sentence, extract_claims, is_candidate, split_sentences
from standoff.read.clean import Cleaned, clean_text
from standoff.read.cues import predicates
from standoff.read.dates import find_times, infer_published
from standoff.read.draft import draft_agreement, draft_clauses
from standoff.read.geoparse import find_peoples, find_places, needs_ner, scan, world_pack
from standoff.read.nlp import analyse
from standoff.read.observe import observations
from standoff.read.parts import claim_parts
from standoff.read.records import Claim, Document, PlaceMention, ReadResult, SetAside
from standoff.read.sources import RawDoc, SourceLimits, load_sources

__all__ = [
    "Claim", "Document", "PlaceMention", "ReadResult", "SourceLimits", "draft_agreement", "observation_set",
    "places", "read", "read_docs", "read_text",
]

NerMode = Literal["claims", "all", "none"]


def read(sources: Sequence[str], pack: Pack | None = None, *, published: date | None = None,
         ner: NerMode = "claims", stdin: IO[str] | None = None,
         limits: SourceLimits | None = None) -> ReadResult:
    """Read files, URLs, feeds or '-' (stdin) into claims, observations and draft clauses.

    `published` overrides the date of every document; without it the page's own date is
    used, or else the latest dated statement (then marked inferred). `ner` chooses which
    sentences spaCy reads: those that may hold a claim (fast), all of them, or none.
    `limits` bounds what is taken from each source (bytes, time, addresses: `SourceLimits`).
    """
    return read_docs(load_sources(list(sources), stdin=stdin, limits=limits), pack,
                     published=published, ner=ner)


def read_text(text: str, pack: Pack | None = None, *, source: str = "text", published: date | None = None,
              ner: NerMode = "claims") -> ReadResult:
    """`read` for a string already in memory."""
    return read_docs([RawDoc("text", source, text)], pack, published=published, ner=ner)


def places(sources: Sequence[str], pack: Pack | None = None, *, stdin: IO[str] | None = None
           ) -> list[PlaceMention]:
    """Every place mention of the sources, resolved or not (the geoparser on its own).

    A demonym of one country ('Syrian') is listed as a mention of that country, kind
    'people': what the text is about, never a position."""
    return read(sources, pack, ner="all", stdin=stdin).places


def observation_set(result: ReadResult) -> ObservationSet:
    """The observations of a read result as the column set the engine evaluates."""
    return ObservationSet.from_records(result.observations, origin="read")


def _published(doc: RawDoc, cleaned: Cleaned, given: date | None) -> tuple[date | None, bool]:
    if given is not None:
        return given, False
    if doc.published is not None:
        return doc.published, False
    stated = infer_published(cleaned.datelines)
    if stated is not None:
        return stated, False
    inferred = infer_published([doc.text])
    return inferred, inferred is not None


def read_docs(docs: Sequence[RawDoc], pack: Pack | None = None, *, published: date | None = None,
              ner: NerMode = "claims") -> ReadResult:
    """Clean, parse and geoparse documents already loaded (see `sources.load_sources`).

    With ner="claims", spaCy reads only the sentences that may hold a claim and name
    something neither the gazetteer nor the pack's actors explain. Without a pack, the world
    gazetteer alone places the names (and no actor or zone of a theatre is known).
    """
    pack = pack or world_pack()
    cleaned = [clean_text(d.text) for d in docs]
    sentences = [split_sentences(c.clean) for c in cleaned]
    scans = [scan(c, pack) for c in cleaned]
    known = [alias_actors(c.clean, pack) for c in cleaned]
    jobs: list[tuple[int, Sentence, bool, bool]] = []  # (document, sentence, NER?, parse?)
    for k, (clean, sents, found, actors) in enumerate(zip(cleaned, sentences, scans, known,
                                                           strict=True)):
        spans = [(a.start, a.end) for a in actors if a.how not in ("world", "gloss")]
        for s in sents:
            candidate = is_candidate(s.text)
            want_ner = ner == "all" or (ner == "claims" and candidate and needs_ner(
                clean.clean, s.start, s.end, found, spans))
            times = find_times(s.text) if candidate and ner != "none" else []
            want_parse = bool(times) and needs_parse(
                s.text, len(times), len(predicates(s.text)),
                any(t.get("year") is not None for t in times))
            if want_ner or want_parse:
                jobs.append((k, s, want_ner, want_parse))
    analysed = analyse([s.text for _, s, _, _ in jobs], [j[2] for j in jobs],
                       [j[3] for j in jobs])
    by_doc: dict[int, list[tuple[Sentence, bool, tuple[Any, Any]]]] = {}
    for (k, s, want_ner, _), got in zip(jobs, analysed, strict=True):
        by_doc.setdefault(k, []).append((s, want_ner, got))
    result = ReadResult()
    for k, (doc, clean, sents, found, actors) in enumerate(zip(docs, cleaned, sentences, scans,
                                                                known, strict=True)):
        mine = by_doc.get(k, [])
        ents = [(s.start + a, s.start + b, label) for s, _, (found_ents, _) in mine
                for a, b, label in found_ents]
        ranges = [(s.start, s.end) for s, want_ner, _ in mine if want_ner]
        parses = {s.start: p for s, _, (_, p) in mine if p is not None}
        day, inferred = _published(doc, clean, published)
        document = Document(
            id=doc.id, source=doc.source, title=doc.title or clean.title, published=day,
            published_inferred=inferred, raw=clean.raw, clean=clean.clean,
            segments=clean.segments,
            set_aside=[SetAside(start=a, end=b, reason=r, text=clean.raw[a:b])
                       for a, b, r in clean.set_aside])
        located = find_places(clean, pack, doc.id, ents=ents, ner_ranges=ranges, found=found)
        ctx = DocContext(doc.id, doc.source, clean, pack, day, inferred, claim_parts(clean, located),
                         find_actors(clean.clean, pack, ents, known=actors), parses=parses)
        result.documents.append(document)
        result.claims += extract_claims(ctx, sents)
        result.places += sorted([m for _, _, m in located] + find_peoples(clean, doc.id, located),
                                key=lambda m: m.span)
        result.unresolved += [m for _, _, m in located if not m.resolved]
    result.observations = observations(result.claims, pack)
    result.clauses = draft_clauses(result.claims, pack)
    return result
