"""Equipment and unit types: dotted codes in a hierarchy with aliases, like actors.

`ARTY.100MM_PLUS.2S1` is a 2S1 Gvozdika, a kind of artillery of 100 mm and more; a clause's
`equipment: [ARTY.100MM_PLUS*]` names the whole subtree. Packs without units.yaml use plain
unit words (tank, artillery, sam) matched exactly.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Unit(BaseModel):
    """One unit or equipment type. Its parent is the code before the last dot."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
    name: str
    aliases: list[str] = Field(default=[], description="Other names: 'Gvozdika', '2S1', '122mm howitzer'.")
    description: str = ""


def unit_names(units: dict[str, Unit]) -> dict[str, str]:
    """Every code, name and alias (case folded) mapped to its unit code."""
    out: dict[str, str] = {}
    for unit in units.values():
        for name in (unit.code, unit.name, *unit.aliases):
            out.setdefault(name.casefold(), unit.code)
    return out
