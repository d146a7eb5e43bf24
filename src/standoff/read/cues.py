"""Word cues of the claim reader: predicates, modality, hedges and negation (who says so:
speech.py)."""

from __future__ import annotations

import functools
import re

from standoff.read.lexicon import CLASSES, Matcher, pattern, phrases
from standoff.read.terms import AGREED, DEMAND, OBLIGATION, PROPOSAL

__all__ = ["AGREED", "DEMAND", "HEDGE", "NEGATION", "MATCHER", "OBLIGATION", "PROPOSAL",
           "has_predicate", "is_candidate", "main_predicate", "main_predicates", "modality", "negated",
           "not_an_event", "predicate", "predicates", "clause_status", "cue_start", "OFFER_REFERENCE"]

_ORDER = ("struck", "entered", "withdrew", "deployed", "seen")
NEGATION = re.compile(r"\b(?:not|n't|never|no longer|denied|den(?:y|ies))\b", re.I)
HEDGE = re.compile(
    r"\b(?:(?-i:may)|might|could|reportedly|allegedly|believed|believes?|appears?|apparently"
    r"|possibly|likely|unconfirmed|suspected|said to|thought to|estimated|unverified)\b", re.I)
_MUST_STAY = phrases(["remain", "stay", "keep"], ["kept"])
#: The predicate words, found by table look-up (see lexicon.Matcher).
MATCHER = Matcher([*((name, phrases(*CLASSES[name])) for name in _ORDER),
                   ("must_stay", _MUST_STAY)])
#: "are now 85 km from the border": a stated distance is a position too.
_COPULA_KM = re.compile(
    r"\b(?:is|are|was|were|be|been|remains?|remained|stand|stands|stood|lie|lies)\s+(?:now\s+"
    r"|still\s+|only\s+|just\s+)?(?:about\s+|around\s+|some\s+|roughly\s+|less than\s+"
    r"|more than\s+|within\s+|at least\s+|over\s+)?(?=\d+(?:\.\d+)?\s*(?:km|kilomet|miles?\b))",
    re.I)
#: "who are still closer to the border", "is close to X": presence said with a copula.
_COPULA_NEAR = re.compile(r"\b(?:is|are|was|were|remains?|remained|stays?|stayed)\s+"
                          r"(?:now\s+|still\s+|already\s+)?(?:very\s+|much\s+)?"
                          r"(?:close|closer|near|nearer|next)\s+to\b", re.I)
#: "is still inside the zone", "were reportedly at the post": presence said with a copula and
#: an adverb (the plain "is in", "are at" are predicate words).
_COPULA_IN = re.compile(r"\b(?:is|are|was|were|remains?|remained)\s+(?:(?:now|still|already|reportedly"
                        r"|also|currently|again)\s+){1,2}(?:in|inside|at|within|on)\b", re.I)
#: "were reported in X", "is believed to be near Y": presence said by a passive verb of report.
_SAID_TO_BE = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+|also\s+|still\s+)?(?:reported"
                         r"|said|believed|thought|understood)\s+(?:to\s+be\s+(?:\w+\s+)?)?"
                         r"(?=(?:in|inside|at|near|around|on|outside)\s)", re.I)
#: "the mission now has nine observation posts in X", "keeps 300 troops at Y": presence said as
#: what a force holds.
_COUNT_WORDS = (r"(?:about|some|around|at least|more than|over|nearly|[\d,]+|two|three|four|five|six|seven"
                r"|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
                r"|(?:twen|thir|for|fif)ty|a dozen|dozens of|hundreds of|thousands of|several|many|a few"
                r"|a number of|its|their|a|an)")
_HAS_FORCE = re.compile(r"\b(?:has|have|had|maintains?|maintained|keeps?|kept|operates?|operated|mans?"
                        r"|manned)\s+(?:(?:now|still|also|already|long)\s+)?(?:" + _COUNT_WORDS
                        + r"\s+){1,2}(?:[\w-]+\s+){0,2}?"
                        r"(?:posts|outposts|bases|base|positions|checkpoints|troops|forces|soldiers|personnel"
                        r"|garrisons?)\b", re.I)
#: "satellite images showed tanks near X", "footage shows soldiers in Y": what pictures show is seen.
_SHOWN = re.compile(r"\b(?:images?|imagery|footage|videos?|photos?|photographs?|pictures?|clips?|stills?)"
                    r"\s+(?:[\w-]+\s+){0,4}?(?P<v>show|shows|showed|shown|showing|reveal|reveals|revealed"
                    r"|depict|depicts|depicted|appear\s+to\s+show|appeared\s+to\s+show)\b", re.I)
_CLAUSE_CUES = re.compile(r"\b(?=\w)(?:" + "|".join(f"(?:{p.pattern})" for p in [DEMAND, PROPOSAL, AGREED])
                          + r")|\d")  # on lower case; each cue begins a word (see _MODALITY)


@functools.lru_cache(maxsize=8192)
def is_candidate(text: str) -> bool:
    """Whether a sentence may hold a claim (a predicate, a demand or a number): worth NER."""
    return bool(_predicates(text)) or _CLAUSE_CUES.search(text.lower()) is not None


#: Every cue begins a word, so the search tries its alternatives only where a word begins
#: (`\b(?=\w)` up front: 2.5 times faster than trying all of them at every character).
_MODALITY = re.compile(r"\b(?=\w)(?:" + "|".join(f"(?P<{name}>{p.pattern})" for name, p in (
    ("agreed", AGREED), ("demand", DEMAND), ("proposal", PROPOSAL))) + ")", re.I)


def modality(text: str) -> tuple[str, int]:
    """The modality of a segment (its earliest cue) and where that cue ends (0 if asserted).

    A term tied to an agreement anywhere in the segment ("to ensure that ..., in keeping with
    an agreement") is agreed, whatever cue comes first.
    """
    m = _MODALITY.search(text)
    if m is None:
        return "asserted", 0
    return ("agreed" if AGREED.search(text) else str(m.lastgroup)), m.end()


def cue_start(text: str) -> int:
    """Where the segment's first demand, proposal or agreement cue starts (-1 when none)."""
    m = _MODALITY.search(text)
    return m.start() if m else -1


#: "took place", "took note", "took the decision": 'take' that is no taking of a place.
_TAKE_IDIOM = re.compile(r"(?:take|takes|took|taken|taking)\s+(?:(?:a|an|the|its|their|his|her|no|any)\s+)?"
                         r"(?:place|note|office|advantage|steps?|measures?|action|time|care|responsibility"
                         r"|effect|shape|aim|decision|lead|initiative|view|stock|issue|photos?|pictures?"
                         r"|questions?|part|over|up|off|out|down|back|away|hold|refuge|cover|shelter|turns?"
                         r"|charge|power|years?|months?|days?|hours?|weeks?)\b", re.I)


def _in_a_name(text: str, at: int) -> bool:
    """Whether the predicate word at `at` is part of a name or a compound, not an event:
    "the Joint Centre for Control", "DPR-controlled", "Iranian-backed". A capital counts only
    in a sentence that is not a title-case headline."""
    if at > 0 and text[at - 1] == "-":
        return True
    if not text[at].isupper() or at == 0 or not re.search(r"\w", text[:at]) or re.search(
            r"[\"\u201c(:]\s*$", text[:at]):
        return False
    return not _title_case(text)


@functools.lru_cache(maxsize=8192)
def _title_case(text: str) -> bool:
    """Whether 60 % or more of the words of a text start with a capital (a headline)."""
    words: list[str] = re.findall(r"[A-Za-z][\w'-]*", text)
    return not sum(w[0].isupper() for w in words) < 0.6 * len(words)


def predicates(text: str) -> list[tuple[str, int]]:
    """Every predicate word of a segment and where it starts, in text order."""
    return list(_predicates(text))


@functools.lru_cache(maxsize=8192)
def _predicates(text: str) -> tuple[tuple[str, int], ...]:
    found = [(name, a) for name, a, e in MATCHER.find(text) if not _in_a_name(text, a)
             and not (" " not in text[a:e] and _TAKE_IDIOM.match(text, a))]
    if any(c.isdigit() for c in text):
        found += [("seen", m.start()) for m in _COPULA_KM.finditer(text)]
    if " to " in text:
        found += [("seen", m.start()) for m in _COPULA_NEAR.finditer(text)
                  if not any(a <= m.start() < a + 12 for _, a in found)]
    found += [("seen", m.start()) for m in _COPULA_IN.finditer(text)
              if not any(a <= m.start() < a + 20 for _, a in found)]
    found += [("seen", m.start()) for m in _SAID_TO_BE.finditer(text)]
    for m in _HAS_FORCE.finditer(text):  # "keeps 300 troops at X" is presence, not "must stay"
        found = [(n, a) for n, a in found if not (m.start() <= a < m.end() and n == "must_stay")]
        if not any(m.start() <= a < m.end() for _, a in found):
            found.append(("seen", m.start()))
    if not found:  # only where no other word says what happened
        found = [("seen", m.start("v")) for m in _SHOWN.finditer(text)]
    found.sort(key=lambda p: p[1])
    return tuple(found)


_RELATIVE = re.compile(r",\s+(?:who|which|that|whose)\b[^,]*,", re.I)


#: "after the Israeli army's pullback, X deployed": an event in a phrase of time or cause.
_SUBORDINATE = re.compile(r"\b(?:after|before|following|since|amid|despite|ahead of|until|upon"
                          r"|in the wake of)\s+(?:the\s+)?(?:[\w'\u2019.-]+\s+){0,4}$"
                          r"|\b(?:where|which|who|whom|whose)\s+(?:[\w'\u2019-]+\s+){0,4}$", re.I)


def main_predicates(text: str) -> list[tuple[str, int]]:
    """The predicate words of a segment outside relative clauses (", who ..., ") and phrases
    of time or cause ("after X's withdrawal,"); those of relative clauses if none is outside;
    none if all are in phrases of time or cause."""
    found = predicates(text)
    inner = [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]
    main = [p for p in found if not _SUBORDINATE.search(text[max(0, p[1] - 60):p[1]])]
    outside = [p for p in main if not any(a <= p[1] < b for a, b in inner)]
    # an event only in a phrase of time ("three years after rebels had seized X") is background;
    # a presence said in a relative clause ("forces who remain near X") is a presence
    return outside or main or [p for p in found if p[0] in ("seen", "deployed", "must_stay")
                               and _RELATIVE_PRESENCE.search(text[max(0, p[1] - 30):p[1]])]


#: "forces who remain near X", "units that are stationed in X": the relative pronoun right before.
_RELATIVE_PRESENCE = re.compile(r"\b(?:who|which|that)\s+(?:(?:are|is|were|was|have|has|had|been"
                                r"|still|now|also|already)\s+){0,2}$", re.I)


_NEGATION_AFTER = re.compile(r"^\S+\s+(?:not|no|nothing|nowhere)\b", re.I)


def negated(text: str, at: int) -> bool:
    """Whether the event word at `at` of a segment is negated: a negation before it (or right
    after it: "withdrew nothing") and outside a relative clause ("..., which vowed not to
    leave" or "where troops had not set foot" negate nothing of the main event)."""
    inner = [(m.start(), m.end()) for m in _RELATIVE_ANY.finditer(text)]
    before = [m for m in NEGATION.finditer(text[:at]) if not any(a <= m.start() < b for a, b in inner)]
    return bool(before) or bool(_NEGATION_AFTER.match(text[at:]))


#: A relative clause to the end of the segment or to its closing comma.
_RELATIVE_ANY = re.compile(r",\s+(?:who|which|where|whose|when)\b[^,]*(?:,|$)", re.I)


def main_predicate(text: str) -> tuple[str | None, int]:
    """The first of the `main_predicates` of a segment."""
    found = main_predicates(text)
    return found[0] if found else (None, -1)


#: Words that make what follows an opinion, a fear, a policy or a plan, not a sighting.
_STANCE = re.compile(pattern(
    ["fear", "worry", "warn", "threaten", "vow", "expect", "hope", "intend", "aim", "plan",
     "want", "wish", "predict", "anticipate", "doubt", "oppose", "prepare", "seek", "refuse",
     "pledge", "promise", "tolerate", "allow", "permit", "prevent", "stop", "block", "deter",
     "ready to", "try", "attempt", "justify"],
    ["concern that", "concerns that", "concerned that", "afraid", "policy", "red line",
     "red lines", "strategy", "goal", "aim of", "in order to", "so as to", "ability to",
     "capable of", "ready to", "set to", "expected to", "likely to", "able to", "about to",
     "going to", "no intention", "unlikely to", "if", "unless", "whether", "in case",
     "in the event", "lest", "until", "otherwise", "any attempt"]), re.I)
#: "sees Iranian forces as a threat", "regards the deployment as a provocation".
_REGARD_AS = re.compile(r"(?:see|sees|saw|seen|seeing|view|views|viewed|viewing|regard|regards"
                        r"|regarded|consider|considers|considered|describ\w+|call\w*)\b[^,.;:]{0,80}?"
                        r"\bas\b", re.I)
#: A modal before the event word: "will deploy", "would be stationed", "could enter".
_MODAL = re.compile(r"\b(?P<modal>will|would|shall|can|cannot|could|might|may|'ll|wo|ca)(?:n't)?"
                    r"\s+(?:not\s+|never\s+|also\s+|soon\s+|eventually\s+|still\s+|then\s+)?"
                    r"(?P<rest>(?:[\w-]+\s+){0,4})$", re.I)
#: An event gerund as the subject of a modal or of a verb of effect: "Holding X could complicate".
_GERUND_SUBJECT = re.compile(r"[A-Za-z]+ing\b[^.;:!?]{0,120}?\b(?:will|would|could|might|may|risks?"
                             r"|threatens?|means?|requires?)\b")
_PERCEIVED = re.compile(r"(?:hear|see|observe|spot)\b", re.I)
_HEARSAY = re.compile(r"(?:hear|hears|heard)\s+(?:that|about|of|from|reports?|rumou?rs?|news|nothing)\b",
                      re.I)
_PRESENT = re.compile(r"be\s+(?:\w+\s+)?(?:in|near|at|inside|around|present|there|\d)", re.I)


def not_an_event(text: str, at: int) -> str | None:
    """Why the event word at `at` in a segment is no sighting (opinion, plan, hypothetical).

    'may have crossed' and 'may be near X' stay (hedged reports); 'may cross', 'would be
    deployed', 'if they enter', 'fears that militias will deploy' go.
    """
    before = text[:at]
    if not before.strip(" \"'\u201c") and _GERUND_SUBJECT.match(text, at):
        return "hypothetical"  # "Holding the corridor could strain ties": the idea, not the act
    if any(m.start() <= at < m.end() for m in _REGARD_AS.finditer(text)):
        return "opinion"
    if _STANCE.search(before):
        return "stance"
    m = _MODAL.search(before)
    if m:
        tail = text[m.start("rest"):]
        word = tail.split()[0].lower() if tail.split() else ""
        if word == "have" or (m.group("modal").lower() in ("may", "might", "could")
                              and _PRESENT.match(tail)) or (m.group("modal").lower() == "could"
                                                            and _PERCEIVED.match(tail)):
            return None  # "could hear explosions": what a monitor perceived, a past report
        return "hypothetical"
    if _HEARSAY.match(text, at):  # "heard that X entered": hearsay, not the hearer's place
        return "hearsay"
    if _TO_BEGIN.match(text, at):  # "patrols would begin on March 15": a plan
        return "plan"
    return None


#: An event noun followed by its future start: "joint patrols would begin on March 15".
_TO_BEGIN = re.compile(r"[\w-]+\s+(?:(?:will|would|are to|is to|were to|was to|shall)\s+(?:\w+\s+)?"
                       r"(?:begin|start|resume|commence|take place)"
                       r"|(?:are|is) (?:planned|scheduled|due|expected))\b", re.I)
_OFFER = r"(?:offer|offers|proposal|proposals|plan|demand|demands|initiative|idea|deal|terms)"
_REJECTED = re.compile(pattern(["reject", "refuse", "turn down", "dismiss", "spurn", "decline",
                                "rebuff", "veto", "balk at"]), re.I)
_WITHDRAWN = re.compile(pattern(["withdraw", "retract", "drop", "rescind", "scrap", "shelve",
                                 "take back", "pull"]) + r"\s+(?:(?:its|the|their|his|her|this"
                        rf"|that|an?)\s+)?(?:[\w'-]+\s+){{0,2}}?{_OFFER}\b"
                        rf"|\b{_OFFER}\s+(?:was|were|has been|had been)\s+(?:\w+\s+)?"
                        r"(?:withdrawn|retracted|dropped|rescinded|scrapped|shelved)\b", re.I)
_ACCEPTED = re.compile(pattern(["accept", "endorse", "approve", "embrace", "sign"]) +
                       rf"\s+(?:(?:its|the|their|his|her|this|that|an?)\s+)?(?:[\w'-]+\s+){{0,2}}?"
                       rf"{_OFFER}\b", re.I)
#: "the offer", "Moscow's proposal": an offer named earlier.
OFFER_REFERENCE = re.compile(rf"\b(?:the|this|that|its|their|his|her|[A-Z][\w-]*'s)\s+"
                             rf"(?:[\w'-]+\s+){{0,2}}?{_OFFER}\b")


def clause_status(text: str, modality: str) -> str:
    """The status of a demand or offer in a segment: withdrawn, rejected, agreed (accepted), or
    the modality itself (demand, proposal, agreed)."""
    if _WITHDRAWN.search(text):
        return "withdrawn"
    if _REJECTED.search(text):
        return "rejected"
    if _ACCEPTED.search(text):
        return "agreed"
    return modality


def predicate(text: str) -> tuple[str | None, int]:
    """The earliest predicate word of a segment and where it starts (None, -1 when none)."""
    found = predicates(text)
    return found[0] if found else (None, -1)



def has_predicate(text: str) -> bool:
    """Whether `text` holds a predicate other than 'must stay'."""
    return any(name != "must_stay" for name, _ in predicates(text))
