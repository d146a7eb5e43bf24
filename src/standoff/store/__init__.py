"""An embedded DuckDB store of observations, verdicts and runs, with history.

    from standoff.store import append, history, info, load
    append("monitor.duckdb", result, command="standoff check ...")
    history("monitor.duckdb", since="2018-07-01", status="violation")

The tables are documented in docs/store.md.
"""

from standoff.store.duck import SCHEMA_VERSION, history, info, load
from standoff.store.queries import added_in_run, observation
from standoff.store.write import append, append_new

__all__ = ["SCHEMA_VERSION", "append", "append_new", "history", "info", "load", "observation", "added_in_run"]
