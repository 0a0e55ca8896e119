"""The machine's option values as the command lines take them (--mem, --seed), shared
by `swapsh` (cli.py) and `swapsh replay` (transcript/): cli.py starts the replay, so
the replay takes them from here rather than from cli.py."""

from __future__ import annotations

import argparse
import re

__all__ = ["parse_mem", "parse_seed", "parse_size"]

_SUFFIX = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int:
    """A size like 64M, 1G, 512K or a byte count. Raises: ValueError."""
    m = re.fullmatch(r"(\d+)([KMG]?)(?:i?B)?", text.strip(), re.IGNORECASE)
    if not m:
        raise ValueError(f"invalid size: {text!r}")
    return int(m.group(1)) * _SUFFIX[m.group(2).upper()]


def parse_mem(text: str) -> int:
    """--mem: a size between 16M and 64G. Raises: argparse.ArgumentTypeError."""
    try:
        n = parse_size(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    if n < 16 << 20 or n > 64 << 30:
        raise argparse.ArgumentTypeError(f"memory must be between 16M and 64G, not {text}")
    return n


def parse_seed(text: str) -> int:
    """--seed: an integer (any base int() reads) in [0, 2**64). Raises:
    argparse.ArgumentTypeError."""
    try:
        n = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid seed: {text!r}") from None
    if not 0 <= n < 2**64:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**64-1")
    return n
