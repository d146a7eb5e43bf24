"""Which time expressions of a sentence date an event, from its dependency parse.

A time expression dates the verb it hangs from: in "struck a depot in the Golan, captured in
1967" the year dates the capture, not the strike. An event takes the times of its own verb;
failing those, the times of a verb that governs it ("said on Monday that ... were seen",
"crossed on Monday and were seen"), never those of a clause that merely modifies one of its
words. A comma between a modifying participle and a time closes the participle: in
"..., captured in 1967, on Wednesday" Wednesday goes back up to the main verb.
"""

from __future__ import annotations

import bisect
import re

from standoff.read.nlp import Parse

__all__ = ["event_times", "main_word", "needs_parse", "subject_spans"]

#: A clause inside the sentence that a time could belong to instead of the event:
#: ", who arrived in 2013,", ", captured in 1967", "after crossing on Monday".
_INNER = re.compile(r",\s*(?:who|which|where|when|whose|after|before|since|having)\b|,\s*[a-z]+ed\b"
                    r"|\b(?:after|before|since|until|when|while)\s+[a-z]+ing\b", re.I)


def _token_at(parse: Parse, offset: int) -> int | None:
    """The token covering `offset` (or the first one starting after it)."""
    i = bisect.bisect_right(parse.starts, offset) - 1
    if i >= 0 and offset < parse.ends[i]:
        return i
    return i + 1 if i + 1 < len(parse.starts) else None


def _head_of_span(parse: Parse, start: int, end: int) -> int | None:
    """The token of [start, end) whose head lies outside the span (the phrase's head)."""
    inside = [i for i, s in enumerate(parse.starts) if start <= s < end]
    for i in inside:
        h = parse.heads[i]
        if h == i or not start <= parse.starts[h] < end:
            return i
    return inside[0] if inside else None


def _is_verb(parse: Parse, i: int) -> bool:
    return parse.tags[i].startswith("VB") or parse.tags[i] == "MD"


def _ancestors(parse: Parse, i: int) -> list[int]:
    out: list[int] = []
    while parse.heads[i] != i and len(out) < len(parse.heads):
        i = parse.heads[i]
        out.append(i)
    return out


def _time_anchor(parse: Parse, text: str, start: int, end: int, trigger: int) -> int | None:
    """The verb (or the trigger word itself) a time expression at [start, end) hangs from."""
    head = _head_of_span(parse, start, end)
    if head is None:
        return None
    for a in _ancestors(parse, head):
        if a == trigger:
            return a
        if _is_verb(parse, a):
            between = text[parse.ends[a]:start] if parse.starts[a] < start else ""
            if parse.deps[a] in ("acl", "relcl", "advcl") and "," in between:
                continue  # "..., captured in 1967, on Wednesday": the comma closed the participle
            return a
    return None


def _event_verb(parse: Parse, trigger: int) -> int:
    """The trigger if it is a verb, else the nearest verb governing it ('the strike on ...')."""
    if _is_verb(parse, trigger):
        return trigger
    return next((a for a in _ancestors(parse, trigger) if _is_verb(parse, a)), trigger)


def event_times(parse: Parse, text: str, times: list[tuple[int, int]],
                trigger_at: int) -> list[int]:
    """Indexes into `times` (spans, sentence offsets) that date the event whose word starts at
    `trigger_at`: those of its own verb, else those of the nearest verb governing it."""
    trigger = _token_at(parse, trigger_at)
    if trigger is None:
        return []
    verb = _event_verb(parse, trigger)
    governing = _ancestors(parse, verb)
    own, above = [], []
    for k, (s, e) in enumerate(times):
        anchor = _time_anchor(parse, text, s, e, trigger)
        if anchor in (trigger, verb):
            own.append(k)
        elif anchor in governing:
            above.append((governing.index(anchor), k))
    if own:
        return own
    if above:
        nearest = min(d for d, _ in above)
        return [k for d, k in above if d == nearest]
    return []


def main_word(parse: Parse, offsets: list[int]) -> int:
    """Which of several words (sentence offsets) is highest in the parse: the main event.

    "Fighters, who arrived in 2013, were seen near X": 'seen' governs, 'arrived' modifies.
    Ties go to the earliest word.
    """
    def depth(offset: int) -> int:
        i = _token_at(parse, offset)
        return len(_ancestors(parse, i)) if i is not None else len(parse.heads)

    return min(range(len(offsets)), key=lambda k: (depth(offsets[k]), offsets[k]))


def needs_parse(text: str, n_times: int, n_events: int, years: bool) -> bool:
    """Whether the parse could date an event differently from "the times in its clause":
    several times or events, a year (background dates), or a clause a time could hang from."""
    return n_times > 0 and (n_times > 1 or n_events > 1 or years or bool(_INNER.search(text)))


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_NOT_SUBJECT = ("prep", "acl", "relcl", "appos", "advcl", "agent", "punct", "cc", "det")


def subject_spans(parse: Parse, trigger_at: int) -> list[tuple[int, int]]:
    """Character spans (sentence offsets) of the words that name the event's subject.

    The subject of the event's verb, or of the verb it is coordinated with ("crossed ... and
    were seen"); for a participle modifying a noun ("troops deployed near X") that noun. The
    subject's own modifiers ("backed by Russia", "who ...") are left out, its conjuncts kept.
    Empty when the parse names none.
    """
    trigger = _token_at(parse, trigger_at)
    if trigger is None:
        return []
    verb = _event_verb(parse, trigger)
    head = None
    for v in [verb, *_ancestors(parse, verb)]:
        kids = [i for i, h in enumerate(parse.heads) if h == v and i != v
                and parse.deps[i] in _SUBJECTS]
        if kids:
            head = kids[0]
            break
        if parse.deps[v] == "acl":  # "troops deployed near X": the noun modified
            head = parse.heads[v]
            break
        if parse.deps[v] not in ("conj", "xcomp", "aux", "auxpass"):
            break
    if head is None:
        return []
    keep, todo = [], [head]
    while todo:
        i = todo.pop()
        keep.append(i)
        todo += [k for k, h in enumerate(parse.heads) if h == i and k != i
                 and parse.deps[k] not in _NOT_SUBJECT]
    return [(parse.starts[i], parse.ends[i]) for i in sorted(keep)]
