"""Cues of clause claims, written as lemmas: demands, proposals, obligations and agreed terms.

Every verb is listed once and matched in all its forms ("stipulate", "stipulates",
"stipulated"), so a term reads the same in any tense. An obligation ("X must stay", "X was to
pull back", "X has to withdraw") binds the subject before it; a demand or proposal ("Israel
demanded that X ...") binds the actors after it.
"""

from __future__ import annotations

import re

from standoff.read.lexicon import pattern

__all__ = ["AGREED", "CONDITIONAL", "DEMAND", "OBLIGATION", "OFFER_FATE", "OFFER_NAMED", "PACT",
           "PROPOSAL"]

#: The moves a term asks for: "is to <move>", "has to <move>".
_MOVES = pattern(["withdraw", "pull", "leave", "remain", "stay", "move", "redeploy", "relocate",
                  "deploy", "keep", "hand", "go", "be", "set up", "put", "remove", "destroy",
                  "dismantle", "take", "return", "hold", "establish", "station", "vacate",
                  "evacuate", "retreat", "patrol", "man", "allow", "enter", "withdrawn", "come",
                  "approach", "cross", "exceed", "operate", "deploy"])
#: What an agreement is called.
_PACT = (r"(?:deal|agreement|accord|memorandum|protocol|arrangement|understanding|truce|ceasefire"
         r"|cease-fire|pact|terms|roadmap|road map)s?")
#: An agreement named anywhere: "the deal", "the ceasefire".
PACT = re.compile(rf"\b{_PACT}\b", re.I)
#: "X must stay", "X was to pull back", "X has to withdraw", "X is due to deploy".
OBLIGATION = re.compile(
    r"\b(?:must|should|shall|(?:is|are|was|were|be|been)\s+(?:(?!(?:un)?likely\b)\w+ly\s+)?"
    r"(?:supposed\s+|required\s+|obliged\s+|bound\s+|due\s+)?to|(?:has|have|had|will have|would have)\s+to"
    r"|needs?\s+to)\s+(?:\w+ly\s+|also\s+|then\s+|first\s+|not\s+|never\s+)?(?=" + _MOVES[2:] + ")",
    re.I)
#: "X is to withdraw", "X was due to pull back", "X were supposed to leave": a duty already set
#: (by a deal or a schedule), not one somebody asks for.
_BE_TO = (r"\b(?:is|are|was|were|be|been)\s+(?:(?!(?:un)?likely\b)\w+ly\s+)?"
          r"(?:supposed\s+|required\s+|obliged\s+|bound\s+|due\s+)?to\s+"
          r"(?:\w+ly\s+|also\s+|then\s+|first\s+|not\s+|never\s+)?(?=" + _MOVES[2:] + ")")
#: "Hezbollah committed to keep ...", "Russia pledged to keep ...": a party's undertaking.
_COMMIT = (pattern(["commit", "pledge", "undertake"], ["commitment", "commitments"])
           + r"(?:\s+(?:itself|themselves|himself|herself))?\s+to\s+(?=" + _MOVES[2:] + ")")
#: What an offer or demand is called when it is named again.
_OFFER = r"(?:offer|offers|proposal|proposals|plan|initiative|idea|demand|demands|terms)"
#: "Israel rejected the offer", "Moscow dropped the idea": the fate of an offer named before.
OFFER_FATE = re.compile(
    pattern(["reject", "refuse", "turn down", "dismiss", "spurn", "decline", "rebuff", "veto",
             "withdraw", "retract", "drop", "rescind", "scrap", "shelve", "accept", "endorse",
             "approve", "embrace"])
    + r"\s+(?:(?:its|the|their|his|her|this|that|these|those|an?)\s+)?"
    + rf"(?:[\w'\u2019-]+\s+){{0,2}}?{_OFFER}\b",
    re.I)
#: "the offer", "The proposal", "Moscow's plan": an offer named before.
OFFER_NAMED = re.compile(r"\b(?:(?i:the|this|that|its|their|his|her)|[A-Z][\w-]*['\u2019]s)\s+"
                         rf"(?:[\w'\u2019-]+\s+){{0,2}}?(?i:{_OFFER})\b")
#: "if Israel were to withdraw", "unless the army is to leave": a hypothetical, no term.
CONDITIONAL = re.compile(r"\b(?:if|unless|whether|in case|in the event)\b", re.I)
DEMAND = re.compile(
    "|".join([
        r"\bask(?:s|ed|ing)?\b(?=(?:\s+[\w'-]+){0,6}?\s+(?:to|that)\s)",  # not "ask X for advice"
        pattern(["seek", "demand", "insist", "call for", "require", "urge",
                 "press for", "make sure", "bar", "ban", "prohibit", "forbid"]),
        r"\bwant(?:s|ed|ing)?\b(?!\s+to\b)",  # "wants X to leave", not "wants to stop smuggling"
        r"\b(?:sought|must|should|ensur(?:e|es|ed|ing)(?: that)?|guarantee(?:s|d)? that)\b",
        OBLIGATION.pattern]),
    re.I)
PROPOSAL = re.compile(
    "|".join([
        pattern(["propose", "offer", "suggest", "consider", "recommend"],
                ["proposal", "proposals", "willing", "willingness"]),
        r"\b(?:may|might|would|will|could)\s+agree\b|\bagree\s+to\b", OFFER_FATE.pattern]),
    re.I)
AGREED = re.compile(
    "|".join([
        pattern(["stipulate", "foresee", "envisage", "lay down", "spell out"]),
        rf"\b{_PACT}\s+(?:\w+\s+){{0,2}}?" + pattern(
            ["provide", "require", "say", "call for", "oblige", "include", "bar", "ban",
             "prohibit", "forbid", "commit", "set out", "give", "allow"]),
        r"(?<!would )(?<!will )(?<!may )(?<!might )(?<!could )"
        r"\b(?:agreed|agrees|agree(?= on| that| upon| with))(?:\s+with\s+[^,.;]{1,60}?)?"
        r"\s+(?:on|upon|that|to)\b",
        r"\b(?:had|has|have|was|were|is|are|been)\s+(?:\w+ly\s+)?agreed\b",
        pattern(["reach", "strike", "sign", "conclude", "come to", "seal", "broker", "clinch"])
        + rf"\s+(?:an?|the|its|their)\s+(?:[\w-]+\s+){{0,2}}?{_PACT}\b",
        rf"\b(?:under|per|according to|in keeping with|in line with|in accordance with|consistent with"
        rf"|as part of|by the terms of)\s+(?:an?|the|its|their|this|that)\s+(?:[\w']+\s+){{0,2}}?{_PACT}\b",
        r"\bunder\s+(?:(?-i:[A-Z])[\w'-]*\s+){1,3}" + _PACT + r"\b", _BE_TO, _COMMIT]),
    re.I)
