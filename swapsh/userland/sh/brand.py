"""$RANDOM's generator (models bash 5.2's lib/sh/random.c)."""

from __future__ import annotations

__all__ = ["BashRandom", "seed_value"]


class BashRandom:
    """$RANDOM (models bash 5.2's lib/sh/random.c): Park and Miller's minimal
    standard generator, 15 bits of each value, never the same value twice running."""

    def __init__(self, seed: int) -> None:
        self.rseed, self.last = seed & 0xFFFFFFFF, 0

    def sbrand(self, seed: int) -> None:
        """RANDOM=n: the sequence starts again from n."""
        self.rseed, self.last = seed & 0xFFFFFFFF, 0

    def brand(self) -> int:
        last = self.rseed or 123459876  # the generator cannot start from 0
        h, lo = divmod(last, 127773)
        t = 16807 * lo - 2836 * h
        self.rseed = t + 0x7FFFFFFF if t < 0 else t
        return ((self.rseed >> 16) ^ (self.rseed & 0xFFFF)) & 0x7FFF

    def get(self) -> str:
        """get_random_number: a value other than the last one."""
        rv = self.brand()
        while rv == self.last:
            rv = self.brand()
        self.last = rv
        return str(rv)


def seed_value(text: str) -> int:
    """strtoul's value of RANDOM=text (leading digits; none: 0)."""
    digits = ""
    for c in text.strip():
        if not c.isdigit():
            break
        digits += c
    return int(digits or "0")
