"""The values of array variables (models bash 5.2's array.c, assoc.c and
hashlib.c): an indexed array is sparse and ordered by index; an associative one
keeps the order bash's hash table walks its buckets in, which is the order
`${!m[@]}` and `declare -p` show (FNV-1 over 1024 buckets, the newest key first in
its bucket, four times as many buckets once it holds twice as many keys)."""

from __future__ import annotations

__all__ = ["ASSOC_HASH_BUCKETS", "AssocArray", "IndexedArray", "hash_string"]

ASSOC_HASH_BUCKETS = 1024  # assoc.h: an associative array's first table size
_FNV_OFFSET, _FNV_MASK = 2166136261, 0xFFFFFFFF


class IndexedArray:
    """bash's ARRAY: a sparse map from non-negative index to value."""

    def __init__(self, items: dict[int, str] | None = None) -> None:
        self.items: dict[int, str] = dict(items or {})

    def subscripts(self) -> list[int]:
        return sorted(self.items)

    def values(self) -> list[str]:
        return [self.items[i] for i in self.subscripts()]

    def max_index(self) -> int:
        return max(self.items, default=-1)

    def copy(self) -> IndexedArray:
        return IndexedArray(self.items)


def hash_string(key: str) -> int:
    """hashlib.c's FNV-1 of the key's bytes (char is signed, as on x86)."""
    h = _FNV_OFFSET
    for b in key.encode("utf-8", "surrogateescape"):
        h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) & _FNV_MASK
        h ^= b if b < 0x80 else (b - 0x100) & _FNV_MASK
    return h


class AssocArray:
    """bash's associative array: a hash table whose buckets hold the newest key
    first, quadrupling when it holds twice as many keys as buckets."""

    def __init__(self) -> None:
        self.buckets: list[list[str]] = [[] for _ in range(ASSOC_HASH_BUCKETS)]
        self.items: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.items)

    def get(self, key: str) -> str | None:
        return self.items.get(key)

    def set(self, key: str, value: str) -> None:
        if key not in self.items:
            if len(self.items) >= len(self.buckets) * 2:
                self._grow()
            self.buckets[hash_string(key) & (len(self.buckets) - 1)].insert(0, key)
        self.items[key] = value

    def remove(self, key: str) -> None:
        if self.items.pop(key, None) is not None:
            self.buckets[hash_string(key) & (len(self.buckets) - 1)].remove(key)

    def _grow(self) -> None:
        old, n = self.buckets, len(self.buckets) * 4
        self.buckets = [[] for _ in range(n)]
        for chain in old:  # hash_rehash: each moved key goes to the front
            for key in chain:
                self.buckets[hash_string(key) & (n - 1)].insert(0, key)

    def subscripts(self) -> list[str]:
        return [k for chain in self.buckets for k in chain]

    def values(self) -> list[str]:
        return [self.items[k] for k in self.subscripts()]

    def copy(self) -> AssocArray:
        new = AssocArray()
        new.buckets = [list(c) for c in self.buckets]
        new.items = dict(self.items)
        return new
