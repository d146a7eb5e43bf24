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
    """Whether `code` matches a selector and no exception (`!TUR*` excepts TUR's subtree)."""
    return any(selector_matches(s, code) for s in selectors if not s.startswith("!")) and not any(
        selector_matches(s[1:], code) for s in selectors if s.startswith("!"))


def selector_list(value: object) -> object:
    """Selectors as a list: 'IRN*', [...], or {any: '*', except: [TUR*, RUS*]} (exceptions as '!TUR*')."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) <= {"any", "except"} and "any" in value:
        def listed(v: object) -> list[object]:
            return v if isinstance(v, list) else [v]

        return listed(value["any"]) + [f"!{s}" for s in listed(value.get("except") or [])]
    return value


def describe_selectors(selectors: list[str]) -> str:
    """'IRN*, SYR.SAA' or 'everyone except TUR*, RUS*' for sentences."""
    plain = [s for s in selectors if not s.startswith("!")]
    excepted = [s[1:] for s in selectors if s.startswith("!")]
    who = "everyone" if plain == ["*"] else ", ".join(plain)
    return f"{who} except {', '.join(excepted)}" if excepted else who
