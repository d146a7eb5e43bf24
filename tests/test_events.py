"""Event data as analysts get it: ACLED exports and GDELT 2.0 event files through `standoff check`.

The fixtures in tests/data/events are made-up events in the real column layouts. Margins are
checked against the pyproj.Geod oracle (tests/oracle.py), never against the engine itself.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.errors import InputWarning, ObservationError
from standoff.ingest.actornames import ActorNames
from standoff.ingest.events import event_format
from standoff.packs import load_pack
from tests.oracle import distance_to_polyline

DATA = Path(__file__).parent / "data" / "events"
ACLED = DATA / "acled_golan.csv"
GDELT = DATA / "gdelt_golan.export.CSV"


@pytest.fixture(scope="module")
def golan():
    return load_pack("golan")


def line_a(pack) -> list[tuple[float, float]]:
    version = pack.features["LINE_A"].versions[0]  # before December 2024, as the events are
    return [(float(x), float(y)) for x, y in version.coords]


@pytest.mark.parametrize(("pack", "name", "code"), [
    ("golan", "Military Forces of Syria (2000-2024)", "SYR.SAA"),  # this period has its own alias
    ("golan", "Military Forces of Syria (2024-)", "SYR"),  # any other period: the force's alias
    ("golan", "Military Forces of Israel (2022-)", "ISR.IDF"),
    ("golan", "military forces of israel (2009-2021)", "ISR.IDF"),
    ("golan", "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", "IRN.IRGC"),
    ("golan", "Military Forces of Russia (2000-) Military Police", "RUS.MP"),
    ("golan", "UNDOF: United Nations Disengagement Observer Force", "UN.UNDOF"),
    ("golan", "HTS: Hayat Tahrir al Sham", "REBEL.HTS"),  # no apostrophe, no hyphen
    ("golan", "Islamic State (Syria)", "ISIS"),
    ("golan", "  HEZBOLLAH ", "IRN.PROXY.HEZBOLLAH"),
    ("golan", "ISRMILSPY", "ISR.IDF"),  # CAMEO: a state role dropped, then the alias
    ("golan", "IRNMIL", "IRN"),
    ("golan", "SYRREB", "REBEL"),
    ("golan", "SYRCVL", None),  # civilians in Syria are not the Syrian state
    ("golan", "Civilians (Syria)", None),
    ("lebanon", "UNIFIL: United Nations Interim Force in Lebanon", "UN.UNIFIL"),
    ("lebanon", "Military Forces of Lebanon (2021-)", "LBN.LAF"),
    ("lebanon", "LBN", "LBN"),
    ("donbas", "Military Forces of Ukraine (2019-)", "UKR.AF"),
    ("donbas", "Military Forces of Russia (2000-)", "RUS.AF"),
    ("donbas", "DPR: Donetsk People's Republic", "RUS.SEP.DPR"),
])
def test_actor_names_match_the_pack_aliases(pack, name, code):
    assert ActorNames(load_pack(pack)).code(name) == code


def test_formats_are_known_by_their_columns(tmp_path):
    assert event_format(ACLED) == "acled"
    assert event_format(GDELT) == "gdelt"
    upper = tmp_path / "export.csv"  # older exports spell the header in capitals
    upper.write_text(ACLED.read_text().split("\n", 1)[0].upper() + "\n")
    assert event_format(upper) == "acled"
    tsv = tmp_path / "events.tsv"
    tsv.write_text(GDELT.read_text())
    assert event_format(tsv) == "gdelt"
    plain = tmp_path / "obs.csv"
    plain.write_text("id,time,actor,lon,lat\n")
    assert event_format(plain) is None
    for width in (57, 58):  # GDELT 1.0: refused with a message, not read as our CSV
        short = tmp_path / "short.tsv"
        short.write_text("\t".join(GDELT.read_text().split("\n")[0].split("\t")[:width]) + "\n")
        expected = rf"^{short}:1: a GDELT 1.0 event file \({width} fields\): standoff reads GDELT 2.0 event"
        with pytest.raises(ObservationError, match=expected):
            standoff.read_observations(short)


def test_acled_rows_become_one_observation_per_actor(golan):
    with pytest.warns(InputWarning) as caught:
        obs = standoff.read_observations(ACLED, golan)
    ids = list(obs.id)
    by_id = dict(zip(ids, range(len(ids)), strict=True))
    assert ids[:3] == ["SYR90001", "SYR90001/actor2", "SYR90002"]
    assert obs.actor[by_id["SYR90001"]] == "ISR.IDF"
    assert obs.actor[by_id["SYR90001/actor2"]] == "IRN.IRGC"
    assert obs.actor[by_id["SYR90002/assoc_actor_1"]] == "SYR.SAA"
    # two associated actors in one cell, both mapped, each its own observation
    assert [obs.actor[by_id[i]] for i in ("SYR90006", "SYR90006/assoc_actor_1", "SYR90006/assoc_actor_1.2")] \
        == ["IRN", "IRN.PROXY.FATEMIYOUN", "IRN.PROXY.ZAINABIYOUN"]
    assert obs.radius_m[by_id["SYR90001"]] == 2000.0  # geo_precision 1, 2, 3
    assert obs.radius_m[by_id["SYR90002"]] == 20000.0
    assert obs.radius_m[by_id["SYR90003"]] == 75000.0
    i = by_id["SYR90005"]  # time_precision 2: a week either side; 3: the month
    assert (str(obs.time[i]), str(obs.time_end[i])) == ("2018-07-14", "2018-07-26")
    i = by_id["SYR90003"]
    assert (str(obs.time[i]), str(obs.time_end[i])) == ("2019-03-01", "2019-03-31")
    assert np.isnat(obs.time_end[by_id["SYR90001"]])
    assert obs.activity[by_id["SYR90001"]] == "strike"
    assert obs.activity[by_id["SYR90005"]] == "firing"
    assert obs.activity[by_id["SYR90003"]] == "headquarters_or_base_established"
    assert obs.quote[by_id["SYR90001"]].startswith("Illustrative event")
    assert obs.source[by_id["SYR90001"]] == "Illustrative source"
    assert (obs.lon[by_id["SYR90001"]], obs.lat[by_id["SYR90001"]]) == (36.24, 33.36)
    assert len(caught) == 1  # one warning names every unmatched name with its count
    assert str(caught[0].message) == (
        f"{ACLED}: 3 observations with actor names that no alias of the pack golan matches: "
        "Civilians (Syria) (1), Jaysh al-Illustrative (1), Unidentified Armed Group (Syria) (1); "
        "no clause binds them (add them to the aliases in the pack's actors.yaml)")


def _verdicts(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return {(r["observation_id"], r["clause_id"]): r for r in csv.DictReader(f)}


def test_acled_export_through_check(golan, tmp_path):
    out = tmp_path / "verdicts.csv"
    result = CliRunner().invoke(app, ["check", str(ACLED), "--pack", "golan", "-a", "israel-demand-60km",
                                      "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = _verdicts(out)
    line = line_a(golan)
    for obs_id, lon, lat, status in [("SYR90001/actor2", 36.24, 33.36, "violation"),  # IRGC at al-Kiswah
                                     ("SYR90003", 36.569, 32.709, "possible"),  # Suwayda, region only
                                     ("SYR90006", 36.69, 33.64, "compliant")]:  # Dumayr, 80 km out
        row = rows[(obs_id, "iran-60km")]
        assert row["status"] == status
        assert float(row["margin_m"]) == pytest.approx(60_000 - distance_to_polyline(lon, lat, line), abs=1.0)
    assert ("SYR90001", "iran-60km") not in rows  # Israel is not bound by the clause
    assert rows[("SYR90002", "iran-60km")]["actor"] == "IRN.PROXY.HEZBOLLAH"


def test_gdelt_file_through_check(golan, tmp_path):
    out = tmp_path / "verdicts.csv"
    result = CliRunner().invoke(app, ["check", str(GDELT), "--pack", "golan", "-a", "israel-demand-60km",
                                      "-a", "disengagement-1974", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = _verdicts(out)
    line = line_a(golan)
    iran = rows[("900000001/Actor2Code", "iran-60km")]
    assert (iran["actor"], iran["status"], iran["radius_m"]) == ("IRN", "violation", "10000")
    expected_m = 60_000 - distance_to_polyline(36.24, 33.36, line)
    assert float(iran["margin_m"]) == pytest.approx(expected_m, abs=1.0)
    assert iran["source"] == "https://example.org/illustrative/900000001"
    assert iran["time"] == "2018-05-10"
    country = rows[("900000007", "iran-60km")]  # only the country known: 500 km, possible
    assert (country["status"], country["radius_m"]) == ("possible", "500000")
    israel = rows[("900000001", "israel-west-of-line-a")]
    assert (israel["actor"], israel["status"]) == ("ISR.IDF", "violation")
    assert not any(k[0].startswith(("900000003", "900000004")) for k in rows)  # no actor / no place


def test_gdelt_warning_counts_left_out_events_and_unmatched_codes(golan):
    with pytest.warns(InputWarning) as caught:
        obs = standoff.read_observations(GDELT, golan)
    assert len(obs) == 7
    assert len(caught) == 1
    assert str(caught[0].message) == (
        f"{GDELT}: 2 events left out: 1 without a place (ActionGeo_Type 0 or no ActionGeo_Lat/Long), "
        "1 without an actor code; 1 observations with actor names that no alias of the pack golan "
        "matches: LBNREB (1); no clause binds them (add them to the aliases in the pack's actors.yaml)")


@pytest.mark.parametrize("path", [ACLED, GDELT], ids=["acled", "gdelt"])
def test_strict_makes_unmatched_names_exit_2(path):
    result = CliRunner().invoke(app, ["--strict", "check", str(path), "--pack", "golan", "-q"])
    assert result.exit_code == 2
    assert "no alias of the pack golan matches" in result.output
    assert "(an error with --strict)" in result.output


def _acled_with(tmp_path: Path, column: str, value: str) -> Path:
    with ACLED.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[2][column] = value
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


@pytest.mark.parametrize(("column", "value", "message"), [
    ("latitude", "north", "field 'latitude': 'north' is not a number"),
    ("longitude", "236.5", r"field 'longitude': 236.5 is outside \[-180, 180\]"),
    ("geo_precision", "4", "field 'geo_precision': '4' is not 1, 2 or 3"),
    ("time_precision", "day", "field 'time_precision': 'day' is not 1, 2 or 3"),
    ("event_date", "sometime in 2019", "field 'event_date': 'sometime in 2019' is not a date"),
    ("actor1", "", "field 'actor1': every event needs an actor"),
    ("event_id_cnty", "", "field 'event_id_cnty': every event needs an id"),
])
def test_a_bad_acled_row_names_file_line_and_field(tmp_path, column, value, message):
    path = _acled_with(tmp_path, column, value)
    _refused(path, rf"^{path}:4: {message}")
    result = CliRunner().invoke(app, ["check", str(path), "--pack", "golan", "-q"])
    assert result.exit_code == 2
    assert f"{path}:4: " in result.output and "Traceback" not in result.output


def _refused(path: Path, pattern: str) -> None:
    """Reading `path` (warnings aside) fails with an error matching `pattern`."""
    with pytest.raises(ObservationError, match=pattern):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            standoff.read_observations(path, load_pack("golan"))


def _gdelt_with(tmp_path: Path, field: int, value: str | None) -> Path:
    lines = GDELT.read_text().splitlines()
    fields = lines[1].split("\t")
    if value is None:
        del fields[field]
    else:
        fields[field] = value
    lines[1] = "\t".join(fields)
    path = tmp_path / "events.CSV"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(("field", "value", "message"), [
    (1, "2018-06-02", "field 'SQLDATE': '2018-06-02' is not a date written YYYYMMDD"),
    (56, "far", "field 'ActionGeo_Lat': 'far' is not a number"),
    (51, "7", "field 'ActionGeo_Type': '7' is not one of 0 to 5"),
    (60, None, "60 tab-separated fields, but a GDELT 2.0 event has 61"),
])
def test_a_bad_gdelt_line_names_file_line_and_field(tmp_path, field, value, message):
    path = _gdelt_with(tmp_path, field, value)
    _refused(path, rf"^{path}:2: {message}")


def test_activity_falls_back_to_the_event_type(tmp_path):
    path = _acled_with(tmp_path, "sub_event_type", "")
    obs = standoff.read_observations(path)
    assert obs.activity[list(obs.id).index("SYR90003")] == "strategic_developments"


def test_iso_dates_and_no_pack(tmp_path):
    path = _acled_with(tmp_path, "event_date", "2018-06-02")
    obs = standoff.read_observations(path)  # without a pack: names kept as they are, no warning
    assert str(obs.time[list(obs.id).index("SYR90002")]) == "2018-06-02"
    assert obs.actor[0] == "Military Forces of Israel (2009-2021)"


def test_gdelt_with_crlf_and_blank_lines_keeps_line_numbers(tmp_path, golan):
    lines = GDELT.read_text().splitlines()
    path = tmp_path / "events.CSV"
    path.write_bytes(("\r\n".join([lines[0], "", *lines[1:]]) + "\r\n").encode())
    with pytest.warns(InputWarning):
        obs = standoff.read_observations(path, golan)
    assert obs.source[0] == "https://example.org/illustrative/900000001"  # no CR left
    fields = lines[1].split("\t")
    fields[56] = "north"
    path.write_bytes(("\r\n".join([lines[0], "", "\t".join(fields), *lines[2:]]) + "\r\n").encode())
    with pytest.raises(ObservationError, match=rf"^{path}:3: field 'ActionGeo_Lat': 'north' is not a number"):
        standoff.read_observations(path, golan)


def test_a_repeated_acled_event_id_names_both_lines(tmp_path):
    path = _acled_with(tmp_path, "event_id_cnty", "SYR90001")
    with pytest.raises(ObservationError,
                       match=rf"^{path}:4: field 'event_id_cnty': 'SYR90001' repeats the id of line 2"):
        standoff.read_observations(path)


def test_event_files_are_not_read_in_batches(tmp_path):
    result = CliRunner().invoke(app, ["check", str(ACLED), "--pack", "golan", "--batch-rows", "3",
                                      "-o", str(tmp_path / "v.csv"), "-q"])
    assert result.exit_code == 2
    assert "an ACLED file is read whole, not in batches: leave out --batch-rows" in result.output
