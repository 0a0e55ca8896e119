"""What `declare -p` prints (models bash 5.2's setattr.def show_var_attributes,
arrayfunc.c print_array_assignment and lib/sh/shquote.c): the attribute letters in
bash's order and each value quoted so that the shell reads it back unchanged."""

from __future__ import annotations

from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.shquote import ansic_quote, ansic_shouldquote
from swapsh.userland.sh.variables import Attr, ShellVar

__all__ = [
    "assignment_text",
    "attribute_string",
    "key_quote",
    "quote_reusable",
    "sh_double_quote",
    "sh_single_quote",
    "show_var",
    "value_quote",
]

_FLAG_ORDER = (
    (Attr.ARRAY, "a"),
    (Attr.ASSOC, "A"),
    (Attr.INTEGER, "i"),
    (Attr.NAMEREF, "n"),
    (Attr.READONLY, "r"),
    (Attr.TRACE, "t"),
    (Attr.EXPORTED, "x"),
    (Attr.CAPCASE, "c"),
    (Attr.LOWERCASE, "l"),
    (Attr.UPPERCASE, "u"),
)
_SHELL_METAS = frozenset(" \t\n'\"\\|&;()<>!{}*[?]^$`~#")


def attribute_string(var: ShellVar) -> str:
    """var_attribute_string (setattr.def): the flags in bash's order."""
    return "".join(c for a, c in _FLAG_ORDER if var.attrs & a)


def sh_single_quote(s: str) -> str:
    """lib/sh/shquote.c sh_single_quote: '...' with each ' as '\\''."""
    return "'" + s.replace("'", "'\\''") + "'"


def quote_reusable(s: str) -> str:
    """sh_quote_reusable (${x@Q}): $'...' for unprintable text, else '...'."""
    b = s.encode("utf-8", "surrogateescape")
    if ansic_shouldquote(b):
        return ansic_quote(b).decode("utf-8", "surrogateescape")
    return sh_single_quote(s)


def sh_double_quote(s: str) -> str:
    """lib/sh/shquote.c sh_double_quote: backslashes before " $ ` \\."""
    return '"' + "".join("\\" + c if c in '"$`\\' else c for c in s) + '"'


def value_quote(s: str) -> str:
    b = s.encode("utf-8", "surrogateescape")
    if ansic_shouldquote(b):
        return ansic_quote(b).decode("utf-8", "surrogateescape")
    return sh_double_quote(s)


def key_quote(k: str) -> str:
    b = k.encode("utf-8", "surrogateescape")
    if ansic_shouldquote(b):
        return ansic_quote(b).decode("utf-8", "surrogateescape")
    if any(c in _SHELL_METAS for c in k) or k in ("@", "*"):
        return sh_double_quote(k)
    return k


def assignment_text(var: ShellVar) -> str:
    """What `declare -p` prints after the flags: name, or name=value."""
    v = var.value
    if v is None or var.attrs & Attr.INVISIBLE:
        return var.name
    if isinstance(v, IndexedArray):
        body = " ".join(f"[{i}]={value_quote(v.items[i])}" for i in v.subscripts())
        return f"{var.name}=({body})"
    if isinstance(v, AssocArray):
        body = "".join(f"[{key_quote(k)}]={value_quote(v.items[k])} " for k in v.subscripts())
        return f"{var.name}=({body})"
    return f"{var.name}={value_quote(v)}"


def show_var(var: ShellVar) -> str:
    """show_var_attributes: a `declare -p` line."""
    return f"declare -{attribute_string(var) or '-'} {assignment_text(var)}\n"
