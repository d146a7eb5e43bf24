"""`standoff watch` against a real feed server: RSS, Atom, drops, garbage, a hanging feed, kill -9."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import standoff
from standoff.cli import app
from standoff.watch import WATCH_LIMITS, parse_every, watch
from tests._feeds import FeedServer

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "tests" / "data" / "events"
LOCAL = dataclasses.replace(WATCH_LIMITS, allow_private=True, timeout_s=1.0, deadline_s=1.5)


@pytest.fixture(scope="module")
def golan() -> standoff.Pack:
    return standoff.load_pack("golan")


def counts(store: Path) -> dict[str, int]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        names = ("runs", "observations", "verdicts", "seen")
        row = con.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in names)).fetchone()
        doubled = con.execute("SELECT count(*) FROM (SELECT observation_id FROM observations "
                              "GROUP BY observation_id HAVING count(*) > 1)").fetchone()[0]
        return {**dict(zip(names, row, strict=True)), "revised": doubled}
    finally:
        con.close()


def drops(tmp_path: Path, golan: standoff.Pack) -> Path:
    folder = tmp_path / "drops"
    folder.mkdir()
    shutil.copy(golan.examples[0], folder / "reports.csv")
    shutil.copy(EVENTS / "acled_golan.csv", folder / "acled.csv")
    (folder / ".partial.csv").write_text("half a file", encoding="utf-8")  # hidden: left alone
    return folder


def test_feeds_and_drops_each_stored_once(golan, tmp_path):
    feeds = {"/news.rss": ("rss", [(f"g{i}", f"/a/{i}.html") for i in range(4)]),
             # the Atom feed repeats article 1 under its own GUID (same link) and has two of its own
             "/news.atom": ("atom", [("urn:x1", "/a/1.html"), ("urn:x5", "/a/5.html"),
                                     ("urn:x6", "/a/6.html")])}
    store, lines = tmp_path / "m.duckdb", []
    folder = drops(tmp_path, golan)
    with FeedServer(feeds) as server:
        sources = [server.url("/news.rss"), server.url("/news.atom"), str(folder),
                   str(EVENTS / "gdelt_golan.export.CSV")]
        totals = watch(sources, golan, store, once=True, limits=LOCAL, log=lines.append)
        assert totals["errors"] == 0 and totals["passes"] == 1, lines
        assert totals["items"] == 6 + 3  # six articles, three table files
        first = counts(store)
        assert server.hits["/a/1.html"] == 1  # the Atom item with a known link was not fetched again
        csv_obs = len(standoff.read_observations(golan.examples[0], golan))
        assert first["observations"] >= 6 + csv_obs + 14 and first["revised"] == 0
        # a second pass finds nothing new: no run, no fetch of a known article
        again = watch(sources, golan, store, once=True, limits=LOCAL, log=lines.append)
        assert again["items"] == again["runs"] == 0 and counts(store) == first
        assert server.hits["/a/0.html"] == 1
        # a new item, the same text under a new link, and a new drop: only they are read
        feeds["/news.rss"][1].append(("g7", "/a/7.html"))
        server.feeds["/copy.rss"] = ("rss", [("c0", "/a/0.html?utm=feed")])
        shutil.copy(EVENTS / "gdelt_golan.export.CSV", folder / "gdelt.csv")
        third = watch([*sources, server.url("/copy.rss")], golan, store, once=True, limits=LOCAL,
                      log=lines.append)
        assert third["items"] == 1 + 1 and third["errors"] == 0
    now = counts(store)
    assert now["observations"] == first["observations"] + 1 and now["revised"] == 0
    assert any("news.rss: 5 items, 1 new" in line for line in lines)


def test_a_garbage_and_a_hanging_feed_do_not_stop_the_others(golan, tmp_path):
    feeds = {"/news.rss": ("rss", [(f"g{i}", f"/a/{i}.html") for i in range(3)])}
    store, lines = tmp_path / "m.duckdb", []
    with FeedServer(feeds) as server:
        sources = [server.url("/hang.xml"), server.url("/garbage.xml"), server.url("/missing.rss"),
                   server.url("/news.rss")]
        t0 = time.monotonic()
        totals = watch(sources, golan, store, once=True, limits=LOCAL, log=lines.append)
        assert time.monotonic() - t0 < 15
    assert totals["errors"] == 3 and totals["items"] == 3
    text = "\n".join(lines)
    assert "hang.xml: cannot fetch: no complete answer within 1.5 s" in text
    assert "garbage.xml: not a feed" in text and "missing.rss: HTTP 404" in text
    assert counts(store)["observations"] == 3


def test_a_failing_feed_is_retried_with_backoff(golan, tmp_path):
    feeds = {"/news.rss": ("rss", [("g0", "/a/0.html")])}
    store, lines, stop = tmp_path / "m.duckdb", [], threading.Event()
    with FeedServer(feeds) as server:
        sources = [server.url("/garbage.xml"), server.url("/news.rss")]
        runner = threading.Thread(target=lambda: lines.append(watch(
            sources, golan, store, every_s=0.2, limits=LOCAL, log=lines.append, stop=stop)))
        runner.start()
        deadline = time.monotonic() + 120  # passes, not seconds: a loaded machine runs fewer a second
        while server.hits.get("/news.rss", 0) < 12 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        runner.join(30)
        totals = lines[-1]
        assert totals["passes"] >= 12
        assert server.hits["/news.rss"] == totals["passes"]  # the healthy feed, every pass
        # the garbage one: after failures 1, 2, 3 it waits 0.1-0.2, 0.2-0.4, 0.4-0.8 s ...
        assert 2 <= server.hits["/garbage.xml"] < totals["passes"] - 2
        delays = [float(m) for m in re.findall(r"garbage\.xml.*?tried again in ([0-9.]+) s",
                                               "\n".join(str(x) for x in lines))]
        assert len(delays) >= 2 and delays == sorted(delays) and delays[-1] > delays[0]
    assert counts(store)["observations"] == 1


def test_every_and_bad_sources_from_the_command_line(tmp_path):
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("2h") == 7200
    runner, store = CliRunner(), tmp_path / "m.duckdb"
    res = runner.invoke(app, ["watch", str(tmp_path), "--pack", "golan", "--store", str(store),
                              "--every", "soon"])
    assert res.exit_code == 2 and "--every: 'soon' is not a duration such as 30s, 15m or 2h" in res.stderr
    res = runner.invoke(app, ["watch", str(tmp_path / "nowhere"), "--pack", "golan", "--store",
                              str(tmp_path / "m.duckdb"), "--once"])
    assert res.exit_code == 2 and "nowhere: no such file or folder" in res.stderr
    res = runner.invoke(app, ["watch", str(tmp_path), "--pack", "golan", "--store", str(store),
                              "--once", "--webhook", "ftp://x/y"])
    assert res.exit_code == 2 and "--webhook: 'ftp://x/y' is not an http or https URL" in res.stderr
    assert not (tmp_path / "m.duckdb").exists()


CHILD = "import sys; from standoff.cli import main; sys.argv[0] = 'standoff'; main()"


def run_watch(args: list[str], **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", CHILD, "watch", *args], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True, **kwargs)


def test_kill_9_in_mid_pass_then_restart_loses_and_doubles_nothing(golan, tmp_path):
    n = 25
    feeds = {"/news.rss": ("rss", [(f"g{i}", f"/a/{i}.html") for i in range(n)])}
    with FeedServer(feeds, slow_from=12, slow_s=0.4) as server:
        url = server.url("/news.rss")
        common = ["--pack", "golan", "--allow-private", "--deadline", "5"]
        killed = tmp_path / "killed.duckdb"
        proc = run_watch([url, "--store", str(killed), "--every", "1h", *common])
        seen_lines = []
        assert proc.stderr is not None
        for line in proc.stderr:  # wait for the first run of ten items to be stored
            seen_lines.append(line)
            if ": run 1:" in line:
                break
        time.sleep(0.6)  # now inside the second batch, fetching slow articles
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL, "".join(seen_lines)
        before = counts(killed)
        assert before["runs"] == 1 and before["seen"] == 10 * 3  # guid, url and text of ten items
        again = run_watch([url, "--store", str(killed), "--once", *common])
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        clean = tmp_path / "clean.duckdb"
        fresh = run_watch([url, "--store", str(clean), "--once", *common])
        _, err = fresh.communicate(timeout=120)
        assert fresh.returncode == 0, err
    after, reference = counts(killed), counts(clean)
    assert after["observations"] == reference["observations"] >= n - 5  # a few sightings place nobody
    assert after["verdicts"] == reference["verdicts"] and after["seen"] == reference["seen"] == 3 * n
    assert after["revised"] == 0 and after["runs"] == 1 + 2  # the 15 items left, 10 per run


def test_watch_sends_signed_alerts_for_what_it_stores(golan, tmp_path, monkeypatch):
    from tests._hooks import Receiver

    monkeypatch.setenv("STANDOFF_WEBHOOK_SECRET", "watch-secret")
    feeds = {"/news.rss": ("rss", [(f"g{i}", f"/a/{i}.html") for i in range(4)])}
    store, lines = tmp_path / "m.duckdb", []
    with FeedServer(feeds) as server, Receiver("watch-secret") as hook:
        totals = watch([server.url("/news.rss")], golan, store, once=True, limits=LOCAL, log=lines.append,
                       webhooks=[hook.url])
        assert totals["alerts_queued"] > 0
        got = hook.delivered()
        assert len(got) == totals["alerts_queued"] and all(r["valid"] for r in got)
        assert watch([server.url("/news.rss")], golan, store, once=True, limits=LOCAL, log=lines.append,
                     webhooks=[hook.url])["alerts_queued"] == 0
        assert len(hook.received) == len(got)
    assert f"alerts: {len(got)} of {len(got)} delivered, 0 failing" in "\n".join(lines)
