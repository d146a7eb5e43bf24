"""Reported speech: who says so, for each event of a sentence.

A sentence may hold several speakers ("State media said ..., where defectors say militias have
dug in"): an event takes the innermost speaker whose words stand before it, with the outer ones
after "via"; an event before every speaker ("X entered A, the envoy said") takes the speaker after
it. A speaker named by a pronoun or a bare title ("he said", "the commander said") is the last
speaker of the document; a sentence inside a quotation takes the quotation's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Speech", "speaks_from", "choose", "last_speaker", "quotation_speaker", "resolve_pronoun",
           "sentence_speeches", "speeches"]


@dataclass(frozen=True)
class Speech:
    """One attribution phrase of a sentence (sentence offsets)."""

    who: str
    start: int
    end: int
    verb_at: int  # where its reporting verb (or "according to") starts
    after: bool = False  # the speaker stands after the words it reports ("..., X said.")


_ACCORDING = re.compile(r"\b(?:according to|as reported (?:\w+ )?by|citing|(?:an?|the) (?:claim|report"
                        r"|statement|assertion|announcement) by)\s+(?P<who>[^,.;:()\"\u201c\u201d]+?)"
                        r"(?=\s+that\b|[,.;:()\"\u201c\u201d]|$)", re.I)
_VERBS = ("said|says|say|reported|reports|claimed|claims|claim|announced|announces|announce"
          "|stated|told|tells|tell|added|adds|noted|notes|confirmed|confirms|confirm"
          "|alleged|alleges|wrote|writes|explained|explains|insisted|insists|insist|declared"
          "|declares|estimated|believes?|believed|warned|accused|denied|fears?|thinks?|hopes?")
_SAID_VERB = re.compile(rf"\b(?:{_VERBS})\b")
#: "made the announcement", "in a statement": a speech act named by a noun.
_ANNOUNCED = re.compile(r"\b(?:made|issued|gave|released)\s+(?:the|an?|this)\s+(?:announcement|statement"
                        r"|remarks?|briefing|press conference)\b", re.I)
#: Who may say so without a capital: "defectors said", "a local commander told TASS".
_SOURCES = {
    "sources", "source", "defectors", "defector", "residents", "resident", "activists",
    "activist", "witnesses", "witness", "officials", "official", "monitors", "monitor",
    "observers", "diplomats", "diplomat", "analysts", "commanders", "commander", "spokesman",
    "spokeswoman", "spokesperson", "officers", "officer", "soldiers", "fighters", "locals",
    "media", "reports", "intelligence", "army", "military", "police", "ministry", "government",
    "agency", "group", "monitoring", "observatory", "statement", "correspondent", "reporter",
    "journalists", "insiders", "people", "envoy", "minister", "leader", "leaders", "spokesmen",
    "figure", "negotiators", "mediators", "ambassador", "president", "command", "he", "she",
    "they", "it", "we",
}
_PRONOUNS = {"he", "she", "they", "we", "it"}
#: Titles of a person a later "the colonel said" may refer back with.
_TITLES = {"commander", "colonel", "general", "spokesman", "spokeswoman", "spokesperson", "envoy",
           "minister", "official", "ambassador", "president", "officer", "mayor", "governor", "chief",
           "head", "leader", "man", "woman", "lieutenant", "major", "captain", "diplomat", "source"}
_ARTICLE = re.compile(r"\b(?:a|an|the)\s+$", re.I)
#: "..., said Omar Haddad, a local official." or '..." said the statement.': after the verb.
_SAID_WHO = re.compile(r"[,\"\u201d]\s*(?:said|says|told|added|reported|stated|noted|wrote)\s+"
                       r"(?P<who>(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,4}"
                       r"|[a-z][\w'-]*(?:\s+(?:of\s+(?:the\s+)?)?[\w'-]+){0,3}))(?=\s*(?:[,.;:]|$))")
#: "TASS quoted Russia's envoy as saying": the one quoted (and who quotes, when named).
_QUOTED = re.compile(r"(?P<who>(?:[A-Z][\w'.-]*\s+){0,3}(?:news agency|agency|[A-Z][\w'.-]*))\s+"
                     r"quoted\s+(?P<quoted>[^,;]{2,80}?)\s+as\s+saying")
#: "Satellite imagery shows", "The IDF released footage that shows": pictures as the source.
_EVIDENCE = re.compile(r"(?P<who>(?:\b[\w'-]+\s+){0,8}?(?:footage|video|videos|images|imagery|pictures"
                       r"|photos|photographs)\b[^.;:]{0,80}?)(?:\s+(?:that|which))?\s+(?:shows?|showed|shown|depict(?:s|ed)?"
                       r"|reveal(?:s|ed)?)\b", re.I)
_NOT_WHO = re.compile(r"^(?:another|other|some|various|several|many|the same)\b", re.I)
_DETERMINER = re.compile(r"\b(?:a|an|the|this|that|its|their|his|her|such|no|any)\s+$", re.I)
#: A medium or an agency: no one a later "he said" or "the commander said" refers to.
_MEDIUM = re.compile(r"\b(?:agency|news|media|TV|television|radio|newspaper|outlets?|reportedly)\b", re.I)
#: Adverbs and auxiliaries between a speaker and the verb: "X, head of Y, later announced".
_BEFORE_VERB = re.compile(r"(?:\s+(?:later|also|then|earlier|previously|again|has|have|had|was|were"
                          r"|is|are|on \w+))+\s*$", re.I)
_LEAD = re.compile(r"^(?:(?:and|but|that|the|then|also|meanwhile|however|yesterday|today|later"
                   r"|earlier|on \w+|last \w+|this \w+|early \w+|late \w+|as|while)\s+)+", re.I)
_TRAIL = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|also|later|earlier|then|previously"
                    r"|repeatedly|already|again|officially|publicly))+$", re.I)
_TIME_TAIL = re.compile(r"\s+(?:late |early )?(?:on|in|at|last|this)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri"
                        r"|Satur|Sun)day|(?:Jan|Febr)uary|March|April|May|June|July|August|(?:Sept|Nov"
                        r"|Dec)ember|October|\d+)(?:\s+\d+)?(?:,?\s+\d{4})?$")
#: "an Israeli official, who spoke on condition of anonymity, said": the speaker before it.
_RELATIVE_AFTER = re.compile(r"(?P<who>[^,;:]+),\s*(?:who|which|speaking|requesting|asking|declining|quoted"
                             r"|in a|in an|in its|in his|in her|on condition)\b[^,;:]*,\s*$", re.I)
#: The asides above as written after the comma: "X, speaking on condition of anonymity, said",
#: "X, quoted by PTI, said", "X, in a statement, said".
_ASIDES = ("who", "which", "speaking", "requesting", "asking", "declining", "quoted", "in a", "in an",
           "in its", "in his", "in her", "on condition")
#: "an opposition figure in Amman who is in touch with the rebels said": cut at "who".
_WHO_CLAUSE = re.compile(r"\s+(?:who|which|that)\s+.*$", re.I | re.S)
#: "Danny Danon, Israel's UN ambassador, said": a name, then a title between commas.
_APPOSITION = re.compile(r"(?P<name>[A-Z][\w'.-]*(?:\s+(?:al-|bin\s+|de\s+)?[A-Z][\w'.-]*){1,3}),\s+"
                         r"(?P<title>[^,;:]{2,90}),\s*$")


def _clean(tail: str) -> str:
    tail = _TIME_TAIL.sub("", _TRAIL.sub("", tail.strip()))
    return _LEAD.sub("", tail).strip()


def _speaker(before: str) -> str:
    """The speaker named right before a reporting verb: a name with its title between commas,
    the subject of a relative clause about the speaker, or the words after the last clause break,
    without leading time words and filler or trailing auxiliaries and dates ("on July 6")."""
    window = _BEFORE_VERB.sub(" ", before[-240:])
    m = _APPOSITION.search(window)
    if m and not re.search(r"[.!?]\s", m.group("title")):
        title = m.group("title").strip()
        return m.group("name") if re.match(r"(?:who|which)\b", title) else f"{m.group('name')}, {title}"
    low = window.lower()
    rel = _RELATIVE_AFTER.search(window) if any(f", {w}" in low for w in _ASIDES) else None
    tail = rel.group("who") if rel else _BREAK.split(window)[-1]
    return _clean(_WHO_CLAUSE.sub("", tail) if not rel else tail)


#: Where a speaker's phrase starts at the latest: a clause break, "that", or a reporting verb
#: ("Rudaw said on Monday that villagers say": the villagers).
_BREAK = re.compile(rf"[,;:\"\u201c\u201d]|\s[-\u2013\u2014]\s|\bthat\s|\b(?:{_VERBS})\s")


def _plausible(words: list[str]) -> bool:
    """A speaker: a short phrase with a capital, or one ending in a word for a source; a longer
    one when it starts with a determiner and names a source ("the envoy to Syria of ...")."""
    if not words or words[0].lower() in ("as", "so") or _NOT_WHO.match(" ".join(words)):
        return False
    lowered = [w.lower().strip("'\u2019,") for w in words]
    if len(words) <= 7:
        return any(w[:1].isupper() for w in words[-6:]) or lowered[-1] in _SOURCES
    head = lowered[1] if lowered[0] in ("the", "a", "an") else lowered[0]
    return len(words) <= 12 and head in _SOURCES


#: Words without which a sentence names no speaker (one search before the patterns).
_ANY = re.compile(rf"\b(?:{_VERBS}|according|reported|citing|claim|report|statement|assertion|announcement"
                  r"|quoted|footage|videos?|images|imagery|pictures|photos|photographs|made|issued|gave"
                  r"|released)\b", re.I)
_PICTURES = re.compile(r"\b(?:footage|videos?|images|imagery|pictures|photos|photographs)\b", re.I)
#: `_ANY`'s words, each in every form its 's?' allows: in ASCII text, `_ANY` matches exactly when
#: one of the text's words, lower-cased, is among them (a set look-up per word, not a long
#: alternation tried at every character).
_ANY_WORDS = frozenset(w for alt in _ANY.pattern[5:-3].split("|")
                       for w in ((alt[:-2], alt[:-1]) if alt.endswith("s?") else (alt,)))
if not all(w.isascii() and w.isalpha() and w.islower() for w in _ANY_WORDS):
    _ANY_WORDS = frozenset()  # `_ANY` written with other regex syntax: the pattern itself decides
_WORD = re.compile(r"\w+")


def _names_speech(text: str) -> bool:
    """Whether `_ANY` finds a word of speech, of reports or of pictures in `text`."""
    if _ANY_WORDS and text.isascii():
        return not _ANY_WORDS.isdisjoint(_WORD.findall(text.lower()))
    return _ANY.search(text) is not None


def speeches(text: str) -> list[Speech]:
    """Every attribution phrase of a sentence, in text order."""
    found: list[Speech] = []
    if not _names_speech(text):
        return found
    for m in _ACCORDING.finditer(text):
        who = m.group("who").strip()
        if not _NOT_WHO.match(who):
            found.append(Speech(who, m.start(), m.end(), m.start()))
    for m in _QUOTED.finditer(text):
        who = f"{m.group('quoted').strip()} (quoted by {_LEAD.sub('', m.group('who'))})"
        found.append(Speech(who, m.start(), m.end(), m.start()))
    for m in _SAID_WHO.finditer(text):
        who = m.group("who").strip()
        if not _NOT_WHO.match(who) and _plausible(who.split()):
            found.append(Speech(who, m.start(), m.end(), m.start() + 1, after=True))
    for m in _EVIDENCE.finditer(text) if _PICTURES.search(text) else ():
        found.append(Speech(_clean(m.group("who")), m.start(), m.end(), m.end() - 1))
    taken = [(s.start, s.end) for s in found]
    for v in [*_SAID_VERB.finditer(text), *_ANNOUNCED.finditer(text)]:
        if not any(a <= v.start() < b for a, b in taken):
            got = _said_before(text, v)
            found += [got] if got else []
    return sorted(found, key=lambda s: s.verb_at)


def _said_before(text: str, v: re.Match[str]) -> Speech | None:
    """The speaker before the reporting verb `v`: a name, a phrase with a capital or a word for
    a source, a short phrase after an article ("a local farmer"), or a bare plural ("villagers")."""
    before = text[: v.start()]
    if not before.endswith((" ", "\t")) or (v.re is not _ANNOUNCED and _noun(text, v)):
        return None
    who = _speaker(before)
    if not who:
        return None
    at = max(before.rfind(who.split(",")[0]), 0)
    article = _ARTICLE.search(before[max(0, at - 5):at]) if at else None
    lower = not any(w[:1].isupper() for w in who.split())
    if article and lower:
        who, at = article.group(0) + who, at - len(article.group(0))  # "a local farmer"
    words = who.lower().split()
    short = (words[0] in ("a", "an", "the") and len(words) <= 6) or (
        lower and len(words) <= 2 and words[-1].endswith("s"))
    if not (short or _plausible(who.split(",")[0].split())):
        return None
    return Speech(who, at, v.end(), v.start())


_PASSIVE_AUX = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+|also\s+|still\s+)?$", re.I)
_LOCATIVE_AFTER = re.compile(r"\s+(?:to\s+be\s+(?:\w+\s+)?)?(?:in|inside|at|near|around|on|outside)\s", re.I)


def _noun(text: str, v: re.Match[str]) -> bool:
    """ "reports of shelling", "a claim by Russia": a noun, not a reporting verb; nor is the
    passive of "were reported in X" (a presence, `cues._SAID_TO_BE`)."""
    return bool(re.match(r"\s+of\b", text[v.end():v.end() + 4])) or bool(
        _DETERMINER.search(text[max(0, v.start() - 8):v.start()])) or bool(
        _PASSIVE_AUX.search(text[max(0, v.start() - 24):v.start()])
        and _LOCATIVE_AFTER.match(text, v.end()))


def choose(found: list[Speech], at: int) -> str:
    """Who says so for the event whose word starts at `at` (sentence offset): the innermost
    speaker before it (outer ones after "via"), else the first after it; an "according to" after
    the speaker joins it ("X said, according to the agency")."""
    before = [s for s in found if s.verb_at < at and not s.after and s.end <= at + 1]
    if before:
        inner, outer = before[-1], [s.who for s in before[:-1] if s.who != before[-1].who]
        return inner.who + (f" (via {', '.join(reversed(outer))})" if outer else "")
    later = [s for s in found if s.verb_at >= at or s.after]
    if not later:
        return ""
    first, rest = later[0], [s.who for s in later[1:] if s.who != later[0].who]
    return first.who + (f" (via {', '.join(rest)})" if rest else "")


def resolve_pronoun(who: str, last: str) -> str:
    """A speaker named by a pronoun or a bare title ("he", "the commander", "the envoy of the
    president") is the last speaker of the document, when there is one."""
    words = who.lower().split()
    if not last or not words or who.startswith(last):
        return who
    if words[0] in _PRONOUNS and len(words) == 1:
        return last
    bare = not any(w[:1].isupper() for w in who.split()[1:]) and words[0] in ("the", "this", "that")
    return f"{last} ({who})" if bare and 2 <= len(words) <= 6 and words[1] in _TITLES else who


def quotation_speaker(text: str, start: int) -> str | None:
    """For a sentence starting at `start` (clean offset) inside a quotation (or opening one): the
    speaker named right after the quotation closes ('...," Zelensky noted.'); "" when it names
    none; None when the sentence is not inside a quotation. Quotations end with their paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    inside = text.count('"', line_start, start) % 2 == 1 or text.count(
        "\u201c", line_start, start) > text.count("\u201d", line_start, start)
    if not inside and not text.startswith(('"', "\u201c"), start):
        return None
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    close = re.compile(r'[\"\u201d]').search(text, start + 1, line_end)
    if close is None:
        return ""
    tail = text[close.end(): line_end].split(".")[0]
    found = speeches(text[close.end() - 1: close.end()] + tail)
    return found[0].who if found else ""


def sentence_speeches(text: str, start: int, sentence: str, last: str) -> list[Speech]:
    """The speakers of the sentence at `start` (clean offset), pronouns and bare titles resolved
    to `last` (the document's last speaker); with none of its own, the speaker of the quotation
    it stands in, or "reportedly" when it says so and names no one."""
    found = [Speech(resolve_pronoun(s.who, last), s.start, s.end, s.verb_at, s.after)
             for s in speeches(sentence)]
    if found:
        return found
    quoted = quotation_speaker(text, start)
    who = (resolve_pronoun(quoted, last) if quoted else last) if quoted is not None else ""
    if not who and _REPORTEDLY.search(sentence):
        who = "reportedly"
    return [Speech(who, 0, 0, -1)] if who else []


_REPORTEDLY = re.compile(r"\breportedly\b", re.I)


def last_speaker(found: list[Speech], last: str) -> str:
    """The document's last speaker after a sentence: its last named speaker, else `last`."""
    named = [s.who for s in found if s.end > 0 and not _MEDIUM.search(s.who)]
    return named[-1].split(" (via ")[0] if named else last


#: Where the speaker was, not where the event was: "Speaking from Beirut, X said ...", "X told
#: reporters in Geneva", "at a news conference in Amman".
_SPEAKER_AT = re.compile(
    r"\b(?:speaking|spoke|(?:told|telling|briefed|briefing)\s+(?:reporters|journalists|the\s+press"
    r"|(?:a\s+)?news\s+conference|diplomats)|(?:news|press)\s+(?:conference|briefing)|interview)"
    r"(?:\s+[\w'\u2019-]+){0,3}?\s+(?:from|in|at)\s+(?:the\s+)?$", re.I)


def speaks_from(text: str, start: int) -> bool:
    """Whether the place mention at `start` says where a speaker spoke from, not where an event was."""
    return _SPEAKER_AT.search(text, max(0, start - 80), start) is not None
