"""The machine a transcript runs on: its directives, the command line, and defaults.

A transcript may say `#: mem 128M`, `#: seed 7`, `#: swap-ns off` or
`#: max-steps 20000` before its first command; an option given on the command line
wins over the file, and what neither says is swapsh's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from swapsh.machine import MachineOptions
from swapsh.options import parse_mem, parse_seed

__all__ = ["DEFAULT_MAX_STEPS", "Settings", "parse_directive", "resolve", "settings_from"]

# Steps a command may take before the replay stops it: a step is one turn of a task on
# the simulated CPU, until it sleeps or its time slice (one jiffy, 4 ms of simulated
# time) is used up. The seed's runltp takes about 3,200.
DEFAULT_MAX_STEPS = 10_000
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Settings:
    """What a transcript (or the command line) asks for; None: not said."""

    mem_bytes: int | None = None
    seed: int | None = None
    swap_ns: bool | None = None
    max_steps: int | None = None


def _steps(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise ValueError(f"max-steps wants a number of steps, not {text!r}") from None
    if n < 1:
        raise ValueError("max-steps must be at least 1")
    return n


def parse_directive(key: str, value: str) -> object:
    """The value of one `#: key value` directive. Raises: ValueError with the reason."""
    if key == "mem":
        return parse_mem(value)
    if key == "seed":
        return parse_seed(value)
    if key == "swap-ns":
        if value not in ("on", "off"):
            raise ValueError(f"swap-ns is 'on' or 'off', not {value!r}")
        return value == "on"
    if key == "max-steps":
        return _steps(value)
    raise ValueError(f"unknown directive {key!r} (known: mem, seed, swap-ns, max-steps)")


def settings_from(values: dict[str, object]) -> Settings:
    """Settings from parsed directive values (keys as in the file)."""

    def number(key: str) -> int | None:
        v = values.get(key)
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    swap_ns = values.get("swap-ns")
    return Settings(
        mem_bytes=number("mem"),
        seed=number("seed"),
        swap_ns=swap_ns if isinstance(swap_ns, bool) else None,
        max_steps=number("max-steps"),
    )


def _pick(*values: T | None) -> T:
    """The first value that is not None (the last one never is)."""
    for v in values:
        if v is not None:
            return v
    raise AssertionError("no default")


def resolve(file: Settings, cli: Settings) -> tuple[MachineOptions, int]:
    """The machine to boot and the step limit per command: the command line first,
    then the file, then the defaults."""
    default = MachineOptions()
    opts = MachineOptions(
        mem_bytes=_pick(cli.mem_bytes, file.mem_bytes, default.mem_bytes),
        seed=_pick(cli.seed, file.seed, default.seed),
        swap_ns=_pick(cli.swap_ns, file.swap_ns, default.swap_ns),
    )
    return opts, _pick(cli.max_steps, file.max_steps, DEFAULT_MAX_STEPS)
