"""Clause claims (demands, proposals, agreed terms) as a draft agreement in the pack's format."""

from __future__ import annotations

import json
import re
from typing import Any

from standoff.model import Pack
from standoff.read.actors import selectors
from standoff.read.records import Claim, Document, ReadResult

__all__ = ["draft_clauses", "draft_document"]


def source_id(doc_id: str) -> str:
    """An agreement source id for a document id."""
    return re.sub(r"[^a-z0-9_-]+", "-", doc_id.lower()).strip("-") or "article"


def _zone_and_kind(claim: Claim) -> tuple[str, dict[str, Any], float | None] | None:
    mod = claim.modifiers[0] if claim.modifiers else None
    if mod is None or mod.feature is None:
        return None
    of = mod.feature
    if mod.kind in ("distance", "beyond") and mod.km:
        return "must_not_enter", {"within": {"km": mod.km, "of": of}}, mod.km
    if mod.kind == "within" and mod.km:
        return "must_stay_in", {"within": {"km": mod.km, "of": of}}, mod.km
    if mod.kind == "band" and mod.from_km is not None:  # "5 to 20 km from X": keep out of 5
        return "must_not_enter", {"within": {"km": mod.from_km, "of": of}}, mod.from_km
    if mod.kind == "side" and mod.facing:
        stated = next((m.km for m in claim.modifiers[1:] if m.km), None)
        return "must_stay_in", {"side": {"of": of, "facing": mod.facing}}, stated
    return None


def draft_clauses(claims: list[Claim], pack: Pack) -> list[dict[str, Any]]:
    """Agreement clause dicts (model/agreement.py) for the clause claims that name a zone."""
    out: list[tuple[int, dict[str, Any]]] = []
    keys: set[str] = set()
    rank = {"agreed": 0, "demand": 1, "proposal": 2}
    ordered = sorted((c for c in claims if c.kind == "clause"),
                     key=lambda c: rank.get(c.modality, 3))  # stable: text order within a rank
    for claim in ordered:
        got = _zone_and_kind(claim)
        actor = selectors(claim.actors or [claim.actor], pack)
        if got is None or not actor:
            continue
        kind, zone, stated_km = got
        key = json.dumps([kind, actor, zone], sort_keys=True)
        if key in keys:
            continue
        keys.add(key)
        clause: dict[str, Any] = {"id": "", "actor": actor, "kind": kind,
                                  "zone": zone, "quote": claim.quote,
                                  "source": source_id(claim.document)}
        if stated_km is not None:
            clause["stated_km"] = round(stated_km, 3)
        out.append((claim.span[0], clause))
    out.sort(key=lambda pair: pair[0])
    return [{**clause, "id": f"c{i}"} for i, (_, clause) in enumerate(out, 1)]


def draft_document(documents: list[Document], clauses: list[dict[str, Any]],
                   claims: list[Claim]) -> dict[str, Any]:
    """A draft agreement dict that `standoff.packs.load_agreement` accepts."""
    used = {c["source"] for c in clauses}
    sources = []
    for doc in documents:
        sid = source_id(doc.id)
        if sid not in used and clauses:
            continue
        entry: dict[str, Any] = {"id": sid, "title": doc.title or doc.source}
        if doc.source.startswith(("http://", "https://")):
            entry["url"] = doc.source
        if doc.published:
            entry["published"] = doc.published
        sources.append(entry)
    modalities = {c.modality for c in claims if c.kind == "clause"}
    status = "proposed" if modalities & {"demand", "proposal"} else "reported"
    first = documents[0] if documents else None
    return {
        "id": "draft-" + (source_id(first.id) if first else "empty"),
        "title": "Draft from " + ((first.title or first.source) if first else "no source"),
        "status": status,
        "summary": "Drafted by `standoff read` from news text: check every clause against "
                   "its quote before use.",
        "sources": sources,
        "clauses": clauses,
    }


def draft_agreement(result: ReadResult, pack: Pack) -> dict[str, Any]:
    """The draft clauses of a read result as an agreement dict (write it as YAML)."""
    clauses = result.clauses or draft_clauses(result.claims, pack)
    return draft_document(result.documents, clauses, result.claims)
