"""Load packs (built-in or user folders) and agreement files, checking every reference."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from standoff.errors import AgreementError, InputWarning, PackError, did_you_mean, message
from standoff.model import Actor, Agreement, Feature, Pack, Place, Unit, Zone, matches_any
from standoff.model.agreement import zone_cycle
from standoff.model.zone import (
    AllOfZone,
    AnyOfZone,
    AreaZone,
    Band,
    BandZone,
    BeyondZone,
    Distance,
    NotZone,
    RefZone,
    SideZone,
    WithinZone,
)
from standoff.packs.geomfiles import resolve_geometry_files
from standoff.packs.segments import resolve_segments
from standoff.packs.sides import side_problems
from standoff.packs.validate import duplicate_ids, feature_problems, place_problems, theatre_shape
from standoff.packs.yamlio import Marks, load_yaml, locate, validate

HUGE_KM = 10_000.0  # a distance zone wider than this gets a warning (a quarter of the way round)

BUILTIN = Path(__file__).parent


def builtin_packs() -> dict[str, Path]:
    """Built-in pack ids and their folders."""
    return {p.parent.name: p.parent for p in sorted(BUILTIN.glob("*/pack.yaml"))}


def find_pack(name_or_path: str | Path) -> Path:
    """The folder of a built-in pack id or of a user pack path."""
    folder = Path(name_or_path)
    if (folder / "pack.yaml").is_file():
        return folder
    packs = builtin_packs()
    if str(name_or_path) in packs:
        return packs[str(name_or_path)]
    hint = did_you_mean(str(name_or_path), list(packs))
    raise PackError(
        f"no pack '{name_or_path}'{hint}: give a built-in pack ({', '.join(packs) or 'none'}) "
        "or a folder with pack.yaml"
    )


def _list_of(model: type, path: Path, key: str, what: str, theatre: str = "",
             shape: Any = None) -> list[Any]:
    if not path.is_file():
        return []
    data, marks = load_yaml(path, PackError)
    if not isinstance(data, list):
        raise PackError("expected a list", file=str(path), line=1, col=1)
    items: list[Any] = [validate(model, item, marks, path, error=PackError, prefix=(i,)) for i, item in
             enumerate(data)]
    problems = duplicate_ids(data, key, marks, path, what)
    if model is Feature:
        problems += feature_problems(items, theatre, marks, path)
    elif model is Place:
        problems += place_problems(items, shape, marks, path)
    for problem in problems:
        if problem.level == "error":
            raise PackError(problem.message, file=problem.file, line=problem.line)
    return items


def load_pack(name_or_path: str | Path, *, agreements: bool = True) -> Pack:
    """Read a pack folder: pack.yaml, features.yaml, actors.yaml, places.yaml, agreements/*.yaml.

    Refuses what `validate_pack` calls an error. `agreements=False` stops before agreements/.
    """
    folder = find_pack(name_or_path)
    meta_path = folder / "pack.yaml"
    meta, marks = load_yaml(meta_path, PackError)
    if not isinstance(meta, dict):
        raise PackError("expected a mapping", file=str(meta_path), line=1, col=1)
    theatre = str(meta.get("theatre", ""))
    features: list[Feature] = _list_of(Feature, folder / "features.yaml", "id", "feature", theatre)
    actors: list[Actor] = _list_of(Actor, folder / "actors.yaml", "code", "actor")
    places: list[Place] = _list_of(Place, folder / "places.yaml", "id", "place",
                                   shape=theatre_shape(features, theatre))
    units: list[Unit] = _list_of(Unit, folder / "units.yaml", "code", "unit")
    examples = [folder / e for e in meta.pop("examples", [])]
    body = {**meta, "features": {f.id: f for f in features}, "actors": {a.code: a for a in actors},
            "places": places, "units": {u.code: u for u in units}, "agreements": {}, "path": folder,
            "examples": examples}
    pack = validate(Pack, body, marks, meta_path, error=PackError)
    if pack.theatre not in pack.features:
        line, col = locate(marks, ("theatre",))
        raise PackError(f"theatre: unknown feature '{pack.theatre}'", file=str(meta_path),
                        line=line, col=col)
    from_files = {f"feature {fid}" for fid in resolve_geometry_files(pack, folder)}
    for problem in feature_problems(list(pack.features.values()), pack.theatre, {},
                                    folder / "features.yaml") if from_files else ():
        if problem.level == "error" and problem.message.split(":")[0] in from_files:
            raise PackError(problem.message, file=problem.file)
    resolve_segments(pack, folder / "features.yaml")
    _check_features(pack, folder / "features.yaml")
    for key, phrase, fid in [*(("line_aliases", p, f) for p, f in pack.line_aliases.items()),
                             *(("distance_from", p, f) for p, f in pack.distance_from.items())]:
        if fid not in pack.features:
            line, col = locate(marks, (key, phrase))
            raise PackError(f"{key}.{phrase}: unknown feature '{fid}'"
                            f"{did_you_mean(fid, list(pack.features))}", file=str(meta_path),
                            line=line, col=col)
    _check_control(pack, marks, meta_path)
    for path in sorted((folder / "agreements").glob("*.yaml")) if agreements else ():
        agreement = load_agreement(path, pack)
        if agreement.id in pack.agreements:
            raise PackError(f"agreement id '{agreement.id}' is used twice", file=str(path))
        pack.agreements[agreement.id] = agreement
    return pack


def _check_control(pack: Pack, marks: Any, path: Path) -> None:
    """Every actor code of `control` names an actor of the pack."""
    c = pack.control
    named = [(("control", "government"), c.government), (("control", "other_side"), c.other_side),
             *((("control", "other_side_by_admin", k), v) for k, v in c.other_side_by_admin.items()),
             *((("control", "monitors"), m.rstrip("*")) for m in c.monitors)]
    for where, code in named:
        if code is not None and code not in pack.actors:
            line, col = locate(marks, where)
            raise PackError(f"{'.'.join(where)}: unknown actor '{code}'"
                            f"{did_you_mean(code, list(pack.actors))}", file=str(path),
                            line=line, col=col)


def _check_features(pack: Pack, path: Path) -> None:
    for f in pack.features.values():
        for v in f.versions:
            for ref in v.between or ():
                if ref not in pack.features or pack.features[ref].kind != "line":
                    hint = did_you_mean(ref, list(pack.features))
                    raise PackError(f"feature {f.id}: 'between' needs line features; "
                                    f"'{ref}' is not one{hint}", file=str(path))
            if f.kind == "area" and v.coords is not None:
                raise PackError(f"feature {f.id}: an area takes rings or between, not coords",
                                file=str(path))
            if f.kind != "area" and v.coords is None:
                raise PackError(f"feature {f.id}: a {f.kind} takes coords", file=str(path))


def load_agreement(path: str | Path, pack: Pack) -> Agreement:
    """Read and check one agreement file against a pack's features, actors and named zones."""
    path = Path(path)
    data, marks = load_yaml(path, AgreementError)
    if not isinstance(data, dict):
        raise AgreementError("expected a mapping with id, title, status, ...", file=str(path),
                             line=1, col=1)
    agreement = validate(Agreement, data, marks, path, error=AgreementError, context={"defer_refs": True})
    cycle = zone_cycle(agreement.zones)
    if cycle:
        line, col = locate(marks, ("zones", cycle[0]))
        raise AgreementError(f"zones.{cycle[0]}: " + message("zone-cycle", chain=" → ".join(cycle)),
                             file=str(path), line=line, col=col, code="zone-cycle")
    checker = _RefChecker(pack, agreement, marks, path)
    for name, zone in agreement.zones.items():
        checker.zone(zone, ("zones", name))
    source_ids = [s.id for s in agreement.sources]
    for i, clause in enumerate(agreement.clauses):
        if clause.source not in source_ids:
            checker.fail(("clauses", i, "source"), f"unknown source '{clause.source}'; the sources "
                         f"are {', '.join(source_ids)}", clause.source, source_ids)
        checker.zone(clause.zone, ("clauses", i, "zone"))
        for j, selector in enumerate(clause.actor):
            if not any(matches_any([selector.removeprefix("!")], code) for code in pack.actors):
                checker.fail(("clauses", i, "actor", j) if "actor" in data["clauses"][i] else
                             ("clauses", i), f"unknown actor '{selector}'", selector,
                             list(pack.actors))
    return agreement


def with_agreements(pack: Pack, paths: Sequence[str | Path]) -> tuple[Pack, list[str]]:
    """A copy of `pack` with the agreement files added, and their ids (in the order given).

    An agreement with the id of one the pack ships replaces it in the copy; `pack` is unchanged.
    """
    agreements = dict(pack.agreements)
    ids = []
    for path in paths:
        if not Path(path).is_file():
            raise AgreementError("no such agreement file", file=str(path))
        agreement = load_agreement(path, pack)
        agreements[agreement.id] = agreement
        ids.append(agreement.id)
    return pack.model_copy(update={"agreements": agreements}), ids


class _RefChecker:
    def __init__(self, pack: Pack, agreement: Agreement, marks: Marks, path: Path) -> None:
        self.pack, self.agreement, self.marks, self.path = pack, agreement, marks, path

    def fail(self, loc: tuple[Any, ...], msg: str, name: str, known: list[str]) -> None:
        line, col = locate(self.marks, loc)
        if line is None or loc not in self.marks:  # actor given as a plain string
            line, col = locate(self.marks, loc[:-1] if loc[-1] == 0 else loc)
        key = ".".join(str(p) for p in loc)
        raise AgreementError(f"{key}: {msg}{did_you_mean(name, known)}", file=str(self.path),
                             line=line, col=col)

    def feature(self, fid: str, loc: tuple[Any, ...], kinds: tuple[str, ...]) -> None:
        if fid not in self.pack.features:
            self.fail(loc, f"unknown feature '{fid}'", fid, list(self.pack.features))
        kind = self.pack.features[fid].kind
        if kind not in kinds:
            line, col = locate(self.marks, loc)
            raise AgreementError(f"{'.'.join(map(str, loc))}: feature '{fid}' is a {kind}; "
                                 f"expected {' or '.join(kinds)}", file=str(self.path),
                                 line=line, col=col)

    def zone(self, zone: Zone, loc: tuple[Any, ...]) -> None:
        any_kind = ("line", "area", "point")
        match zone:
            case WithinZone(within=spec) | BeyondZone(beyond=spec) | BandZone(band=spec):
                flat = isinstance(spec, Distance) and spec.ends == "flat"
                self.feature(spec.of, (*loc, zone.op, "of"), ("line",) if flat else any_kind)
                km = spec.to_km if isinstance(spec, Band) else spec.km
                if km > HUGE_KM:
                    line, col = locate(self.marks, (*loc, zone.op))
                    where = f"{self.path}:{line}:{col}: {'.'.join(map(str, (*loc, zone.op)))}: "
                    warnings.warn(where + message("km-huge", km=km), InputWarning, stacklevel=2)
            case AreaZone(area=area):
                self.feature(area, (*loc, "area"), ("area",))
            case SideZone(side=side):
                self.feature(side.of, (*loc, "side", "of"), ("line",))
                if side.toward:
                    self.feature(side.toward, (*loc, "side", "toward"), any_kind)
                for field, problem in side_problems(self.pack, side):
                    line, col = locate(self.marks, (*loc, "side", field))
                    raise AgreementError(f"{'.'.join(map(str, (*loc, 'side', field)))}: {problem}",
                                         file=str(self.path), line=line, col=col)
            case AllOfZone() | AnyOfZone():
                for i, sub in enumerate(zone.members()):
                    self.zone(sub, (*loc, zone.op, i))
            case NotZone(not_=inner):
                self.zone(inner, (*loc, "not"))
            case RefZone(ref=ref):
                if ref not in self.agreement.zones:
                    self.fail(loc, f"unknown zone '{ref}'", ref, list(self.agreement.zones))
