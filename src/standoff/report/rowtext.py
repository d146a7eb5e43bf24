"""Rows of an Arrow batch as JSON objects or CSV lines, built by one compiled pass per batch.

Numbers are written with fixed decimals, trailing zeros trimmed: metres to the millimetre,
degrees to 1e-9, so a file read back and written again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from standoff.engine.assemble import DATE, FIXED, INT, Text
from standoff.escape import FORMULA_PREFIXES

#: Decimals written for each number column (others: 6).
DECIMALS = {"lon": 9, "lat": 9, "nearest_lon": 9, "nearest_lat": 9, "radius_m": 3, "margin_m": 3,
            "tolerance_m": 3, "distance_m": 3, "count": 3, "lower": 3, "upper": 3}
#: Cells a spreadsheet would run as a formula (`standoff.escape.csv_safe_cell`) get a leading '.
FORMULA_CLASS = "[" + "".join(FORMULA_PREFIXES).replace("-", "\\-") + "]"
_CONTROL = "[\\x00-\\x1f]"
_JSON_SPECIAL = '["\\\\\\x00-\\x1f]'
_CSV_SPECIAL = '"|^' + FORMULA_CLASS
#: Adds the slots of each row's sentence to a Text (`standoff.engine.sentences.Templates.append`),
#: so the sentence is written straight into the line, its pieces escaped once.
Sentences = Callable[[Text], None]


def json_escaped(arr: pa.Array) -> pa.Array:
    """String values escaped for the inside of JSON quotes."""
    text = pc.cast(arr, pa.string())
    if not pc.any(pc.match_substring_regex(text, _JSON_SPECIAL)).as_py():  # most text: one scan
        return text
    escaped = pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), '"', '\\"')
    control = pc.fill_null(pc.match_substring_regex(text, _CONTROL), False)
    if pc.any(control).as_py():  # rare: let the json module escape those few values
        fixed = escaped.to_pylist()
        for i in np.flatnonzero(control.to_numpy(zero_copy_only=False)):
            fixed[i] = json.dumps(text[int(i)].as_py(), ensure_ascii=False)[1:-1]
        escaped = pa.array(fixed, pa.string())
    return escaped


def csv_cells(arr: pa.Array) -> pa.Array:
    """`csv_safe_cell` over a column: text a spreadsheet would take for a formula gets a leading '."""
    risky = pc.fill_null(pc.match_substring_regex(arr, "^" + FORMULA_CLASS), False)
    if not pc.any(risky).as_py():
        return arr
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def csv_unescaped(arr: pa.Array) -> pa.Array:
    """`csv_unescape_cell` over a column."""
    return pc.replace_substring_regex(arr, "^'(" + FORMULA_CLASS + ")", "\\1")


def csv_escaped(arr: pa.Array) -> pa.Array:
    """String values for the inside of CSV quotes: formulas defused, quotes doubled."""
    text = pc.cast(arr, pa.string())
    if not pc.any(pc.match_substring_regex(text, _CSV_SPECIAL)).as_py():  # most text: one scan
        return text
    return pc.replace_substring(csv_cells(text), '"', '""')


def _add(t: Text, name: str, col: pa.Array, null: str, escape) -> None:  # type: ignore[no-untyped-def]
    if col.null_count == len(col):  # e.g. no report has a span
        t.lit(null)
        return
    if pa.types.is_dictionary(col.type):
        _add_coded(t, col, null, escape)
        return
    valid = ~col.is_null().to_numpy(zero_copy_only=False) if col.null_count else None
    if pa.types.is_list(col.type):  # a pair of integers, e.g. a span: [12,40]
        pairs = pc.list_flatten(pc.fill_null(col, pa.scalar([0, 0], col.type))).to_numpy(
            zero_copy_only=False).astype(np.float64).reshape(-1, 2)
        quote = '"' if null == "" else ""  # CSV: quoted, it holds a comma
        t.lit(quote + "[", valid).number(pairs[:, 0], INT, when=valid).lit(",", valid)
        t.number(pairs[:, 1], INT, when=valid).lit("]" + quote, valid)
        if valid is not None:
            t.lit(null, ~valid)
    elif pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        t.lit('"', valid).column(escape(col), null=null).lit('"', valid)
    elif pa.types.is_boolean(col.type):  # true / false, in JSON and CSV alike
        flags = pc.fill_null(col, False).to_numpy(zero_copy_only=False)
        ids = np.where(flags, t.literal_id("true"), t.literal_id("false"))
        t.piece(ids if valid is None else np.where(valid, ids, t.literal_id(null)))
    elif pa.types.is_date(col.type):
        days = pc.fill_null(col.cast(pa.int32()), 0).to_numpy(zero_copy_only=False).astype(np.float64)
        if valid is not None:
            days[~valid] = np.nan
        t.lit('"', valid).number(days, DATE, null=null).lit('"', valid)
    else:
        values = pc.fill_null(col.cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False)
        t.number(values, FIXED, DECIMALS.get(name, 6), null=null)


def _add_coded(t: Text, col: pa.DictionaryArray, null: str, escape) -> None:  # type: ignore[no-untyped-def]
    """A dictionary-encoded column: its values escaped once, picked per row."""
    values = col.dictionary
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        _add(t, "", col.dictionary_decode(), null, escape)
        return
    ids = pc.fill_null(col.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    valid = ids >= 0
    if values.null_count:
        valid &= values.is_valid().to_numpy(zero_copy_only=False)[np.maximum(ids, 0)]
    ids = np.where(valid, ids + t.add_pieces(escape(values)), t.literal_id(null))
    some_null = not valid.all()
    t.lit('"', valid if some_null else None).piece(ids).lit('"', valid if some_null else None)


def csv_quotes(arr: pa.Array) -> pa.Array:
    """Quotes doubled (the rest of `csv_escaped`, for text that does not begin a cell)."""
    if not pc.any(pc.match_substring(arr, '"')).as_py():
        return arr
    return pc.replace_substring(arr, '"', '""')


def _json_sentence(t: Text, sentences: Sentences) -> None:
    t.lit('"').escaped(json_escaped)
    sentences(t)
    t.escaped(None).lit('"')


def _csv_sentence(t: Text, sentences: Sentences) -> None:
    """The sentence quoted, its quotes doubled, a ' before one a spreadsheet would run."""
    t.lit('"')
    state = t.state()
    t.escaped(csv_quotes)
    sentences(t)
    t.escaped(None)
    if not t.defuse(state[0], FORMULA_PREFIXES):  # its first piece does not decide: build it whole
        whole = Text(t.n)
        sentences(whole)
        t.undo(state).column(csv_escaped(whole.build()))
    t.lit('"')


#: Runs of columns written once per report and taken per row: the first column's name -> how
#: many columns the run covers and each row's text for them (`json_run` / `csv_run`).
Segments = dict[str, tuple[int, pa.Array]]


def _key(name: str) -> str:
    return json.dumps(name) + ":"


def json_run(table: pa.Table | pa.RecordBatch) -> pa.Array:
    """The text of a run of columns inside a JSON object: each value, keys between them (as
    `json_lines` writes them), for `Segments`."""
    t = Text(len(table))
    for j, name in enumerate(table.schema.names):
        if j:
            t.lit("," + _key(name))
        col = table.column(name)
        _add(t, name, col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col, "null",
             json_escaped)
    return t.build()


def csv_run(table: pa.Table | pa.RecordBatch) -> pa.Array:
    """The text of a run of columns of a CSV line, commas between them (as `csv_lines`)."""
    t = Text(len(table))
    for j, name in enumerate(table.schema.names):
        if j:
            t.lit(",")
        col = table.column(name)
        _add(t, name, col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col, "", csv_escaped)
    return t.build()


def json_lines(batch: pa.RecordBatch | pa.Table, prefix: str = "", suffix: str = "\n",
               sentences: Sentences | None = None, segments: Segments | None = None) -> pa.Array:
    """Each row as one compact JSON object (keys in column order) between `prefix` and `suffix`
    (`sentences`: the sentence column's text, written in place of the batch's; `segments`: runs
    of columns whose text is given, written in place of the batch's columns)."""
    t = Text(len(batch))
    names = batch.schema.names
    j = 0
    while j < len(names):
        name = names[j]
        t.lit(prefix + "{" + _key(name) if j == 0 else "," + _key(name))
        j += 1
        if segments and name in segments:
            width, text = segments[name]
            t.column(text)
            j += width - 1
            continue
        if name == "sentence" and sentences is not None:
            _json_sentence(t, sentences)
            continue
        col = batch.column(name)
        _add(t, name, col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col, "null",
             json_escaped)
    return t.lit("}" + suffix).build()


def csv_lines(batch: pa.RecordBatch, sentences: Sentences | None = None,
              segments: Segments | None = None) -> pa.Array:
    """Each row as one CSV line: text quoted, numbers and dates bare, empty for missing
    (`sentences`, `segments`: as for `json_lines`)."""
    t = Text(len(batch))
    names = batch.schema.names
    j = 0
    while j < len(names):
        name = names[j]
        if j:
            t.lit(",")
        j += 1
        if segments and name in segments:
            width, text = segments[name]
            t.column(text)
            j += width - 1
            continue
        if name == "sentence" and sentences is not None:
            _csv_sentence(t, sentences)
            continue
        _add(t, name, batch.column(name), "", csv_escaped)
    return t.lit("\n").build()


def csv_header(names: list[str]) -> bytes:
    return (",".join(f'"{n}"' for n in names) + "\n").encode()


def as_bytes(lines: pa.Array) -> memoryview:
    """The values of a string array back to back, as one buffer (no copy)."""
    if len(lines) == 0:
        return memoryview(b"")
    width = np.int64 if pa.types.is_large_string(lines.type) else np.int32
    offsets = np.frombuffer(lines.buffers()[1], width)
    start, end = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return memoryview(lines.buffers()[2])[start:end]
