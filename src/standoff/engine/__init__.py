"""Evaluation: observations x clauses -> verdicts."""

from standoff.engine.check import check, select_agreements
from standoff.engine.result import CheckResult

__all__ = ["CheckResult", "check", "select_agreements"]
