"""Imports point down: no module of src/standoff imports one of a higher layer.

The layers, lowest first (modules of one layer may import each other):
model, errors, escape, files, limits → geo → packs → engine → ingest, read → report → store
→ serve, scale, watch, alerts → the `standoff` package facade → cli.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "standoff"

#: Layer of each top-level module or subpackage of standoff; "standoff" is the facade itself.
LAYERS: dict[str, int] = {
    "model": 0, "errors": 0, "escape": 0, "files": 0, "limits": 0,
    "geo": 1,
    "packs": 2,
    "engine": 3,
    "ingest": 4, "read": 4,
    "report": 5,
    "store": 6,
    "serve": 7, "scale": 7, "watch": 7, "alerts": 7,
    "standoff": 8,
    "cli": 9,
}


def _part(module: str) -> str:
    """The layer name of a dotted module inside standoff ('standoff' for the facade)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "standoff"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    """(line, dotted module) of every standoff import in the file, inside functions too."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "standoff"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "standoff":
                continue
            if base == "standoff":  # `from standoff import engine` names a subpackage
                for alias in node.names:
                    sub = PACKAGE / alias.name
                    is_module = sub.is_dir() or sub.with_suffix(".py").is_file()
                    out.append((node.lineno, f"standoff.{alias.name}" if is_module else "standoff"))
            else:
                out.append((node.lineno, base))
    return out


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_part_has_a_layer() -> None:
    unknown = sorted({_part(_module_name(p)) for p in _sources()} - set(LAYERS))
    assert not unknown, f"give these parts of standoff a layer in tests/test_layers.py: {unknown}"


def test_imports_point_down() -> None:
    upward = []
    for path in _sources():
        mine = _part(_module_name(path))
        for line, target in _imports(path):
            theirs = _part(target)
            if LAYERS.get(theirs, -1) > LAYERS.get(mine, 99):
                upward.append(f"{path.relative_to(SRC)}:{line}: {mine} imports {target}")
    assert not upward, "imports that point up a layer:\n" + "\n".join(upward)


def test_the_rule_sees_upward_imports() -> None:
    """The checker itself, on text placed at geo/zones.py: absolute, relative, facade, in a function."""
    text = ("import standoff\nfrom standoff import engine, check\n"
            "def f():\n    from standoff.engine.check import check\n    from ..report import map\n"
            "    from . import bounds\n")
    found = [_part(m) for _, m in _imports(PACKAGE / "geo" / "zones.py", text)]
    assert found == ["standoff", "engine", "standoff", "engine", "report", "geo"]


@pytest.mark.parametrize("code", [
    "import standoff; p = standoff.load_pack('golan'); standoff.read_observations(p.examples[0], p)",
    "import standoff; standoff.load_pack('golan')",
])
def test_reading_a_table_does_not_load_numba(code: str) -> None:
    out = subprocess.run([sys.executable, "-c", code + "; import sys; print('numba' in sys.modules)"],
                         capture_output=True, text=True, check=True, env={"PYTHONPATH": str(SRC)})
    assert out.stdout.strip() == "False"
