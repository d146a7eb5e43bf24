"""Actors: dotted codes in a hierarchy (`IRN` > `IRN.IRGC`) with aliases for the text reader."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Actor(BaseModel):
    """One actor. Its parent is the code before the last dot."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$")
    name: str
    aliases: list[str] = []
    description: str = ""

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def selector_matches(selector: str, code: str) -> bool:
    """`IRN*` matches IRN and its subtree; `IRN.IRGC` matches only itself; `*` matches all."""
    if selector == "*":
        return True
    if selector.endswith("*"):
        root = selector[:-1].rstrip(".")
        return code == root or code.startswith(root + ".")
    return code == selector


def matches_any(selectors: list[str], code: str) -> bool:
    """Whether `code` matches at least one selector."""
    return any(selector_matches(s, code) for s in selectors)
