"""Word expansion (models bash's subst.c, subset): tilde, parameters and their ${...}
operators, arithmetic, command substitution, field splitting on IFS, pathname
expansion, quote removal."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from swapsh.userland.sh.arith import ArithError, arith_eval
from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.ast import ArithSub, CmdSub, Lit, ParamExp, Part, Script, Var, Word
from swapsh.userland.sh.braces import brace_expand
from swapsh.userland.sh.glob import glob_expand
from swapsh.userland.sh.parser import (
    ShSyntaxError,
    parse_dq_text,
    parse_nested_word,
    parse_word,
)
from swapsh.userland.sh.patops import (
    CaseOp,
    SubstMode,
    case_modify,
    pat_subst,
    remove_prefix,
    remove_suffix,
    replacement_from_pieces,
)
from swapsh.userland.sh.pattern import has_glob_chars, pattern_from_pieces
from swapsh.userland.sh.transform import (
    TRANSFORMS,
    kv_pairs,
    string_transform,
    var_transform,
)
from swapsh.userland.sh.variables import (
    DECLARATION_BUILTINS,
    ShellVar,
    VarError,
    VarStore,
    split_subscript,
)

__all__ = [
    "ExpandError",
    "Expander",
    "ListDir",
    "NotSupported",
    "ShellArith",
    "arith_unquote",
    "not_supported",
]


class ExpandError(Exception):
    """An expansion error bash reports (bad substitution, ${x:?}): the command is
    abandoned, and a shell that is not interactive exits (status 1) unless the
    error is one bash only discards the command line for (``discard``: an
    arithmetic error, whose script goes on with its next line)."""

    def __init__(self, message: str, unset: bool = False, discard: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.unset = unset  # ${x:?}: bash -c then exits 127, a script 1 (bash 5.2.15)
        self.discard = discard  # jump_to_top_level(DISCARD), not an exit


class NotSupported(ExpandError):
    """An expansion whose helper (arithmetic, patterns) swapsh does not have yet."""


def not_supported(what: str) -> NotSupported:
    """The one place the shell refuses what it cannot do yet (arrays, [[ =~ ]],
    ${x@Q})."""
    return NotSupported(f"{what}: not supported in swapsh")


async def _no_comsub(script: Script) -> str:
    raise not_supported("command substitution")


def _no_assign(name: str, value: str) -> None:
    raise not_supported("assignment in expansion")


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


ListDir = Callable[[str], Awaitable[list[str] | None]]
_IFS_WS = " \t\n"


@dataclass(frozen=True, slots=True)
class Expander:
    """What expansion needs from the shell: variables, positional parameters, homes."""

    lookup: Callable[[str], str | None]  # $NAME and the special parameters
    positional: list[str]  # $1 ... (for "$@")
    homes: Callable[[str], str | None]  # ~user -> home directory ("" for the caller)
    comsub: Callable[[Script], Awaitable[str]] = _no_comsub  # $(...): its output
    assign: Callable[[str, str], None] = _no_assign  # ${x:=w}
    names: Callable[[], list[str]] = list  # variable names, for ${!prefix*}
    store: VarStore | None = None  # the variables, for arrays
    warn: Callable[[str], Awaitable[None]] | None = None  # a message; expansion goes on

    # -- one part ----------------------------------------------------------------------------
    async def value(self, part: object) -> str | None:
        """The text a Var, CmdSub or ParamExp part expands to (None: unset)."""
        if isinstance(part, Var):
            return await self.lookup_name(part.name)
        if isinstance(part, CmdSub):
            return await self.comsub(part.script)
        if isinstance(part, ArithSub):
            return str(await self.arith(part.expr))
        if isinstance(part, ParamExp):
            return await self.param(part)
        raise TypeError(part)

    def arith_vars(self) -> ShellArith:
        return ShellArith(self.lookup, self.assign, self.store)

    # -- arrays ------------------------------------------------------------------------------
    def _ifs_join(self, values: list[str]) -> str:
        ifs = self.lookup("IFS")
        return (" " if ifs is None else ifs[:1]).join(values)

    async def lookup_name(self, name: str) -> str | None:
        """$name, or ${name[sub]}: an element, or all of them joined ([@] with
        blanks, [*] with IFS's first character)."""
        if name == "*":
            return self._ifs_join(self.positional)
        base, sub = split_subscript(name)
        if sub is None or self.store is None:
            return self.lookup(name)
        var = self.store.find(base)
        if sub in ("@", "*"):
            values = [v for _, v in array_items(var)]
            return (
                None if not values else self._ifs_join(values) if sub == "*" else " ".join(values)
            )
        key = await self.subscript_key(var, base, sub)
        if var is None:
            return None
        if isinstance(var.value, IndexedArray) and int(key) + var.value.max_index() + 1 < 0:
            if self.warn is not None:
                await self.warn(f"{base}: bad array subscript")
            return None
        return element_value(var, key)

    async def subscript_key(self, var: ShellVar | None, name: str, sub: str) -> str:
        """A subscript's key: an associative array's key expanded as a word (not
        split), else the index, evaluated as arithmetic, in decimal."""
        if var is not None and isinstance(var.value, AssocArray):
            try:
                key = await self.word(parse_nested_word(sub))
            except ShSyntaxError:  # an unmatched quote from an expansion: the text itself
                key = sub
            if not key:
                raise VarError(f"{name}[{sub}]: bad array subscript")
            return key
        return str(await self.arith(sub, ""))

    async def elements(self, part: Var | ParamExp) -> list[str]:
        """The words of "$@", "${a[@]}", "${!a[@]}" and their ${x[@]:o:l} and
        pattern forms: one per positional parameter or element."""
        if isinstance(part, ParamExp) and part.op.startswith("!["):
            var = self.store.find(part.name) if self.store is not None else None
            v = None if var is None else var.value
            if isinstance(v, IndexedArray | AssocArray):
                return [str(k) for k in v.subscripts()]
            return [] if v is None else ["0"]
        base, _ = split_subscript(part.name)
        if base in ("@", "*"):
            items = list(enumerate([self.lookup("0") or "", *self.positional]))
            if not (isinstance(part, ParamExp) and part.op == ":"):
                items = items[1:]
        else:
            items = array_items(self.store.find(base) if self.store is not None else None)
        if isinstance(part, Var):
            return [v for _, v in items]
        if part.op == "@":
            return self._transform_each(part, items)
        if part.op != ":":
            return [await self._pattern_op(v, part) for _, v in items]
        var = self._var(part.name)
        if var is not None and isinstance(var.value, str):  # ${s[@]:1:2} of a scalar: ${s:1:2}
            return [await self._substring(base, var.value, part)]
        return await self._slice(part, items)

    async def _slice(self, p: ParamExp, items: list[tuple[int, str]]) -> list[str]:
        """${@:offset:length}, ${a[@]:offset:length}: from the first element at or
        after the offset (negative: from the end); the length may not be negative."""
        offset = await self.arith(p.arg.text if p.arg else "", f"{p.name}: ")
        if offset < 0:
            offset += items[-1][0] + 1 if items else 0
            if offset < 0:
                return []
        chosen = [v for i, v in items if i >= offset]
        if p.arg2 is not None:
            length = await self.arith(p.arg2.text, f"{p.name}: ")
            if length < 0:
                raise ExpandError(f"{p.arg2.text}: substring expression < 0")
            chosen = chosen[:length]
        return chosen

    async def arith(self, expr: str, prefix: str = "") -> int:
        """The value of an arithmetic expression, expanded first as in "..." (bash's
        expand_arith_string). An error is the command's: ExpandError with bash's text."""
        text = await self.word(parse_dq_text(arith_unquote(expr)))
        try:
            return arith_eval(text, self.arith_vars())
        except ArithError as e:
            raise ExpandError(prefix + e.message, discard=True) from None
        except VarError as e:  # an element assigned in a readonly array
            raise ExpandError(e.message) from None

    async def param(self, p: ParamExp) -> str | None:
        """bash's parameter_brace_expand for the operators without patterns."""
        if p.op == "":
            raise ExpandError(f"${{{p.text}}}: bad substitution")
        if p.op.startswith("!") and p.op != "!":
            return await self._names(p)
        name, value = await self._resolve(p)
        if p.op == "!":
            return value
        if p.op == "#" and p.arg is None:  # ${#x}; ${x#} removes an empty prefix
            return await self._length(name, value)
        if p.op in _TESTS:
            return await self._test_op(name, value, p)
        if _is_multi(name) and (p.op in (":", "@") or p.op in _PATTERN_OPS):
            words = await self.elements(p)
            return self._ifs_join(words) if name[-2:] in ("*]", "*") else " ".join(words)
        if p.op == "@":
            return self._transform(name, value, p)
        if p.op == ":":
            return await self._substring(name, value or "", p)
        return None if value is None else await self._pattern_op(value, p)  # the rest

    def _transform_op(self, p: ParamExp) -> str:
        """The letter of ${x@OP}; another is bash's bad substitution."""
        op = p.arg.text if p.arg is not None else ""
        if len(op) != 1 or op not in TRANSFORMS:  # bash -c then exits 127, as for ${x:?}
            raise ExpandError(f"${{{p.text}}}: bad substitution", unset=True)
        if op == "P":  # prompt strings are not expanded by swapsh's shell
            raise not_supported(f"${{{p.text}}}")
        return op

    def _var(self, name: str) -> ShellVar | None:
        base, _ = split_subscript(name)
        if self.store is None or base in ("@", "*"):
            return None
        return self.store.find(base)

    def _transform(self, name: str, value: str | None, p: ParamExp) -> str | None:
        """${x@OP} on one value (a scalar or an element)."""
        op = self._transform_op(p)
        if op in "aA":
            return var_transform(op, self._var(name), value, whole=False)
        return None if value is None else string_transform(op, value)

    def _transform_each(self, p: ParamExp, items: list[tuple[int, str]]) -> list[str]:
        """${a[@]@OP}, ${@@OP}: per element, but K, k and A, which take the array."""
        op, var = self._transform_op(p), self._var(p.name)
        if op in "Kk" and var is not None:
            return kv_pairs(var, quoted=op == "K")
        if op == "A":
            text = var_transform(op, var, None, whole=True)
            return [] if text is None else [text]
        if op == "a":
            return [var_transform(op, var, v, whole=False) or "" for _, v in items]
        return [string_transform(op, v) for _, v in items]

    async def _names(self, p: ParamExp) -> str | None:
        """${!prefix*} ${!prefix@}: variable names; ${!a[@]} ${!a[*]}: an array's keys."""
        if p.op in ("!*", "!@"):
            return " ".join(sorted(n for n in self.names() if n.startswith(p.name)))
        keys = await self.elements(p)
        return (self._ifs_join(keys) if p.op == "![*]" else " ".join(keys)) if keys else None

    async def _length(self, name: str, value: str | None) -> str:
        """${#x}, ${#a[i]}; ${#@} and ${#a[@]} count the elements."""
        if name in ("@", "*"):
            return str(len(self.positional))
        base, sub = split_subscript(name)
        if sub in ("@", "*") and self.store is not None:
            return str(len(array_items(self.store.find(base))))
        return str(len(value or ""))

    async def _resolve(self, p: ParamExp) -> tuple[str, str | None]:
        """The parameter ${...} names, through ${!x} indirection, and its value."""
        name = p.name
        if name.startswith("!") or p.op == "!":
            name = name.lstrip("!")
            target = await self.lookup_name(name)
            if target is None or not _valid_ref(target):
                raise ExpandError(f"{name}: invalid indirect expansion")
            name = target
        return name, await self.lookup_name(name)

    async def _chosen_word(self, p: ParamExp) -> Word | None:
        """For ${x-w} ${x:-w} ${x+w} ${x:+w}: the word w when it is the result (its
        quoted parts then stay unsplit, as in bash), else None."""
        if p.op not in (":-", "-", ":+", "+") or p.arg is None:
            return None
        _, value = await self._resolve(p)
        unset = value is None or (p.op[0] == ":" and value == "")
        return p.arg if unset == (p.op[-1] == "-") else None

    async def _test_op(self, name: str, value: str | None, p: ParamExp) -> str | None:
        unset = value is None or (p.op[0] == ":" and value == "")
        kind = p.op[-1]
        if kind == "+":
            return "" if unset else await self._arg(p)
        if not unset:
            return value
        if kind == "-":
            return await self._arg(p)
        if kind == "=":
            if not _valid_ref(name) or name[0].isdigit():
                raise ExpandError(f"${name}: cannot assign in this way")
            word = await self._arg(p)
            self.assign(name, word)
            return word
        msg = await self._arg(p)
        default = "parameter null or not set" if p.op == ":?" else "parameter not set"
        raise ExpandError(f"{name}: {msg or default}", unset=True)

    async def _pattern_op(self, value: str, p: ParamExp) -> str:
        """${x#p} ${x##p} ${x%p} ${x%%p}, ${x/p/r} and its forms, ${x^p} and the
        other case operators: the pattern's quoted parts match themselves."""
        pattern = pattern_from_pieces(await self.pieces(p.arg)) if p.arg else ""
        if p.op in ("#", "##"):
            return remove_prefix(value, pattern, longest=p.op == "##")
        if p.op in ("%", "%%"):
            return remove_suffix(value, pattern, longest=p.op == "%%")
        if p.op[0] == "/":
            rep = replacement_from_pieces(await self.pieces(p.arg2)) if p.arg2 else ""
            return pat_subst(value, pattern, rep, SubstMode(p.op))
        return case_modify(value, CaseOp(p.op), pattern)

    async def _substring(self, name: str, value: str, p: ParamExp) -> str:
        """${x:offset:length} (verify_substring_values): a negative offset or length
        counts from the end; a length ending before the offset is an error."""
        n = len(value)
        offset = await self.arith(p.arg.text if p.arg else "", f"{name}: ")
        if offset < 0:
            offset += n
        if offset < 0 or offset > n:
            return ""
        end = n
        if p.arg2 is not None:
            length = await self.arith(p.arg2.text, f"{name}: ")
            end = n + length if length < 0 else min(n, offset + length)
            if end < offset:
                raise ExpandError(f"{p.arg2.text}: substring expression < 0")
        return value[offset:end]

    async def _arg(self, p: ParamExp) -> str:
        return "" if p.arg is None else await self.word(p.arg)

    # -- tilde -----------------------------------------------------------------------------
    def _tilde(self, parts: tuple[object, ...]) -> tuple[str | None, int, str]:
        """A leading unquoted ~ or ~user: (replacement, parts consumed, rest of the
        literal that followed the user name), or (None, 0, "") when there is none."""
        if not parts or not isinstance(parts[0], Lit) or parts[0].quoted or parts[0].text != "~":
            return None, 0, ""
        user, rest, used = "", "", 1
        nxt = parts[1] if len(parts) > 1 else None
        if isinstance(nxt, Lit) and not nxt.quoted and not nxt.text.startswith("/"):
            user, slash, tail = nxt.text.partition("/")
            rest, used = slash + tail, 2
        elif nxt is not None and not (isinstance(nxt, Lit) and nxt.text.startswith("/")):
            return None, 0, ""
        home = self.lookup("HOME") if not user else self.homes(user)
        if home is None:
            return None, 0, ""
        return home, used, rest

    # -- fields ------------------------------------------------------------------------------
    async def fields(self, word: Word) -> list[list[tuple[str, bool]]]:
        """Expand parameters and ~, then split unquoted expansions on IFS.

        Returns: fields, each a list of (text, quoted) pieces (quoted ones never glob).
        """
        ifs = self.lookup("IFS")
        ifs = _IFS_WS if ifs is None else ifs
        fields: list[list[tuple[str, bool]]] = [[]]
        started = False
        parts: tuple[object, ...] = word.parts
        home, used, rest = self._tilde(parts)
        if home is not None:
            fields[-1].append((home, True))
            if rest:
                fields[-1].append((rest, False))
            parts, started = parts[used:], True
        started = await self._add_parts(fields, parts, ifs, started, split=False)
        if not started and not any(fields):  # trailing IFS blanks end no field
            return []
        return [f for f in fields if f] or [[("", True)]]

    async def _add_parts(
        self,
        fields: list[list[tuple[str, bool]]],
        parts: tuple[object, ...],
        ifs: str,
        started: bool,
        split: bool,
    ) -> bool:
        """Append the expansions of parts to fields (``split``: unquoted literal text
        is split too, as in the word of an unquoted ${x:-word}). Returns whether the
        current field has begun."""
        for part in parts:
            if isinstance(part, Lit) and (part.quoted or not split):
                fields[-1].append((part.text, part.quoted))
                started = True
            elif isinstance(part, Lit):
                started = self._split_into(fields, part.text, ifs, started)
            elif (
                isinstance(part, ParamExp)
                and not part.quoted
                and (w := await self._chosen_word(part))
            ):
                started = await self._add_parts(fields, w.parts, ifs, started, split=True)
            elif isinstance(part, Var | ParamExp) and _each_word(
                part, "@" if part.quoted else "@*"
            ):
                started = await self._add_elements(fields, part, ifs, started)
            else:
                value = await self.value(part) or ""
                if getattr(part, "quoted", False):
                    fields[-1].append((value, True))
                    started = True
                else:
                    started = self._split_into(fields, value, ifs, started)
        return started

    async def _add_elements(
        self, fields: list[list[tuple[str, bool]]], part: Var | ParamExp, ifs: str, started: bool
    ) -> bool:
        """ "$@" "${a[@]}": a word per element; unquoted (with $* too), each
        element is split on its own."""
        for i, arg in enumerate(await self.elements(part)):
            if part.quoted:
                if i:
                    fields.append([])
                fields[-1].append((arg, True))
                started = True
                continue
            if i and started:
                fields.append([])
                started = False
            started = self._split_into(fields, arg, ifs, started)
        return started

    @staticmethod
    def _split_into(
        fields: list[list[tuple[str, bool]]], value: str, ifs: str, started: bool
    ) -> bool:
        """Append value split on IFS: IFS white space separates (and is trimmed), each
        other IFS character ends a field. Returns whether the current field has begun."""
        if not value:
            return started
        if not ifs:
            fields[-1].append((value, False))
            return True
        ws = "".join(c for c in ifs if c in _IFS_WS)
        delim = "".join(c for c in ifs if c not in _IFS_WS)
        i, n = 0, len(value)
        piece: list[str] = []
        while i < n:
            c = value[i]
            if c in ws or c in delim:
                j = i
                while j < n and value[j] in ws:
                    j += 1
                hard = j < n and value[j] in delim
                if hard:
                    j += 1
                    while j < n and value[j] in ws:
                        j += 1
                if piece or started or hard:
                    if piece:
                        fields[-1].append(("".join(piece), False))
                    if started or piece or hard:
                        fields.append([])
                    piece = []
                    started = False
                i = j
                continue
            piece.append(c)
            i += 1
        if piece:
            fields[-1].append(("".join(piece), False))
            started = True
        return started

    # -- whole words -----------------------------------------------------------------------
    async def word(self, word: Word) -> str:
        """Expand without splitting or globbing (assignments, redirection targets)."""
        out: list[str] = []
        parts: tuple[object, ...] = word.parts
        home, used, rest = self._tilde(parts)
        if home is not None:
            out += [home, rest]
            parts = parts[used:]
        for part in parts:
            if isinstance(part, Lit):
                out.append(part.text)
            else:
                out.append(await self.value(part) or "")
        return "".join(out)

    async def _assignment_arg(self, w: Word) -> str:
        """A declaration builtin's name=value argument, expanded as an assignment:
        not split, and a ~ after the = is a home directory."""
        first = w.parts[0] if w.parts else None
        if not isinstance(first, Lit) or first.quoted or "=" not in first.text:
            return await self.word(w)
        head, _, rest = first.text.partition("=")
        parts: tuple[Part, ...] = ((Lit(rest, False),) if rest else ()) + w.parts[1:]
        if rest.startswith("~"):
            parts = (Lit("~", False),) + ((Lit(rest[1:], False),) if rest[1:] else ()) + w.parts[1:]
        return head + "=" + await self.word(Word(parts, w.text))

    async def pieces(self, word: Word) -> list[tuple[str, bool]]:
        """Expand without splitting, keeping which text was quoted: a pattern (case,
        ${x#p}) whose quoted parts match only themselves."""
        out: list[tuple[str, bool]] = []
        parts: tuple[object, ...] = word.parts
        home, used, rest = self._tilde(parts)
        if home is not None:
            out += [(home, True), (rest, False)]
            parts = parts[used:]
        for part in parts:
            if isinstance(part, Lit):
                out.append((part.text, part.quoted))
            elif (
                isinstance(part, ParamExp)
                and not part.quoted
                and (w := await self._chosen_word(part))
            ):
                out += await self.pieces(w)
            else:
                out.append((await self.value(part) or "", bool(getattr(part, "quoted", False))))
        return out

    async def words(self, words: tuple[Word, ...], listdir: ListDir) -> list[str]:
        """Expand command words into argv: brace expansion first (on the raw text),
        then the rest; a field with an unquoted pattern character is pathname-expanded,
        and left as it is when nothing matches. Raises BraceTooBig (braces.py)."""
        argv: list[str] = []
        declaration = bool(words) and words[0].text in DECLARATION_BUILTINS
        for w in _brace_words(words):
            if declaration and _ASSIGN_ARG.match(w.text):  # declare x=$y: not split
                argv.append(await self._assignment_arg(w))
                continue
            for field in await self.fields(w):
                pattern = pattern_from_pieces(field)
                if has_glob_chars(pattern):
                    matches = await glob_expand(pattern, listdir, nullglob=True)
                    if matches:
                        argv.extend(matches)
                        continue
                argv.append("".join(t for t, _ in field))
        return argv


def arith_unquote(expr: str) -> str:
    """An arithmetic expression's text without its double quotes, which bash removes
    (those of a nested $(...) stay)."""
    out, depth, i = [], 0, 0
    while i < len(expr):
        c = expr[i]
        if c == "\\":
            out.append(expr[i : i + 2])
            i += 2
            continue
        if c == "(" and (depth or expr[i - 1 : i] == "$"):
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        if c != '"' or depth:
            out.append(c)
        i += 1
    return "".join(out)


def _each_word(part: Var | ParamExp, kinds: str = "@") -> bool:
    """Whether a quoted part gives a word per positional parameter or element, as
    "$@" and "${a[@]}" do (``kinds`` "@*": unquoted, $* and ${a[*]} too)."""
    name = part.name
    multi = name in kinds or (name.endswith("]") and name[-2:-1] in kinds and name[-3:-2] == "[")
    if isinstance(part, Var):
        return multi
    if part.op.startswith("!["):
        return part.op[2] in kinds
    if part.op == "#" and part.arg is None:  # ${#a[@]}: a count
        return False
    return multi and (part.op in (":", "@") or part.op in _PATTERN_OPS)


def _is_multi(name: str) -> bool:
    return name in ("@", "*") or name.endswith(("[@]", "[*]"))


def _brace_words(words: tuple[Word, ...]) -> list[Word]:
    out: list[Word] = []
    for w in words:
        texts = brace_expand(w.text)
        out.extend([w] if texts == [w.text] else [parse_word(t) for t in texts])
    return out


_PATTERN_OPS = frozenset(["#", "##", "%", "%%", "/", "//", "/#", "/%"] + [o.value for o in CaseOp])
_ASSIGN_ARG = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
_TESTS = frozenset([":-", "-", ":=", "=", ":?", "?", ":+", "+"])


def _valid_ref(name: str) -> bool:
    """A name ${!x} may point at: a variable name, a positional or special one."""
    base, sub = split_subscript(name)
    if sub is not None:
        return base.isidentifier() and base.isascii()
    return (name.isidentifier() and name.isascii()) or name.isdigit() or name in "?$#@*!-0"
