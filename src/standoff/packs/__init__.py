"""Packs: loader and the built-in packs shipped as package data."""

from standoff.packs.loader import builtin_packs, find_pack, load_agreement, load_pack

__all__ = ["builtin_packs", "find_pack", "load_agreement", "load_pack"]
