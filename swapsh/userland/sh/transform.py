"""${x@OP}: parameter transformations (models bash 5.2's subst.c
parameter_brace_transform and string_transform): Q E u U L on each value, a (the
attributes), A (an assignment that recreates the variable), K and k (an array's
keys and values).
"""

from __future__ import annotations

from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.lexer import ansic_expand
from swapsh.userland.sh.variables import ShellVar
from swapsh.userland.sh.varprint import (
    assignment_text,
    attribute_string,
    key_quote,
    quote_reusable,
    sh_single_quote,
    value_quote,
)

__all__ = ["TRANSFORMS", "kv_pairs", "string_transform", "var_transform"]

TRANSFORMS = frozenset("QEPAKakuUL")


def string_transform(op: str, value: str) -> str:
    """The operators that act on a value alone."""
    if op in "QKk":
        return quote_reusable(value)
    if op == "E":
        return ansic_expand(value)
    if op == "u":
        return value[:1].upper() + value[1:]
    return value.upper() if op == "U" else value.lower()


def var_transform(op: str, var: ShellVar | None, value: str | None, whole: bool) -> str | None:
    """@a and @A, which need the variable (``whole``: all of an array, a[@])."""
    if var is None:
        return None
    flags = attribute_string(var)
    if op == "a":
        return flags
    if whole and isinstance(var.value, IndexedArray | AssocArray):
        return f"declare -{flags or '-'} {assignment_text(var)}"
    if value is None:
        return f"declare -{flags} {var.name}" if flags else None
    text = f"{var.name}={sh_single_quote(value)}"
    return f"declare -{flags} {text}" if flags else text


def kv_pairs(var: ShellVar | None, quoted: bool) -> list[str]:
    """${a[@]@K} (quoted: one text) and ${a[@]@k} (key, value, ... as words)."""
    v = None if var is None else var.value
    if isinstance(v, AssocArray):
        pairs = [(k, v.items[k]) for k in v.subscripts()]
    elif isinstance(v, IndexedArray):
        pairs = [(str(i), v.items[i]) for i in v.subscripts()]
    else:
        pairs = [] if v is None else [("0", v)]
    if not quoted:
        return [x for pair in pairs for x in pair]
    body = " ".join(f"{key_quote(k)} {value_quote(val)}" for k, val in pairs)
    return [body + (" " if isinstance(v, AssocArray) and pairs else "")]
