"""Malformed observation tables (CSV, GeoJSON, GeoParquet) get one exact line, exit 2, no output.

The GeoParquet files of the corpus are written by tests/data/malformed/tables/make_parquet.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import MESSAGES, ObservationError

HERE = Path(__file__).parent
TABLES = HERE / "data" / "malformed" / "tables"
TOY = HERE / "data" / "toypack"

_GEOM_KIND = "field 'geometry': a GeometryCollection; expected a Point, Polygon or MultiPolygon"
_BOW_TIE = "field 'geometry': the polygon crosses itself near lon 36.10000, lat 33.10000; fix the ring"
_GEO = "the 'geo' metadata is not valid GeoParquet: "
_UTF8 = "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"

#: file -> (what follows `error: FILE`, catalogue code)
TABLE_ERRORS: dict[str, tuple[str, str | None]] = {
    "binary.csv": (":1:6: a NUL byte: this is a binary file, not CSV", "binary"),
    "nul-in-text.csv": (":3:39: a NUL byte: this is a binary file, not CSV", "binary"),
    "latin1-header.csv": (f":1:29: {_UTF8}", "not-utf8"),
    "latin1-row.csv": (f":3:41: {_UTF8}", "not-utf8"),
    "huge-field.csv": (":2: a field over the 1,024 KB limit (raise it with --max-field-kb)",
                       "csv-field-too-large"),
    "extra-fields.csv": (":3: 12 fields, but the header has 11", "csv-extra-fields"),
    "unclosed-quote.csv": (':3: a quote (") opened here is never closed, so it runs to the end of the file',
                           "csv-unclosed-quote"),
    "quote-then-text.csv": (":2: not valid CSV: ',' expected after '\"'", None),
    "duplicate-column.csv": (":1: column 'id' is given twice", None),
    "year-zero.csv": (":3: field 'time': '0000-05-01' is not a date between years 1 and 9999",
                      "year-out-of-range"),
    "time-end-before-time.csv": (":3: field 'time_end': '2018-05-01' is before time '2018-05-03'",
                                 "time-end-before-time"),
    "bow-tie.csv": (f":2: {_BOW_TIE}", "self-intersecting"),
    "collection.csv": (f":2: {_GEOM_KIND}", "geometry-kind"),
    "deep.geojson": (":1:172: JSON nested more than 64 levels deep", "json-too-deep"),
    "not-utf8.geojson": (f":1:89: {_UTF8}", "not-utf8"),
    "properties-list.geojson": (": row 1: field 'properties': expected a JSON object, got a list",
                                "not-an-object"),
    "feature-not-object.geojson": (": row 1: expected a JSON object, got a number", "not-an-object"),
    "collection.geojson": (f": row 1: {_GEOM_KIND}", "geometry-kind"),
    "bow-tie.geojson": (f": row 1: {_BOW_TIE}", "self-intersecting"),
    "bad-crs.parquet": (": column 'geometry': CRS not understood: Invalid projection: EPSG:999999: "
                        "(Internal Proj Error: proj_create: crs not found: EPSG:999999)", "bad-crs"),
    "bad-wkb.parquet": (": row 2: field 'geometry': not valid WKB: ParseException: Input buffer is smaller "
                        "than requested object size", "bad-wkb"),
    "collection.parquet": (f": row 2: {_GEOM_KIND}", "geometry-kind"),
    "geo-columns-a-list.parquet": (f": {_GEO}columns must map each geometry column to an object",
                                   "geo-metadata"),
    "geo-not-an-object.parquet": (f": {_GEO}expected an object, got a list", "geo-metadata"),
    "geo-not-json.parquet": (f": {_GEO}not JSON", "geo-metadata"),
    "list-geometry.parquet": (": column 'geometry' holds list<element: double>, expected WKB geometries "
                              "(binary)", "geo-column-type"),
    "not-utf8-string.parquet": (": not a readable Parquet file: Column 2: In chunk 0: Invalid: Invalid UTF8 "
                                "sequence at string index 1", None),
    "missing-geometry-column.parquet": (": the 'geo' metadata names geometry column 'geom', which the "
                                        "table lacks", "geo-column-missing"),
}


def test_every_table_in_the_corpus_is_listed():
    found = sorted(p.name for p in TABLES.iterdir() if p.suffix != ".py")
    assert found == sorted(TABLE_ERRORS)


@pytest.mark.parametrize("name", sorted(TABLE_ERRORS))
def test_malformed_table_cli(tmp_path, name):
    path = TABLES / name
    kept = tmp_path / "kept.json"
    kept.write_text("old verdicts", encoding="utf-8")
    fresh = tmp_path / "fresh.json"
    for out in (fresh, kept):
        result = CliRunner().invoke(app, ["check", str(path), "--pack", str(TOY), "-o", str(out)])
        assert "internal error" not in result.stderr, result.stderr
        assert result.exit_code == 2, result.stderr
        assert result.stdout == ""
        assert result.stderr.splitlines() == [f"error: {path}{TABLE_ERRORS[name][0]}"]
    assert not fresh.exists()
    assert kept.read_text(encoding="utf-8") == "old verdicts"


@pytest.mark.parametrize("name", sorted(TABLE_ERRORS))
def test_malformed_table_api(name):
    path = TABLES / name
    with pytest.raises(ObservationError) as info:
        standoff.read_observations(path)
    assert str(info.value) == f"{path}{TABLE_ERRORS[name][0]}"
    assert info.value.code == TABLE_ERRORS[name][1]


def test_a_larger_field_limit_reads_the_huge_field():
    result = CliRunner().invoke(app, ["--max-field-kb", "2048", "check", str(TABLES / "huge-field.csv"),
                                      "--pack", str(TOY), "-q"])
    assert result.exit_code == 0, result.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("id,time,actor,lon,lat\n" + "o1,2018-05-01,IRN,36.1,33.0\n" * 50_000, encoding="utf-8")
    result = CliRunner().invoke(app, ["--max-input-mb", "1", "check", str(path), "--pack", str(TOY)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {path}: the file is 1.3 MB, over the 1 MB limit (raise it with --max-input-mb)"]


def test_every_catalogue_code_has_a_corpus_case():
    """Each wording in errors.MESSAGES is asserted exactly by some corpus file (or a test above)."""
    from tests.test_malformed import AGREEMENTS

    covered = {c[3] for c in AGREEMENTS.values()} | {c[1] for c in TABLE_ERRORS.values()}
    covered |= {"too-large", "too-many"}  # test_a_file_over_the_size_limit..., test_malformed.py
    assert set(MESSAGES) - covered == set()


def test_a_value_quoted_in_an_error_keeps_it_on_one_line(tmp_path):
    """Found by the fuzzer: a cell holding a newline is quoted with the newline escaped."""
    path = tmp_path / "newline.csv"
    text = 'id,time,actor,lon,lat,confidence\no1,2018-05-01,IRN,36.1,33.0,"a\nb"\n'
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--pack", str(TOY)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {path}:2: field 'confidence': 'a\\nb' is not a number"]
