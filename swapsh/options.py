"""The machine's options as both command lines take them (`swapsh` and `swapsh replay`)
and as transcript directives say them (`#: mem 128M`): their parsers and defaults.

Defaults are MachineOptions' own, so each lives in one place.
"""

from __future__ import annotations

import argparse
import re

from swapsh.machine import MachineOptions

__all__ = [
    "DEFAULT_MEM_BYTES",
    "DEFAULT_SEED",
    "mem_arg",
    "parse_mem",
    "parse_seed",
    "parse_size",
    "seed_arg",
    "size_text",
]

DEFAULT_MEM_BYTES = MachineOptions().mem_bytes
DEFAULT_SEED = MachineOptions().seed
MEM_MIN, MEM_MAX = 16 << 20, 64 << 30
_SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int:
    """A size like 64M, 1G, 512K or a byte count. Raises: ValueError."""
    m = re.fullmatch(r"(\d+)([KMG]?)(?:i?B)?", text.strip(), re.IGNORECASE)
    if not m:
        raise ValueError(f"invalid size: {text!r}")
    return int(m.group(1)) * _SUFFIX[m.group(2).upper()]


def size_text(n: int) -> str:
    """n bytes as the shortest size parse_size reads back (256M for 256 MiB)."""
    for suffix in ("G", "M", "K"):
        if n and n % _SUFFIX[suffix] == 0:
            return f"{n // _SUFFIX[suffix]}{suffix}"
    return str(n)


def parse_mem(text: str) -> int:
    """The machine's RAM. Raises: ValueError with the reason."""
    n = parse_size(text)
    if n < MEM_MIN or n > MEM_MAX:
        raise ValueError(
            f"memory must be between {size_text(MEM_MIN)} and {size_text(MEM_MAX)}, not {text}"
        )
    return n


def parse_seed(text: str) -> int:
    """The seed of the machine's randomness (decimal, 0x..). Raises: ValueError."""
    try:
        n = int(text, 0)
    except ValueError:
        raise ValueError(f"invalid seed: {text!r}") from None
    if not 0 <= n < 2**64:
        raise ValueError("the seed must be between 0 and 2**64-1")
    return n


def mem_arg(text: str) -> int:
    """parse_mem as an argparse type."""
    try:
        return parse_mem(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def seed_arg(text: str) -> int:
    """parse_seed as an argparse type."""
    try:
        return parse_seed(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
