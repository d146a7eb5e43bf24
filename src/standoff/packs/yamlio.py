"""YAML that remembers where each value came from, so errors can say file:line:col.

Only plain YAML is read: mappings with plain keys, sequences, and null, bool, int, float, string
and date scalars. Nesting is capped at `LIMITS.max_depth`, and aliases are expanded while
counting, so a file of aliases (a "billion laughs") stops at a bound proportional to its size
instead of filling memory. libyaml composes the nodes when PyYAML has it (about ten times
faster; it refuses nesting past 1000 levels itself); on any error the pure-Python composer runs
again for its wording and position.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor

from standoff.errors import MESSAGES, StandoffError, decode_utf8, did_you_mean, message
from standoff.limits import LIMITS, check_size
from standoff.model.zone import ZONE_TAGS

M = TypeVar("M", bound=BaseModel)
Marks = dict[tuple[Any, ...], tuple[int, int]]

__all__ = ["KEY", "Marks", "did_you_mean", "load_yaml", "locate", "validate"]

KEY = "<key>"  # marks[(*path, KEY)] is where the key of `path` is written
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("null", "bool", "int", "float", "str", "timestamp")}
_KIND = {_TAG + "timestamp": "date", _TAG + "int": "integer", _TAG + "float": "number"}
_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml's parser and composer: same nodes and marks


class _Bad(Exception):
    """A problem at a node: message, catalogue code and where."""

    def __init__(self, msg: str, code: str | None, mark: Any, path: tuple[Any, ...] = ()) -> None:
        super().__init__(msg)
        self.msg, self.code, self.mark, self.path = msg, code, mark, path


class _Loader(yaml.SafeLoader):
    """The safe loader, composing nodes no deeper than the limit and counting them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        self.nodes += 1
        if self.depth > LIMITS.max_depth:
            raise _Bad(message("yaml-too-deep", limit=LIMITS.max_depth), "yaml-too-deep",
                       self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Builder:
    """Plain data from a composed node, with marks, counting every value aliases expand to."""

    def __init__(self, marks: Marks, budget: int) -> None:
        self.marks, self.budget, self.limit = marks, budget, budget
        self.ctor = SafeConstructor()

    def scalar(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        if node.tag == _TAG + "str" and isinstance(node, yaml.ScalarNode):
            return node.value
        if node.tag not in _SCALAR_TAGS or not isinstance(node, yaml.ScalarNode):
            tag = node.tag.replace(_TAG, "!!")
            raise _Bad(message("yaml-tag", tag=tag), "yaml-tag", node.start_mark, path)
        try:
            return self.ctor.yaml_constructors[node.tag](self.ctor, node)
        except (ValueError, OverflowError) as exc:
            kind = _KIND.get(node.tag, "value")
            raise _Bad(message("yaml-bad-value", value=node.value, kind=kind, reason=exc), "yaml-bad-value",
                       node.start_mark, path) from None

    def build(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Bad(message("yaml-too-many-nodes", limit=self.limit), "yaml-too-many-nodes",
                       node.start_mark, path)
        if len(path) >= LIMITS.max_depth:  # an alias can nest a node inside itself
            raise _Bad(message("yaml-too-deep", limit=LIMITS.max_depth), "yaml-too-deep",
                       node.start_mark, path)
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key_node.tag == _TAG + "merge":
                    raise _Bad(message("yaml-merge-key"), "yaml-merge-key", key_node.start_mark, path)
                if not isinstance(key_node, yaml.ScalarNode):
                    kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                    raise _Bad(message("yaml-complex-key", kind=kind), "yaml-complex-key",
                               key_node.start_mark, path)
                key = self.scalar(key_node, path)
                if key in out:
                    raise _Bad("duplicate key: it is given twice", None, key_node.start_mark, (*path, key))
                self.marks[(*path, key, KEY)] = where
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
            return [self.build(v, (*path, i)) for i, v in enumerate(node.value)]
        return self.scalar(node, path)


def _compose(text: str) -> yaml.Node | None:
    """The node tree, by libyaml when it is there; errors always come from the Python composer."""
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_yaml(path: Path, error: type[StandoffError] = StandoffError) -> tuple[Any, Marks]:
    """Parse one YAML file into plain data plus a map from key path to (line, column)."""
    try:
        check_size(path, LIMITS.max_yaml_bytes, error)
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", file=str(path)) from exc
    text = decode_utf8(data, error, str(path), "YAML")
    marks: Marks = {}
    try:
        node = _compose(text)
        if node is None:
            raise error("the file is empty", file=str(path))
        builder = _Builder(marks, max(LIMITS.max_yaml_nodes, len(text)))  # proportional to the input
        return builder.build(node, ()), marks
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error(
            f"not valid YAML: {exc.problem}",
            file=str(path),
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise error(f"not valid YAML: the character #x{exc.character:04x} is not allowed",
                    file=str(path), line=line, col=col) from None
    except _Bad as bad:
        parts = list(map(str, bad.path))
        key = ".".join(parts if len(parts) <= 8 else [*parts[:4], "…", *parts[-2:]])
        raise error(f"{key}: {bad.msg}" if key else bad.msg, file=str(path), line=bad.mark.line + 1,
                    col=bad.mark.column + 1, code=bad.code) from None


def locate(marks: Marks, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    """The line and column of the deepest known prefix of `loc`."""
    for n in range(len(loc), -1, -1):
        key = tuple(loc[:n])
        if key in marks:
            return marks[key]
    return None, None


def _yaml_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds the model name or tag of union members and 'not_' for the alias; map back to keys
    return tuple("not" if part == "not_" else part for part in loc
                 if not str(part).startswith("function-") and part not in ZONE_TAGS)


def validate(
    model: type[M],
    data: Any,
    marks: Marks,
    path: Path,
    *,
    error: type[StandoffError] = StandoffError,
    prefix: tuple[Any, ...] = (),
    context: dict[str, Any] | None = None,
) -> M:
    """Validate `data` as `model`; the first problem becomes one error naming file:line:col."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = prefix + _yaml_loc(tuple(first["loc"]))
        line, col = locate(marks, loc)
        key = ".".join(str(p) for p in loc) or "(top level)"
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "zone_unknown_key":  # a zone with no known key, only this one
            loc = (*loc, first["ctx"]["key"])
            key = ".".join(str(p) for p in loc)
        if first["type"] in ("extra_forbidden", "zone_unknown_key"):
            line, col = locate(marks, (*loc, KEY))
            allowed = ", ".join(
                ("not" if f == "not_" else f) for f in _fields_at(model, loc[len(prefix):])
            )
            msg = f"unknown key; expected one of: {allowed}" if allowed else "unknown key"
        elif first["type"] == "missing":
            msg = "required key is missing"
        code = first["type"] if first["type"] in MESSAGES else None
        raise error(f"{key}: {msg}", file=str(path), line=line, col=col, code=code) from None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model that owns the key at `loc` (best effort, for 'expected' hints)."""
    current: list[type[BaseModel]] = [model]
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        name = "not_" if part == "not" else part
        owner = next((m for m in current if name in m.model_fields), None)
        if owner is None:
            return []
        current = _inner_models(owner.model_fields[name].annotation)
    return list(dict.fromkeys(f for m in current for f in m.model_fields))


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: itself, or those inside its arguments (unions, lists, aliases)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    annotation = getattr(annotation, "__value__", annotation)  # a TypeAliasType such as Zone
    return [m for arg in getattr(annotation, "__args__", ()) for m in _inner_models(arg)]
