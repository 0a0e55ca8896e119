"""glibc's rand()/srand() (stdlib/random_r.c, the default TYPE_3 state: an additive
feedback generator over 31 seeded words, the first 310 outputs discarded). The same
seed gives the numbers a real glibc program gets."""

from __future__ import annotations

__all__ = ["RAND_MAX", "Rand"]

RAND_MAX = 2147483647
_DEG, _SEP, _DISCARD = 31, 3, 310


class Rand:
    """One process's rand() state: 31 words and the front and rear pointers."""

    def __init__(self, seed: int = 1) -> None:
        self.state: list[int] = []
        self.f = self.r = 0
        self.srand(seed)

    def srand(self, seed: int) -> None:
        seed &= 0xFFFFFFFF
        if seed == 0:
            seed = 1  # a zero seed would make the generator all zeros
        state = [seed]
        word = seed
        for _ in range(1, _DEG):
            # 16807 * word % (2**31 - 1) by Schrage's method (C division truncates)
            hi, lo = word // 127773, word % 127773
            word = 16807 * lo - 2836 * hi
            if word < 0:
                word += 2147483647
            state.append(word & 0xFFFFFFFF)
        self.state, self.f, self.r = state, _SEP, 0
        for _ in range(_DISCARD):
            self.rand()

    def rand(self) -> int:
        """random_r(): state[f] += state[r]; both pointers step round the ring."""
        st = self.state
        val = st[self.f] = (st[self.f] + st[self.r]) & 0xFFFFFFFF
        self.f = (self.f + 1) % _DEG
        self.r = (self.r + 1) % _DEG
        return val >> 1
