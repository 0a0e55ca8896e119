"""declare/typeset, local, readonly, export and unset (models bash 5.2's
builtins/declare.def, setattr.def and set.def's unset)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from swapsh.userland.sh.arrayfunc import assign_compound, stamp_seconds
from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.ast import FunctionDef, Lit, Word
from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.print_cmd import function_text
from swapsh.userland.sh.variables import (
    DECLARATION_BUILTINS,
    Attr,
    ShellVar,
    VarError,
    legal_identifier,
    split_subscript,
)
from swapsh.userland.sh.varprint import show_var

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["compound_args", "declare", "export", "local", "readonly", "typeset", "unset"]

_USAGE = {
    "declare": (
        "declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]"
    ),
    "typeset": "typeset [-aAfFgiIlnrtux] name[=value] ... or typeset -p [-aAfFilnrtux] [name ...]",
    "local": "local [option] name[=value] ...",
    "readonly": "readonly [-aAf] [name[=value] ...] or readonly -p",
    "export": "export [-fn] [name[=value] ...] or export -p",
    "unset": "unset [-f] [-v] [-n] [name ...]",
}
_LETTERS = {
    "declare": "aAfFgiIlnprtux",
    "typeset": "aAfFgiIlnprtux",
    "local": "aAfFgiIlnprtux",
    "readonly": "aAfnp",
    "export": "fnp",
    "unset": "fvn",
}
_ATTR_OF = {
    "a": Attr.ARRAY,
    "A": Attr.ASSOC,
    "i": Attr.INTEGER,
    "l": Attr.LOWERCASE,
    "u": Attr.UPPERCASE,
    "n": Attr.NAMEREF,
    "r": Attr.READONLY,
    "t": Attr.TRACE,
    "x": Attr.EXPORTED,
}
_ARG = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\[.*\])?(\+?=)(.*)", re.DOTALL)
_ELEMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[.*\]", re.DOTALL)  # declare a[10]: an array


def compound_args(words: tuple[Word, ...]) -> frozenset[str]:
    """The words of a declaration command written as name=( ... ): their text,
    which their expansion keeps, so that declare knows them from a quoted value
    that looks the same (declare x="(1 2)" assigns a string)."""
    if not words or words[0].text not in DECLARATION_BUILTINS:
        return frozenset()
    return frozenset(
        w.text
        for w in words[1:]
        if w.parts
        and isinstance(last := w.parts[-1], Lit)
        and last.quoted
        and last.text.startswith("(")
        and w.text.endswith("=" + last.text)
    )


class _Usage(Exception):
    pass


async def _options(sh: Shell, argv: list[str]) -> tuple[set[str], set[str], list[str]]:
    """internal_getopt over -x and +x words: (on, off, the names). Raises _Usage
    after bash's message for a letter the builtin does not take."""
    cmd, on, off, i = argv[0], set[str](), set[str](), 1
    plus_ok = cmd not in ("export", "unset", "readonly")
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if len(arg) < 2 or arg[0] not in "-+" or (arg[0] == "+" and not plus_ok):
            break
        for c in arg[1:]:
            if c not in _LETTERS[cmd]:
                await sh.error(f"{cmd}: {arg[0]}{c}: invalid option")
                await sh.libc.err(f"{cmd}: usage: {_USAGE[cmd]}\n")
                raise _Usage
            (on if arg[0] == "-" else off).add(c)
        i += 1
    return on, off, argv[i:]


def _attrs(letters: set[str]) -> int:
    out = 0
    for c in letters:
        out |= _ATTR_OF.get(c, 0)
    return out


async def _list(sh: Shell, want: int, local_only: bool = False) -> int:
    """declare -p (or -x, -r... with no names): every variable with those
    attributes, sorted by name as bash's all_shell_variables sorts them."""
    out = []
    frame = sh.vars.frames[-1] if local_only and sh.vars.frames else None
    for name in sorted(sh.vars.table):
        var = sh.vars.table[name]
        if var.attrs & want == want and (frame is None or name in frame):
            out.append(show_var(var))
    await _out(sh, "".join(out))
    return 0


async def _declare(sh: Shell, argv: list[str], *, local: bool = False) -> int:
    """declare_internal(): the options, then each name[=value]."""
    cmd = argv[0]
    if local and not sh.vars.frames:
        await sh.error(f"{cmd}: can only be used in a function")
        return 1
    try:
        on, off, names = await _options(sh, argv)
    except _Usage:
        return 2
    if "f" in on or "F" in on:
        return await _functions(sh, cmd, on, names)
    if not names:
        return await _list(sh, _attrs(on - {"p"}), local_only=local)
    if "p" in on:
        return await _show(sh, cmd, names)
    make_local = local or (bool(sh.vars.frames) and "g" not in on)
    status = 0
    for arg in names:
        try:
            status |= await _declare_one(sh, cmd, arg, _attrs(on), _attrs(off), make_local)
        except VarError as e:
            await sh.error(e.message if e.bare else f"{cmd}: {e.message}")
            status = 1
    return status


async def _show(sh: Shell, cmd: str, names: list[str]) -> int:
    status, out = 0, []
    for name in names:
        var = sh.vars.find_noref(name)
        if var is None:
            await sh.error(f"{cmd}: {name}: not found")
            status = 1
        else:
            out.append(show_var(var))
    await _out(sh, "".join(out))
    return status


async def _out(sh: Shell, text: str) -> None:
    """The builtin's stdout, written when it ends (bash's stdio is flushed then:
    its messages on stderr come first)."""
    if text:
        await sh.libc.write_all(1, text.encode("utf-8", "surrogateescape"))


async def _functions(sh: Shell, cmd: str, on: set[str], names: list[str]) -> int:
    """declare -f (the functions as bash prints them: print_cmd.function_text), -F
    (their names), export -f, readonly -f: functions have no attributes in swapsh,
    so these only check that the functions exist."""
    listing = cmd in ("declare", "typeset") and not on - {"f", "F", "p", "g"}
    if not names:
        if listing:  # no function has -x, -t...
            fns = [sh.functions[n] for n in sorted(sh.functions)]
            await _out(sh, "".join(_function_line(fn, "F" in on) for fn in fns))
        return 0
    status, out = 0, []
    for name in names:
        if name not in sh.functions:
            if cmd in ("export", "readonly"):
                await sh.error(f"{cmd}: {name}: not a function")
            status = 1
        elif listing:
            out.append(name + "\n" if "F" in on else function_text(sh.functions[name]) + "\n")
    await _out(sh, "".join(out))
    return status


def _function_line(fn: FunctionDef, names_only: bool) -> str:
    return f"declare -f {fn.name}\n" if names_only else function_text(fn) + "\n"


async def _declare_one(sh: Shell, cmd: str, arg: str, on: int, off: int, make_local: bool) -> int:
    m = _ARG.fullmatch(arg)
    name, sub, op, value = (
        (m.group(1), m.group(2), m.group(3), m.group(4)) if m else (arg, None, "", "")
    )
    if m is None and cmd not in ("export", "readonly") and (e := _ELEMENT.fullmatch(arg)):
        name = e.group(1)
        on |= 0 if on & Attr.ASSOC else Attr.ARRAY
    if not legal_identifier(name) or (m is None and "=" in arg):
        await sh.error(f"{cmd}: `{arg}': not a valid identifier")
        return 1
    store = sh.vars
    if on & Attr.NAMEREF and op and not _valid_nameref(value):
        await sh.error(f"{cmd}: `{value}': invalid variable name for name reference")
        return 1
    if on & Attr.NAMEREF and op and value == name:
        raise VarError(f"{name}: nameref variable self references not allowed")
    target = name if on & Attr.NAMEREF or off & Attr.NAMEREF else store.resolve(name)
    var = store.make_local(target) if make_local and not _is_local(sh, target) else None
    var = var or store.find_noref(target)
    if var is None:
        var = store.table[target] = ShellVar(target, None, Attr.INVISIBLE)
    _check_change(var, on, off, bool(op))
    if var.attrs & Attr.TEMPVAR and (on or op):  # FOO=x export FOO: FOO lasts
        var.attrs |= Attr.PROPAGATE
    _set_attrs(sh, var, on, off)
    if op:
        await _assign(sh, var, sub, op, value, on, arg)
    if on & Attr.READONLY:
        var.attrs |= Attr.READONLY
    return 0


def _check_change(var: ShellVar, on: int, off: int, assigning: bool) -> None:
    """The changes declare refuses, with bash's messages."""
    if var.attrs & Attr.READONLY and (assigning or off & Attr.READONLY):
        raise VarError(f"{var.name}: readonly variable")
    if on & Attr.ASSOC and isinstance(var.value, IndexedArray):
        raise VarError(f"{var.name}: cannot convert indexed to associative array")
    if on & Attr.ARRAY and isinstance(var.value, AssocArray):
        raise VarError(f"{var.name}: cannot convert associative to indexed array")
    if off & (Attr.ARRAY | Attr.ASSOC) and var.is_array():
        raise VarError(f"{var.name}: cannot destroy array variables in this way")


def _set_attrs(sh: Shell, var: ShellVar, on: int, off: int) -> None:
    """The new attributes (readonly comes after the value is assigned); -l and -u
    undo each other; -a and -A make the value an array."""
    var.attrs = (var.attrs | (on & ~(Attr.READONLY | Attr.ARRAY | Attr.ASSOC))) & ~off
    if on & Attr.UPPERCASE:
        var.attrs &= ~Attr.LOWERCASE
    if on & Attr.LOWERCASE:
        var.attrs &= ~Attr.UPPERCASE
    if on & Attr.ASSOC:
        sh.vars.as_assoc(var)
    elif on & Attr.ARRAY:
        sh.vars.as_indexed(var)


def _is_local(sh: Shell, name: str) -> bool:
    return bool(sh.vars.frames) and name in sh.vars.frames[-1]


def _valid_nameref(value: str) -> bool:
    base, _ = split_subscript(value)
    return legal_identifier(base)


async def _assign(
    sh: Shell, var: ShellVar, sub: str | None, op: str, value: str, on: int, arg: str
) -> None:
    store, append = sh.vars, op == "+="
    ex = await sh.expander()
    compound = value.startswith("(") and value.endswith(")")
    if compound and sub is None and (arg in sh.compound_args or var.is_array()):
        assoc = True if on & Attr.ASSOC else False if on & Attr.ARRAY else None
        await assign_compound(ex, store, var.name, value[1:-1], sh.listdir, append, assoc)
    elif sub is not None:
        if sub == "[]":
            raise VarError(f"{var.name}[]: bad array subscript", bare=True)
        if compound and not var.is_array():
            await sh.error(f"warning: {arg}: quoted compound array assignment deprecated")
        key = await ex.subscript_key(var, var.name, sub[1:-1])
        store.assign_element(var.name, key, value, append)
    elif var.attrs & Attr.NAMEREF:
        var.value = value
        var.attrs &= ~Attr.INVISIBLE
    else:
        store.bind(var.name, value, append)
        await stamp_seconds(sh, var.name)


@builtin("declare")
async def declare(sh: Shell, argv: list[str]) -> int:
    return await _declare(sh, argv)


@builtin("typeset")
async def typeset(sh: Shell, argv: list[str]) -> int:
    return await _declare(sh, argv)


@builtin("local")
async def local(sh: Shell, argv: list[str]) -> int:
    return await _declare(sh, argv, local=True)


async def _set_attr(sh: Shell, argv: list[str], attr: int) -> int:
    """export and readonly (setattr.def's set_or_show_attributes)."""
    try:
        on, _off, names = await _options(sh, argv)
    except _Usage:
        return 2
    cmd = argv[0]
    if "f" in on:
        return await _functions(sh, cmd, on, names)
    if not names:
        if attr == Attr.READONLY and "a" in on:
            attr |= Attr.ARRAY
        elif attr == Attr.READONLY and "A" in on:
            attr |= Attr.ASSOC
        return await _list(sh, attr)
    status = 0
    for arg in names:
        try:
            if attr == Attr.EXPORTED and "n" in on:
                var = sh.vars.find(arg.partition("=")[0])
                if var is not None:
                    var.attrs &= ~Attr.EXPORTED
                continue
            extra = Attr.ARRAY if "a" in on else Attr.ASSOC if "A" in on else 0
            status |= await _declare_one(sh, cmd, arg, attr | extra, 0, False)
        except VarError as e:
            await sh.error(e.message if e.bare else f"{cmd}: {e.message}")
            status = 1
    return status


@builtin("export")
async def export(sh: Shell, argv: list[str]) -> int:
    return await _set_attr(sh, argv, Attr.EXPORTED)


@builtin("readonly")
async def readonly(sh: Shell, argv: list[str]) -> int:
    return await _set_attr(sh, argv, Attr.READONLY)


@builtin("unset")
async def unset(sh: Shell, argv: list[str]) -> int:
    """unset_builtin: variables (or, -f, functions; without -v a name that is no
    variable is tried as a function); name[sub] unsets one element."""
    try:
        on, _off, names = await _options(sh, argv)
    except _Usage:
        return 2
    status = 0
    for name in names:
        try:
            status |= await _unset_one(sh, name, on)
        except VarError as e:
            await sh.error(f"unset: {e.message}")
            status = 1
    return status


async def _unset_one(sh: Shell, name: str, on: set[str]) -> int:
    if "f" in on:
        sh.functions.pop(name, None)
        return 0
    base, sub = split_subscript(name)
    if not legal_identifier(base):
        if "v" in on or sub is not None:
            await sh.error(f"unset: `{name}': not a valid identifier")
            return 1
        return 0
    store = sh.vars
    if sub is not None:
        return await _unset_element(sh, base, sub)
    if "n" in on:
        store.unbind(base, noref=True)
        return 0
    if not store.unbind(base) and "v" not in on:
        sh.functions.pop(base, None)
    return 0


async def _unset_element(sh: Shell, base: str, sub: str) -> int:
    """unset 'a[i]': one element (a[@] or a[*]: the whole array)."""
    store = sh.vars
    var = store.find(base)
    if var is None:
        return 0
    store.check_writable(var)
    v = var.value
    if sub in ("@", "*") and not isinstance(v, AssocArray):  # all of it, the array stays
        if isinstance(v, IndexedArray):
            v.items.clear()
        else:
            store.unbind(var.name)
        return 0
    key = sub if isinstance(v, AssocArray) and sub in ("@", "*") else None
    key = key or await (await sh.expander()).subscript_key(var, base, sub)
    if isinstance(v, AssocArray):
        v.remove(key)
    elif isinstance(v, IndexedArray):
        i = int(key)
        if i < 0:
            i += v.max_index() + 1
            if i < 0:
                await sh.error(f"unset: [{key}]: bad array subscript")
                return 1
        v.items.pop(i, None)
    elif key == "0":
        store.unbind(var.name)
    else:
        await sh.error(f"unset: {base}: not an array variable")
        return 1
    return 0
