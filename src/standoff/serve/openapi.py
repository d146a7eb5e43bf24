"""The OpenAPI description of bodies and responses the endpoints build by hand (shown at /docs)."""

from __future__ import annotations

from typing import Any

from standoff.model import COLUMNS

TAGS = [{"name": "store", "description": "Reports and verdicts in the store (POST needs the token)."},
        {"name": "pack", "description": "The pack the server checks against."},
        {"name": "read", "description": "Article text to claims and verdicts (needs the token)."}]

_ERROR = {"type": "object", "required": ["detail"], "properties": {
    "detail": {"type": "string", "description": "One line, as the CLI prints it after 'error: '."},
    "field": {"type": "string"}, "line": {"type": "integer"}, "row": {"type": "integer"}}}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    words = {401: "No or a wrong bearer token", 404: "Unknown id", 413: "The body is over the size limit",
             415: "Not text/csv or application/json", 422: "Bad input: `detail` names the field"}
    return {c: {"description": words[c], "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def json_list(description: str) -> dict[int | str, dict[str, Any]]:
    """A 200 that is a JSON list of objects (and a 422 for bad parameters)."""
    return {200: {"description": description, "content": {"application/json": {"schema": {
        "type": "array", "items": {"type": "object"}}}}}, **_errors(404, 422)}


_TEXT = {"type": "string", "maxLength": 10_000}
_NUMBER_OR_TEXT = {"anyOf": [{"type": "number"}, {"type": "string", "maxLength": 40}]}
_RECORD = {"type": "object", "additionalProperties": False, "required": ["id", "actor"], "properties": {
    **{name: {**_TEXT, "description": words} for name, words in COLUMNS.items()},
    **{name: {**_NUMBER_OR_TEXT, "description": COLUMNS[name]}
       for name in ("lon", "lat", "radius_m", "count", "confidence")},
    "id": {"type": "string", "minLength": 1, "maxLength": 200, "description": COLUMNS["id"]},
    "actor": {"type": "string", "minLength": 1, "maxLength": 100, "description": COLUMNS["actor"]}}}

OBSERVATIONS_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "array", "items": _RECORD, "minItems": 1, "maxItems": 100_000}},
    "text/csv": {"schema": {"type": "string", "minLength": 4}, "example": "id,time,actor,lon,lat,radius_m\n"
                 "r1,2018-07-20,IRN.IRGC,36.1,33.1,2000\n"}}}}

_VERDICT = {"type": "object", "properties": {
    "observation_id": {"type": "string"}, "agreement_id": {"type": "string"}, "clause_id": {"type": "string"},
    "status": {"enum": ["violation", "possible", "compliant", "not_applicable"]},
    "margin_m": {"type": ["number", "null"]}, "sentence": {"type": "string"}}}

POSTED: dict[int | str, dict[str, Any]] = {200: {"description": "Checked and stored in one transaction",
                                                 "content": {"application/json": {"schema": {
    "type": "object", "required": ["run_id", "observations", "verdicts"], "properties": {
        "run_id": {"type": "integer"}, "observations": {"type": "integer"},
        "observations_added": {"type": "integer"}, "verdicts_added": {"type": "integer"},
        "verdicts": {"type": "array", "items": _VERDICT}, "limits": {"type": "array"},
        "warnings": {"type": "array", "items": {"type": "string"}}}}}}},
    **_errors(401, 413, 415, 422)}

READ_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "text/plain": {"schema": {"type": "string", "minLength": 1, "maxLength": 100_000}}}}}

READ: dict[int | str, dict[str, Any]] = {200: {"description": "Claims, observations and their verdicts",
                                               "content": {"application/json": {"schema": {
    "type": "object", "required": ["claims", "observations", "verdicts"], "properties": {
        "claims": {"type": "array"}, "observations": {"type": "array"},
        "verdicts": {"type": "array", "items": _VERDICT}}}}}}, **_errors(401, 413, 415, 422)}

ZONES: dict[int | str, dict[str, Any]] = {200: {"description": "The agreement's zones (GeoJSON)",
                                                "content": {"application/geo+json": {"schema": {
    "type": "object", "required": ["type", "features"]}}}}, **_errors(404, 422)}

OBSERVATION: dict[int | str, dict[str, Any]] = {200: {"description": "Every revision and verdict of a report",
                                                      "content": {"application/json": {"schema": {
    "type": "object", "required": ["observation_id", "revisions", "verdicts"], "properties": {
        "observation_id": {"type": "string"}, "revisions": {"type": "array"},
        "verdicts": {"type": "array"}}}}}}, **_errors(404, 422)}
