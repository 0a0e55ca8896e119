"""Assignments to variables and array elements (models bash 5.2's arrayfunc.c).

Interface: `assign_list(sh, assigns)` runs a command's assignments when it has no
command word; `assign_compound(ex, store, name, text, ...)` is ``name=( ... )``, for
declare's arguments too. What ``${a[i]}``, ``${a[@]}``, ``${#a[@]}`` and ``${!a[@]}``
expand to is the expander's (expand.py, with the store of variables.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.ast import Assign, Word
from swapsh.userland.sh.expand import Expander, ListDir
from swapsh.userland.sh.lexer import subscript_end
from swapsh.userland.sh.parser import ShSyntaxError, compound_words, parse_nested_word, parse_word
from swapsh.userland.sh.variables import (
    Attr,
    DiscardLine,
    ShellVar,
    VarError,
    VarStore,
    split_subscript,
)

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["CompoundSyntaxError", "assign_compound", "assign_list", "assign_one", "stamp_seconds"]


async def stamp_seconds(sh: Shell, name: str) -> None:
    """SECONDS=n: $SECONDS counts on from n (bash's assign_seconds), from now."""
    store = sh.vars
    if name == "SECONDS" and store.seconds is not None:
        value = store.get("SECONDS") or "0"
        digits = value.strip().lstrip("-")
        n = int(digits) if digits.isdigit() else 0
        store.seconds = (
            (await sh.libc.clock_gettime(0)) // 10**9,
            -n if value.strip().startswith("-") else n,
        )


def _is_keyed(text: str) -> bool:
    """Whether a compound assignment's word is [key]=value or [key]+=value."""
    end = subscript_end(text, 1) if text.startswith("[") else -1
    return end > 0 and text.startswith(("=", "+="), end + 1)


_Item = tuple[str | None, str, bool, str]  # key (None: the next), value, +=, the word


async def assign_one(sh: Shell, ex: Expander, a: Assign) -> None:
    """One assignment word. Raises VarError (readonly, bad subscript)."""
    store = sh.vars
    if a.compound is not None:
        if a.subscript is not None:
            raise VarError(f"{a.name}[{a.subscript}]: cannot assign list to array member")
        await assign_compound(ex, store, a.name, a.compound, sh.listdir, a.append)
        return
    if a.subscript == "":
        raise VarError(f"{a.name}[]: bad array subscript")
    value = await ex.assignment_value(a.value)
    if a.subscript is None:
        store.bind(a.name, value, a.append)
        await stamp_seconds(sh, a.name)
        return
    target, _ = split_subscript(store.resolve(a.name))
    var = store.find_noref(target)
    if a.subscript in ("@", "*") and not (var is not None and isinstance(var.value, AssocArray)):
        raise VarError(f"{a.name}[{a.subscript}]: bad array subscript")
    key = await ex.subscript_key(var, a.name, a.subscript)
    store.assign_element(target, key, value, a.append)


async def assign_list(sh: Shell, assigns: tuple[Assign, ...]) -> int:
    """A command of assignments only, each expanded and made in turn (so b=$a sees
    the a before it). Returns 0; raises DiscardLine after bash's message if one
    fails."""
    ex = await sh.expander()
    for a in assigns:
        try:
            await assign_one(sh, ex, a)
        except CompoundSyntaxError as e:  # said as the parser says it
            prefix = f"{sh.name}: -c: line {sh.lineno}: " if sh.command_string else None
            for line in (e.message, f"`{a.name}=({a.compound})'"):
                await (sh.libc.err(prefix + line + "\n") if prefix else sh.error(line))
            raise DiscardLine from None
        except VarError as e:
            await sh.error(e.message)
            raise DiscardLine from None
    return 0


async def assign_compound(
    ex: Expander,
    store: VarStore,
    name: str,
    text: str,
    listdir: ListDir,
    append: bool = False,
    assoc: bool | None = None,
) -> ShellVar:
    """name=( words ): every word expanded first, then the array replaced (or, with
    +=, added to). ``assoc`` forces the kind when declare -a/-A says it."""
    var = store.find(name)
    if var is None:
        var = store.table[name] = ShellVar(name, None)
    store.check_writable(var)
    if assoc is None:
        assoc = isinstance(var.value, AssocArray) or bool(var.attrs & Attr.ASSOC)
    try:
        words = compound_words(text)
    except ShSyntaxError as e:
        raise CompoundSyntaxError(e.message) from None
    items = await _compound_items(ex, var, words, assoc, listdir)
    if assoc:
        arr = store.as_assoc(var)
        if not append:
            var.value = arr = AssocArray()
        _fill_assoc(store, var, arr, items)
    else:
        if not isinstance(var.value, IndexedArray) or not append:
            old = var.value if append and isinstance(var.value, str) else None
            var.value = IndexedArray({0: old} if old is not None else {})
        var.attrs = (var.attrs | Attr.ARRAY) & ~(Attr.INVISIBLE | Attr.ASSOC)
        await _fill_indexed(ex, store, var, var.value, items)
    var.attrs &= ~Attr.INVISIBLE
    return var


async def _warn(ex: Expander, message: str) -> None:
    if ex.warn is not None:
        await ex.warn(message)


class CompoundSyntaxError(VarError):
    """name=( ... ) whose words hold an operator: bash's parser message for it,
    when the assignment runs."""


async def _compound_items(
    ex: Expander, var: ShellVar, words: list[Word], assoc: bool, listdir: ListDir
) -> list[_Item]:
    """(key or None, value, +=, word) for each element: an associative key
    expanded, an index's text still to evaluate (bash does it as it assigns, after
    the array is emptied)."""
    items: list[_Item] = []
    pairs = assoc and bool(words) and not _is_keyed(words[0].text)  # (k1 v1 k2 v2)
    for w in words:
        text = w.text
        end = subscript_end(text, 1) if text.startswith("[") else -1
        plus = end > 0 and text.startswith("+=", end + 1)
        if end > 0 and (plus or text.startswith("=", end + 1)):
            sub = text[1:end]
            value_text = text[end + (3 if plus else 2) :]
            value = await ex.word(parse_word(value_text)) if value_text else ""
            if not assoc and sub in ("@", "*"):
                await _warn(ex, f"{text}: cannot assign to non-numeric index")
                continue
            key = await ex.word(parse_nested_word(sub)) if assoc else sub
            if not key:
                await _warn(ex, f"{text}: bad array subscript")
                continue
            items.append((key, value, plus, text))
            continue
        if assoc and not pairs:
            await _warn(
                ex, f"{var.name}: {text}: must use subscript when assigning associative array"
            )
            continue
        fields = [await ex.word(w)] if assoc else await ex.words((w,), listdir)
        items += [(None, f, False, text) for f in fields]
    return items


async def _fill_indexed(
    ex: Expander, store: VarStore, var: ShellVar, arr: IndexedArray, items: list[_Item]
) -> None:
    nxt = arr.max_index() + 1
    for key, value, plus, text in items:
        i = nxt if key is None else await ex.arith(key, "")
        if i < 0:
            i += arr.max_index() + 1
            if i < 0:
                await _warn(ex, f"{text}: bad array subscript")
                continue
        arr.items[i] = store.converted(var, value, arr.items.get(i, "") if plus else None)
        nxt = i + 1


def _fill_assoc(store: VarStore, var: ShellVar, arr: AssocArray, items: list[_Item]) -> None:
    pending: str | None = None  # bash 5.1: (k1 v1 k2 v2) without subscripts
    for key, value, plus, _ in items:
        if key is None:
            if pending is None:
                pending = value
                continue
            key, pending = pending, None
        arr.set(key, store.converted(var, value, (arr.get(key) or "") if plus else None))
    if pending is not None:
        arr.set(pending, "")
