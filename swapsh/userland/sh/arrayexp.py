"""What arrays expand to (models the array parts of bash 5.2's subst.c and
arrayfunc.c): ${a[i]}, ${a[@]} and ${a[*]}, ${#a[@]}, ${!a[@]}, slices, the ${x@OP}
transformations per element, and the variables arithmetic reads and assigns.

ArrayRefs works for an expander (expand.py's Expander, seen through ExpanderOps):
its variables, positional parameters, arithmetic and word expansion.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.ast import ParamExp, Var, Word
from swapsh.userland.sh.experr import ExpandError, not_supported
from swapsh.userland.sh.parser import ShSyntaxError, parse_nested_word
from swapsh.userland.sh.transform import TRANSFORMS, kv_pairs, string_transform, var_transform
from swapsh.userland.sh.variables import ShellVar, VarError, VarStore, split_subscript

__all__ = ["ArrayRefs", "ExpanderOps", "ShellArith", "array_items", "element_value"]


class ShellArith:
    """The shell variables arithmetic reads and assigns (sh/arith.py's ArithVars):
    scalars through lookup/assign, array elements in the store (without one, a
    scalar is its own element 0 and any other element reads as unset)."""

    def __init__(
        self,
        lookup: Callable[[str], str | None],
        assign: Callable[[str, str], None],
        store: VarStore | None = None,
    ):
        self.lookup, self.assign, self.store = lookup, assign, store

    def arith_subscript(self, name: str, subscript: str) -> tuple[str, bool]:
        var = self.store.find(name) if self.store is not None else None
        if var is not None and isinstance(var.value, AssocArray):
            return subscript, False  # a key, already expanded with the expression
        if any(c in subscript for c in "$`'\"\\"):  # array_expand_index would expand it
            raise not_supported(f"{name}[{subscript}]")
        return subscript, True

    def arith_get(self, name: str, subscript: str | None) -> str | None:
        if subscript is None or self.store is None:
            return self.lookup(name) if subscript in (None, "0") else None
        var = self.store.find(name)
        return None if var is None else element_value(var, subscript)

    def arith_set(self, name: str, subscript: str | None, value: int) -> None:
        if subscript is None:
            self.assign(name, str(value))
        elif self.store is None:
            raise not_supported(f"array element {name}[{subscript}]")
        else:
            self.store.assign_element(self.store.resolve(name), subscript, str(value))


def element_value(var: ShellVar, key: str) -> str | None:
    """An element by evaluated key: an index (negative counts from the end) or an
    associative key; a scalar is element 0."""
    v = var.value
    if isinstance(v, AssocArray):
        return v.get(key)
    i = int(key)
    if isinstance(v, IndexedArray):
        return v.items.get(i + v.max_index() + 1 if i < 0 else i)
    return v if i in (0, -1) else None


def array_items(var: ShellVar | None) -> list[tuple[int, str]]:
    """The set elements as (index, value); an associative array's are numbered."""
    v = None if var is None else var.value
    if isinstance(v, IndexedArray):
        return [(i, v.items[i]) for i in v.subscripts()]
    if isinstance(v, AssocArray):
        return list(enumerate(v.values()))
    return [] if v is None else [(0, v)]


class ExpanderOps(Protocol):
    """What ArrayRefs needs of the expander."""

    @property
    def lookup(self) -> Callable[[str], str | None]: ...
    @property
    def positional(self) -> list[str]: ...
    @property
    def store(self) -> VarStore | None: ...
    @property
    def warn(self) -> Callable[[str], Awaitable[None]] | None: ...
    @property
    def names(self) -> Callable[[], list[str]]: ...
    async def arith(self, expr: str, prefix: str = "") -> int: ...
    async def word(self, word: Word) -> str: ...
    async def pattern_op(self, value: str, p: ParamExp) -> str: ...
    async def substring(self, name: str, value: str, p: ParamExp) -> str: ...


class ArrayRefs:
    """The array forms of parameter expansion, for one expander."""

    def __init__(self, ex: ExpanderOps) -> None:
        self.ex = ex

    def ifs_join(self, values: list[str]) -> str:
        ifs = self.ex.lookup("IFS")
        return (" " if ifs is None else ifs[:1]).join(values)

    async def lookup_name(self, name: str) -> str | None:
        """$name, or ${name[sub]}: an element, or all of them joined ([@] with
        blanks, [*] with IFS's first character)."""
        if name == "*":
            return self.ifs_join(self.ex.positional)
        base, sub = split_subscript(name)
        if sub is None or self.ex.store is None:
            return self.ex.lookup(name)
        var = self.ex.store.find(base)
        if sub in ("@", "*"):
            values = [v for _, v in array_items(var)]
            return None if not values else self.ifs_join(values) if sub == "*" else " ".join(values)
        key = await self.subscript_key(var, base, sub)
        if var is None:
            return None
        if isinstance(var.value, IndexedArray) and int(key) + var.value.max_index() + 1 < 0:
            if self.ex.warn is not None:
                await self.ex.warn(f"{base}: bad array subscript")
            return None
        return element_value(var, key)

    async def subscript_key(self, var: ShellVar | None, name: str, sub: str) -> str:
        """A subscript's key: an associative array's key expanded as a word (not
        split), else the index, evaluated as arithmetic, in decimal."""
        if var is not None and isinstance(var.value, AssocArray):
            try:
                key = await self.ex.word(parse_nested_word(sub))
            except ShSyntaxError:  # an unmatched quote from an expansion: the text itself
                key = sub
            if not key:
                raise VarError(f"{name}[{sub}]: bad array subscript")
            return key
        return str(await self.ex.arith(sub, ""))

    async def elements(self, part: Var | ParamExp) -> list[str]:
        """The words of "$@", "${a[@]}", "${!a[@]}" and their ${x[@]:o:l} and
        pattern forms: one per positional parameter or element."""
        if isinstance(part, ParamExp) and part.op.startswith("!["):
            var = self.ex.store.find(part.name) if self.ex.store is not None else None
            v = None if var is None else var.value
            if isinstance(v, IndexedArray | AssocArray):
                return [str(k) for k in v.subscripts()]
            return [] if v is None else ["0"]
        base, _ = split_subscript(part.name)
        if base in ("@", "*"):
            items = list(enumerate([self.ex.lookup("0") or "", *self.ex.positional]))
            if not (isinstance(part, ParamExp) and part.op == ":"):
                items = items[1:]
        else:
            items = array_items(self.ex.store.find(base) if self.ex.store is not None else None)
        if isinstance(part, Var):
            return [v for _, v in items]
        if part.op == "@":
            return self.transform_each(part, items)
        if part.op != ":":
            return [await self.ex.pattern_op(v, part) for _, v in items]
        var = self.var(part.name)
        if var is not None and isinstance(var.value, str):  # ${s[@]:1:2} of a scalar: ${s:1:2}
            return [await self.ex.substring(base, var.value, part)]
        return await self.slice(part, items)

    async def slice(self, p: ParamExp, items: list[tuple[int, str]]) -> list[str]:
        """${@:offset:length}, ${a[@]:offset:length}: from the first element at or
        after the offset (negative: from the end); the length may not be negative."""
        offset = await self.ex.arith(p.arg.text if p.arg else "", f"{p.name}: ")
        if offset < 0:
            offset += items[-1][0] + 1 if items else 0
            if offset < 0:
                return []
        chosen = [v for i, v in items if i >= offset]
        if p.arg2 is not None:
            length = await self.ex.arith(p.arg2.text, f"{p.name}: ")
            if length < 0:
                raise ExpandError(f"{p.arg2.text}: substring expression < 0")
            chosen = chosen[:length]
        return chosen

    def transform_op(self, p: ParamExp) -> str:
        """The letter of ${x@OP}; another is bash's bad substitution."""
        op = p.arg.text if p.arg is not None else ""
        if len(op) != 1 or op not in TRANSFORMS:  # bash -c then exits 127, as for ${x:?}
            raise ExpandError(f"${{{p.text}}}: bad substitution", unset=True)
        if op == "P":  # prompt strings are not expanded by swapsh's shell
            raise not_supported(f"${{{p.text}}}")
        return op

    def var(self, name: str) -> ShellVar | None:
        base, _ = split_subscript(name)
        if self.ex.store is None or base in ("@", "*"):
            return None
        return self.ex.store.find(base)

    def transform(self, name: str, value: str | None, p: ParamExp) -> str | None:
        """${x@OP} on one value (a scalar or an element)."""
        op = self.transform_op(p)
        if op in "aA":
            return var_transform(op, self.var(name), value, whole=False)
        return None if value is None else string_transform(op, value)

    def transform_each(self, p: ParamExp, items: list[tuple[int, str]]) -> list[str]:
        """${a[@]@OP}, ${@@OP}: per element, but K, k and A, which take the array."""
        op, var = self.transform_op(p), self.var(p.name)
        if op in "Kk" and var is not None:
            return kv_pairs(var, quoted=op == "K")
        if op == "A":
            text = var_transform(op, var, None, whole=True)
            return [] if text is None else [text]
        if op == "a":
            return [var_transform(op, var, v, whole=False) or "" for _, v in items]
        return [string_transform(op, v) for _, v in items]

    async def names(self, p: ParamExp) -> str | None:
        """${!prefix*} ${!prefix@}: variable names; ${!a[@]} ${!a[*]}: an array's keys."""
        if p.op in ("!*", "!@"):
            return " ".join(sorted(n for n in self.ex.names() if n.startswith(p.name)))
        keys = await self.elements(p)
        return (self.ifs_join(keys) if p.op == "![*]" else " ".join(keys)) if keys else None

    async def length(self, name: str, value: str | None) -> str:
        """${#x}, ${#a[i]}; ${#@} and ${#a[@]} count the elements."""
        if name in ("@", "*"):
            return str(len(self.ex.positional))
        base, sub = split_subscript(name)
        if sub in ("@", "*") and self.ex.store is not None:
            return str(len(array_items(self.ex.store.find(base))))
        return str(len(value or ""))
