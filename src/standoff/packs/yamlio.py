"""YAML that remembers where each value came from, so errors can say file:line:col."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from standoff.errors import StandoffError

M = TypeVar("M", bound=BaseModel)
Marks = dict[tuple[Any, ...], tuple[int, int]]


KEY = "<key>"  # marks[(*path, KEY)] is where the key of `path` is written
#: libyaml's parser when PyYAML was built with it (same nodes and marks, about ten times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(node: yaml.Node) -> Any:
    """A scalar node's value, resolved by the safe constructor (as `yaml.safe_load` would)."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


class DuplicateKey(ValueError):
    def __init__(self, key: Any, line: int, col: int) -> None:
        super().__init__(key)
        self.key, self.line, self.col = key, line, col


def _construct(node: yaml.Node, path: tuple[Any, ...], marks: Marks) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                raise DuplicateKey(".".join(map(str, (*path, key))), *where)
            marks[(*path, key, KEY)] = where
            out[key] = _construct(value_node, (*path, key), marks)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*path, i), marks) for i, v in enumerate(node.value)]
    return _scalar(node)


def _compose(text: str) -> yaml.Node | None:
    """The node tree; on a syntax error the pure-Python parser's wording and position (error path)."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def load_yaml(path: Path, error: type[StandoffError] = StandoffError) -> tuple[Any, Marks]:
    """Parse one YAML file into plain data plus a map from key path to (line, column)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", file=str(path)) from exc
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error(
            f"not valid YAML: {exc.problem}",
            file=str(path),
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
        ) from exc
    marks: Marks = {}
    if node is None:
        raise error("the file is empty", file=str(path))
    try:
        return _construct(node, (), marks), marks
    except DuplicateKey as dup:
        raise error(f"{dup.key}: duplicate key: it is given twice", file=str(path), line=dup.line,
                    col=dup.col) from None


def locate(marks: Marks, loc: tuple[Any, ...]) -> tuple[int | None, int | None]:
    """The line and column of the deepest known prefix of `loc`."""
    for n in range(len(loc), -1, -1):
        key = tuple(loc[:n])
        if key in marks:
            return marks[key]
    return None, None


def _yaml_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds the model name for union members and 'not_' for the alias; map back to keys
    return tuple("not" if part == "not_" else part for part in loc if not str(part).startswith("function-"))


def validate(
    model: type[M],
    data: Any,
    marks: Marks,
    path: Path,
    *,
    error: type[StandoffError] = StandoffError,
    prefix: tuple[Any, ...] = (),
) -> M:
    """Validate `data` as `model`; the first problem becomes one error naming file:line:col."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = prefix + _yaml_loc(tuple(first["loc"]))
        line, col = locate(marks, loc)
        key = ".".join(str(p) for p in loc) or "(top level)"
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            line, col = locate(marks, (*loc, KEY))
            allowed = ", ".join(
                ("not" if f == "not_" else f) for f in _fields_at(model, loc[len(prefix):])
            )
            msg = f"unknown key; expected one of: {allowed}" if allowed else "unknown key"
        elif first["type"] == "missing":
            msg = "required key is missing"
        raise error(f"{key}: {msg}", file=str(path), line=line, col=col) from None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model that owns the key at `loc` (best effort, for 'expected' hints)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        name = "not_" if part == "not" else part
        if name not in fields:
            return []
        current = _inner_model(fields[name].annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
