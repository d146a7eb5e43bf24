"""The claim reader's view of one document: its context, the times of its events, and a claim's
common fields (id, quote, spans, confidence)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from standoff.model import Pack
from standoff.read.actors import ActorMention
from standoff.read.attach import event_times
from standoff.read.clean import Cleaned
from standoff.read.dates import TimeExpr, recent, resolve
from standoff.read.geoparse import Located
from standoff.read.modifiers import Mod
from standoff.read.nlp import Parse
from standoff.read.records import Claim
from standoff.read.relative import Stated
from standoff.read.sentences import Segment, Sentence
from standoff.read.speech import Speech

#: "TASS news agency", "Al Jazeera TV": a name followed by one of these is a medium, not a place.
MEDIA = re.compile(r"\s+(?:news\s+)?(?:agency|television|TV|radio|newspaper|daily|channel|broadcaster)\b",
                    re.I)


@dataclass
class DocContext:
    """What the claim reader needs to know about one document."""

    doc_id: str
    source: str
    cleaned: Cleaned
    pack: Pack
    published: date | None
    published_inferred: bool
    places: list[Located]
    actors: list[ActorMention]
    counter: list[int] = field(default_factory=lambda: [0])
    previous_time: date | None = None
    parses: dict[int, Parse] = field(default_factory=dict)  # by sentence start (clean offset)
    clauses: list[Claim] = field(default_factory=list)  # clause claims so far, in text order
    statuses: dict[str, str] = field(default_factory=dict)  # later status of a clause, by id
    last_places: list[Mod] = field(default_factory=list)  # the places of the last position claim
    last_actors: list[ActorMention] = field(default_factory=list)  # chosen in the sentence so far
    speaker: ActorMention | None = None  # the actor of the last one quoted ("we" in the quote)
    speeches: list[Speech] = field(default_factory=list)  # who says what in the sentence
    last_speaker: str = ""  # the document's last named speaker ("he said" refers to it)
    stated: dict[int, Stated] = field(default_factory=dict)  # places located by a stated distance
    refs: list[Located] = field(default_factory=list)  # the sentence's places before that
    #: the paragraph start, actors and time of the latest claim ("They then moved to X" continues it)
    last_claim: tuple[int, list[ActorMention], dict[str, object]] | None = None


Resolved = list[tuple[TimeExpr, date, date]]


def _claim_day(ctx: DocContext, at: int) -> date | None:
    """The stated day of the latest claim, when it is in the paragraph of offset `at`."""
    last = ctx.last_claim
    if last is None or last[0] != ctx.cleaned.clean.rfind("\n", 0, at) + 1 or not last[2].get("time_text"):
        return None
    day = last[2].get("time")
    return day if isinstance(day, date) else None


def resolve_times(ctx: DocContext, exprs: list[TimeExpr]) -> Resolved:
    """Resolve in text order, so 'the next day' follows the date before it: one earlier in the
    sentence, else that of the latest dated claim of the paragraph ("Troops entered A on
    Monday, ten days after the truce. The same day ..." is Monday), else the last one read."""
    out: Resolved = []
    for k, e in enumerate(exprs):
        before = ctx.previous_time if k else (_claim_day(ctx, e.start) or ctx.previous_time)
        got = resolve(e, ctx.published, before)
        if got is not None:
            out.append((e, got[0], got[1] or got[0]))
            ctx.previous_time = got[0]
    return out


def event_when(ctx: DocContext, sent: Sentence, times: Resolved, at: int,
          seg: Segment | None = None) -> dict[str, object]:
    """The time fields of the event whose word starts at `at` (clean offset).

    With a parse, the times hanging from the event's verb (or a verb governing it); without
    one, the times inside the segment. An event with no time of its own takes the days just
    before publication, marked inferred.
    """
    parse = ctx.parses.get(sent.start)
    if parse is not None and times:
        spans = [(t[0].start - sent.start, t[0].end - sent.start) for t in times]
        inside = [times[k] for k in event_times(parse, sent.text, spans, at - sent.start)]
    else:
        lo, hi = (seg.start, seg.end) if seg is not None else (sent.start, sent.end)
        inside = [t for t in times if lo <= t[0].start < hi]
    if not inside:
        if ctx.published is None:
            return {"time": None, "time_end": None, "time_text": "", "time_inferred": False}
        start, end = recent(ctx.published)
        return {"time": start, "time_end": end, "time_text": "", "time_inferred": True}
    if ctx.published is not None and all(_SINCE.match(t[0].text) for t in inside):
        start, end = recent(ctx.published)  # "have been stationed there since 2012": still there
        return {"time": start, "time_end": end, "time_text": "; ".join(t[0].text for t in inside),
                "time_inferred": True}
    first, last = min(t[1] for t in inside), max(t[2] for t in inside)
    return {"time": first, "time_end": last if last != first else None,
            "time_text": "; ".join(t[0].text for t in inside),
            "time_inferred": ctx.published_inferred}


#: "since 2012", "ever since March": a state that began then and lasts to the report.
_SINCE = re.compile(r"(?:ever\s+)?since\b", re.I)


#: An event its own time puts this long before publication is history, not a report of where
#: anyone is ("the area was seized in 1967"); the development set's oldest report is 3 years old.
BACKGROUND_DAYS = 10 * 365


#: "in the 1967 war", "during the 2006 conflict": a year naming a war dates the event in it.
_WAR_YEAR = re.compile(r"\b(?:in|during|since|after)\s+the\s+(?P<year>1[89]\d\d|20\d\d)\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:war|conflict|offensive|campaign|uprising|invasion)\b", re.I)


def is_background(ctx: DocContext, when: dict[str, object], after: str = "") -> bool:
    """Whether an event dated by `event_when` ended more than BACKGROUND_DAYS before publication;
    an event with no time of its own, whether its clause (`after`: its words from the event word
    on, up to a comma or a relative clause) puts it in a war of such a year."""
    if ctx.published is None:
        return False
    end = when.get("time_end") or when.get("time")
    if not when.get("time_inferred") or ctx.published_inferred:
        return isinstance(end, date) and (ctx.published - end).days > BACKGROUND_DAYS
    war = _WAR_YEAR.search(re.split(r"[,;(]|\b(?:that|which|who|where)\b", after)[0])  # its own clause
    return war is not None and (ctx.published - date(int(war.group("year")), 12, 31)).days > BACKGROUND_DAYS


def new_claim(ctx: DocContext, seg: Segment, sent: Sentence, **fields: object) -> Claim:
    ctx.counter[0] += 1
    a, b = ctx.cleaned.span_to_raw(seg.start, seg.end)
    sa, sb = ctx.cleaned.span_to_raw(sent.start, sent.end)
    raw = ctx.cleaned.raw
    fields.setdefault("time_inferred", ctx.published_inferred)
    return Claim(id=f"{ctx.doc_id}-c{ctx.counter[0]}", document=ctx.doc_id, quote=raw[a:b].strip(),
                 span=(a, b), sentence=raw[sa:sb], sentence_span=(sa, sb), source=ctx.source,
                 **fields)  # type: ignore[arg-type]


def confidence(modality: str, hedges: list[str], attribution: str, inferred: bool) -> float:
    c = {"asserted": 0.8, "reported": 0.7, "hedged": 0.5, "negated": 0.3}.get(modality, 0.6)
    if attribution and modality == "asserted":
        c = 0.7
    if hedges:
        c = min(c, 0.5)
    return round(c - (0.1 if inferred else 0.0), 2)
