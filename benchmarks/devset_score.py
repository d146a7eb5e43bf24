"""Matching and scoring rules of the reader's development set (used by `read_eval.py`).

Kept apart from the runner so that the rules can be tested on synthetic gold and predictions
without the reader, the pack or the articles (tests/test_read_eval.py).

Rules (also in benchmarks/README.md):

- Position claims. A predicted claim of kind `position` matches a gold position when
  1. the actors are compatible: the same code, or one an ancestor of the other on the dotted
     hierarchy (`IRN` ~ `IRN.IRGC.QUDS`, `ISR` ~ `ISR.IDF`), or the prediction is
     `UNKNOWN:<text>` and <text> equals, contains or is contained in one of the gold
     `actor_text` variants (case-insensitive); and
  2. when the gold claim gives `says` (words of its sentence), the prediction comes from a
     sentence containing them (this keeps a claim of one sentence from taking the gold claim
     of another sentence about the same actor and place); and
  3. the places agree: the geodesic distance (pyproj.Geod, WGS84) between the predicted place
     and the gold point is at most max(25 km, gold `radius_km`), or the predicted place name or
     its text in the article equals one of the gold `place` names (case- and accent-blind, a
     leading al-/el-/as-/ar- ignored), or both name the same pack feature (`feature`).
  Matching is one-to-one per article and of maximum size (augmenting paths; required gold
  first, each trying its candidates nearest first): a second prediction of the same gold
  claim is a false positive (one statement, one claim).
  Predicted positions with modality `negated` ("no Iranian units are within 85 km") are left
  out: gold holds no absences. Gold claims marked `optional: true` (defensible either way,
  e.g. the attacker of an air strike, or a title that restates the lead) count neither as
  misses nor, when matched, as false positives.
- Clause claims. A predicted claim of kind `clause` matches a gold clause when one of its actors
  (`actors`, else `actor`) is compatible with one of the gold `actors` (rules 1 and 2), and, when the
  gold clause states `km`, one of the prediction's distances (`km`, `from_km`, `to_km` of its
  modifiers) is within 1 km of it. Status accuracy is scored on matched clauses: the
  prediction's `status` if the Claim has one, else its modality (`demand`, `proposal`,
  `agreed`, `negated` → `rejected`), against the gold `status`.
- Dates. For every matched gold claim (position or clause) with a `time`:
  * stated (the text ties a time to the event's verb: "on Sunday captured", "last month",
    "in late June 2019"): right when the predicted interval [time, time_end or time] lies
    inside the gold interval widened by `DAY_TOLERANCE` days on each side. A gold single date
    accepts that day ± 1; a gold interval accepts any day or sub-interval of it; a prediction
    vaguer than the gold interval, or with no time, is wrong.
  * no own time (`time_inferred: true`: only a report time, "X said on Monday that ...", or
    none): the gold interval is when it can have been true; the prediction is right when it
    overlaps that interval widened by a day and is at most max(gold span, 7 days) + 2 days
    long (the reader's "days just before publication" pass; "since 2014" does not).
  Printed: each kind among matched claims, and both among all gold claims with a time (misses
  count wrong).
- Attribution: on matched gold claims with `attribution` (a list of acceptable names), right when
  one of them occurs in the predicted attribution (case-insensitive).
- Stated distances: on matched gold claims with `distance_km`, right when a predicted modifier
  states a km within 10 % (or 1 km) of it.
- Verdicts: on matched gold positions with a `verdict` (agreement, clause, status), right when
  `standoff.check` of the reader's own observations with the article's pack gives that status
  to the observation of the matched claim (a claim that made no observation is wrong).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pyproj import Geod

PLACE_TOLERANCE_KM = 25.0
DAY_TOLERANCE = 1
_GEOD = Geod(ellps="WGS84")


@dataclass
class Gold:
    """One hand-written gold claim of an article."""

    id: str
    kind: str  # "position" or "clause"
    actors: list[str]
    actor_text: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    radius_km: float = 0.0
    feature: str | None = None
    time: tuple[date, date] | None = None
    time_inferred: bool = False  # the text ties no time to the event's verb
    km: float | None = None
    distance_km: float | None = None
    status: str | None = None
    attribution: list[str] = field(default_factory=list)
    optional: bool = False
    note: str = ""
    verdict: tuple[str, str, str] | None = None  # (agreement, clause, expected status)
    says: str = ""  # words of the gold claim's sentence; a match must come from a sentence with them


@dataclass
class Pred:
    """One predicted claim, reduced to what the scorer compares."""

    id: str
    kind: str
    actors: list[str]
    actor_text: str = ""
    place_names: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    time: tuple[date, date] | None = None
    kms: list[float] = field(default_factory=list)
    status: str | None = None
    attribution: str = ""
    quote: str = ""
    modality: str = "asserted"
    verdicts: dict[tuple[str, str], str] = field(default_factory=dict)
    sentence: str = ""


@dataclass
class Match:
    gold: Gold
    pred: Pred
    place_km: float | None


@dataclass
class DocScore:
    """The matching of one article: matched pairs, missed gold, false positives."""

    kind: str
    matches: list[Match] = field(default_factory=list)
    misses: list[Gold] = field(default_factory=list)
    false_pos: list[Pred] = field(default_factory=list)
    optional_hits: int = 0
    preds: list[Pred] = field(default_factory=list)


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['`\u2019]", "", text)
    text = re.sub(r"^(?:the |(?:al|el|as|ar|ad|an|at|az)[- ])", "", text.strip())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def actors_compatible(gold_code: str, pred_code: str, gold_texts: list[str] | None = None) -> bool:
    """Same code, ancestor/descendant on the dotted hierarchy, or UNKNOWN:<text> ~ a gold text."""
    if pred_code.startswith("UNKNOWN:"):
        said = pred_code.split(":", 1)[1].strip().lower()
        if gold_code.startswith("UNKNOWN:") and gold_code.split(":", 1)[1].strip().lower() == said:
            return True
        return bool(said) and any(said in t.lower() or t.lower() in said for t in gold_texts or [])
    if gold_code.startswith("UNKNOWN:"):
        return False
    a, b = gold_code.split("."), pred_code.split(".")
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def place_km(gold: Gold, pred: Pred) -> float | None:
    """Geodesic distance in km between the gold point and the predicted place, if both exist."""
    if None in (gold.lat, gold.lon, pred.lat, pred.lon):
        return None
    _, _, dist_m = _GEOD.inv(gold.lon, gold.lat, pred.lon, pred.lat)
    return dist_m / 1000.0


def places_agree(gold: Gold, pred: Pred) -> tuple[bool, float | None]:
    """(agree, distance km): within max(25 km, radius), or same name, or same pack feature."""
    dist = place_km(gold, pred)
    if dist is not None and dist <= max(PLACE_TOLERANCE_KM, gold.radius_km):
        return True, dist
    names = {_norm(n) for n in gold.place} - {""}
    if names & {_norm(n) for n in pred.place_names}:
        return True, dist
    if gold.feature and pred.feature and gold.feature == pred.feature:
        return True, dist
    return False, dist


def same_statement(gold: Gold, pred: Pred) -> bool:
    """True unless the gold claim names words of its sentence (`says`) that the prediction's
    sentence lacks (compared case-insensitively, whitespace folded)."""
    if not gold.says:
        return True
    fold = " ".join(gold.says.lower().split())
    return fold in " ".join((pred.sentence or pred.quote).lower().split())


def _actor_ok(gold: Gold, pred: Pred) -> bool:
    return same_statement(gold, pred) and any(
        actors_compatible(g, p, gold.actor_text) for g in gold.actors for p in pred.actors)


def _km_ok(gold: Gold, pred: Pred) -> bool:
    return gold.km is None or any(abs(k - gold.km) <= 1.0 for k in pred.kms)


def _augment(g: int, cands: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    for p in cands[g]:
        if p in seen:
            continue
        seen.add(p)
        if p not in owner or _augment(owner[p], cands, owner, seen):
            owner[p] = g
            return True
    return False


def _assign(golds: list[Gold], preds: list[Pred], kind: str, pairs: list[tuple[float, int, int]],
            ) -> DocScore:
    """Maximum one-to-one matching (augmenting paths): required gold claims first, then the
    optional ones; each gold claim tries its candidates nearest first."""
    cands: list[list[int]] = [[] for _ in golds]
    for _, gi, pi in sorted(pairs):
        cands[gi].append(pi)
    owner: dict[int, int] = {}
    for gi in sorted(range(len(golds)), key=lambda i: (golds[i].optional, i)):
        _augment(gi, cands, owner, set())
    score = DocScore(kind, preds=preds)
    matched = {gi: pi for pi, gi in owner.items()}
    for gi, g in enumerate(golds):
        if gi in matched:
            if g.optional:
                score.optional_hits += 1
            else:
                score.matches.append(Match(g, preds[matched[gi]], place_km(g, preds[matched[gi]])))
        elif not g.optional:
            score.misses.append(g)
    score.false_pos = [p for i, p in enumerate(preds) if i not in owner]
    return score


def match_positions(golds: list[Gold], preds: list[Pred]) -> DocScore:
    """One-to-one matching of the position claims of one article (rules in the module doc)."""
    golds = [g for g in golds if g.kind == "position"]
    preds = [p for p in preds if p.kind == "position" and p.modality != "negated"]
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if not _actor_ok(g, p):
                continue
            ok, dist = places_agree(g, p)
            if ok:
                pairs.append((dist if dist is not None else PLACE_TOLERANCE_KM, gi, pi))
    return _assign(golds, preds, "position", pairs)


def match_clauses(golds: list[Gold], preds: list[Pred]) -> DocScore:
    """One-to-one matching of the clause claims of one article (rules in the module doc)."""
    golds = [g for g in golds if g.kind == "clause"]
    preds = [p for p in preds if p.kind == "clause"]
    pairs = [(0.0 if g.km is not None else 1.0, gi, pi) for gi, g in enumerate(golds)
             for pi, p in enumerate(preds) if _actor_ok(g, p) and _km_ok(g, p)]
    return _assign(golds, preds, "clause", pairs)


def why_missed(gold: Gold, doc: DocScore) -> str:
    """Why no prediction matched: the nearest prediction of a compatible actor (and which gold
    claim took it, if one did), or one at the right place with another actor, or nothing."""
    same = [p for p in doc.preds if p.kind == gold.kind]
    taken = {m.pred.id: m.gold.id for m in doc.matches}
    by_actor = [p for p in same if _actor_ok(gold, p)]
    if by_actor:
        def far(p: Pred) -> float:
            d = place_km(gold, p)
            return 1e9 if d is None else d
        best = min(by_actor, key=far)
        owner = f", taken by {taken[best.id]}" if best.id in taken else ""
        if gold.kind == "clause":
            return f"actor found ({best.id}{owner}), km {best.kms or 'none'}"
        dist = place_km(gold, best)
        where = ", ".join(dict.fromkeys(best.place_names)) or "no place"
        off = f", {dist:.0f} km off" if dist is not None else ""
        return f"actor found ({best.id} @ {where}{off}{owner})"
    at_place = [p for p in same if gold.kind == "position" and places_agree(gold, p)[0]]
    if at_place:
        return f"place found with actor {at_place[0].actors[0]} ({at_place[0].id})"
    return "no claim of this actor" + (" or place" if gold.kind == "position" else "")


def date_right(gold: tuple[date, date], pred: tuple[date, date] | None,
               tolerance_days: int = DAY_TOLERANCE) -> bool:
    """The predicted interval lies inside the gold interval widened by the tolerance."""
    if pred is None:
        return False
    slack = timedelta(days=tolerance_days)
    return gold[0] - slack <= pred[0] and pred[1] <= gold[1] + slack


def date_plausible(gold: tuple[date, date], pred: tuple[date, date] | None,
                   tolerance_days: int = DAY_TOLERANCE) -> bool:
    """For a claim with no time of its own: the predicted interval overlaps the gold interval
    widened by the tolerance and is not much vaguer (at most max(gold span, 7 days) + 2 days)."""
    if pred is None:
        return False
    slack = timedelta(days=tolerance_days)
    overlaps = pred[0] <= gold[1] + slack and gold[0] - slack <= pred[1]
    span = max(gold[1] - gold[0], timedelta(days=7)) + timedelta(days=2)
    return overlaps and pred[1] - pred[0] <= span


def date_ok(gold: Gold, pred: Pred) -> bool:
    """`date_right` for a gold claim with a stated time, `date_plausible` for one without."""
    if gold.time is None:
        return False
    rule = date_plausible if gold.time_inferred else date_right
    return rule(gold.time, pred.time)


def attribution_right(gold: Gold, pred: Pred) -> bool:
    said = pred.attribution.lower()
    return bool(said) and any(a.lower() in said for a in gold.attribution)


def distance_right(gold: Gold, pred: Pred) -> bool:
    want = gold.distance_km or 0.0
    return any(abs(k - want) <= max(1.0, 0.1 * want) for k in pred.kms)


def verdict_right(gold: Gold, pred: Pred) -> bool:
    """The engine's status for the predicted claim's observation under the gold clause."""
    if gold.verdict is None:
        return False
    agreement, clause, status = gold.verdict
    return pred.verdicts.get((agreement, clause)) == status


def status_right(gold: Gold, pred: Pred) -> bool:
    return gold.status is not None and pred.status == gold.status


@dataclass
class Tally:
    """Counts summed over articles; rates as properties."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    extra: dict[str, list[int]] = field(default_factory=dict)

    def add(self, doc: DocScore) -> None:
        self.tp += len(doc.matches)
        self.fn += len(doc.misses)
        self.fp += len(doc.false_pos)

    def count(self, name: str, right: bool) -> None:
        hit, total = self.extra.get(name, [0, 0])
        self.extra[name] = [hit + int(right), total + 1]

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def tally_details(tally: Tally, positions: DocScore, clauses: DocScore) -> None:
    """Date, attribution, distance and status counts of one article's matching."""
    for doc in (positions, clauses):
        for m in doc.matches:
            if m.gold.time is not None:
                ok = date_ok(m.gold, m.pred)
                tally.count("date no own time" if m.gold.time_inferred else "date stated", ok)
                tally.count("date (all gold)", ok)
            if m.gold.attribution:
                tally.count("attribution", attribution_right(m.gold, m.pred))
            if m.gold.distance_km is not None:
                tally.count("stated distance", distance_right(m.gold, m.pred))
            if m.gold.verdict is not None:
                tally.count("verdict", verdict_right(m.gold, m.pred))
            if doc.kind == "clause" and m.gold.status:
                tally.count("clause status", status_right(m.gold, m.pred))
        for g in doc.misses:
            if g.time is not None:
                tally.count("date (all gold)", False)


def _as_interval(value: Any) -> tuple[date, date] | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value, value
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, date) for v in value):
        return value[0], value[1]
    raise ValueError("time must be a date or a [start, end] pair of dates")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def gold_from_dict(raw: dict[str, Any], kind: str) -> Gold:
    """A gold claim from its YAML mapping (ValueError/KeyError name the bad field)."""
    if "id" not in raw:
        raise ValueError("id is required")
    actors = _as_list(raw.get("actors", raw.get("actor")))
    if not actors:
        raise ValueError("actor is required")
    lat, lon = raw.get("lat"), raw.get("lon")
    if kind == "position" and not raw.get("place") and not raw.get("feature"):
        raise ValueError("place is required")
    return Gold(
        id=str(raw["id"]), kind=kind, actors=actors, actor_text=_as_list(raw.get("actor_text")),
        place=_as_list(raw.get("place")), lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon), radius_km=float(raw.get("radius_km", 0.0)),
        feature=raw.get("feature"), time=_as_interval(raw.get("time")),
        time_inferred=bool(raw.get("time_inferred", False)),
        km=None if raw.get("km") is None else float(raw["km"]),
        distance_km=None if raw.get("distance_km") is None else float(raw["distance_km"]),
        status=raw.get("status"), attribution=_as_list(raw.get("attribution")),
        optional=bool(raw.get("optional", False)), note=str(raw.get("note", "")),
        verdict=_as_verdict(raw.get("verdict")), says=str(raw.get("says", "")))


def _as_verdict(value: Any) -> tuple[str, str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not all(value.get(k) for k in ("agreement", "clause", "status")):
        raise ValueError("verdict needs agreement, clause and status")
    if value["status"] not in ("violation", "possible", "compliant", "not_applicable"):
        raise ValueError(f"verdict status {value['status']!r} is not a verdict status")
    return str(value["agreement"]), str(value["clause"]), str(value["status"])
