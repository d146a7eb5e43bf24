"""Packs: loader, validator, scaffold and the built-in packs shipped as package data."""

from standoff.packs.loader import builtin_packs, find_pack, load_agreement, load_pack, with_agreements
from standoff.packs.scaffold import init_pack
from standoff.packs.validate import Problem, validate_pack

__all__ = ["Problem", "builtin_packs", "find_pack", "init_pack", "load_agreement", "load_pack",
           "validate_pack", "with_agreements"]
