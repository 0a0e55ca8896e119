"""Word expansion (models bash's subst.c, subset): tilde, parameters and their ${...}
operators, arithmetic, command substitution, field splitting on IFS, pathname
expansion, quote removal."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from swapsh.userland.sh.arith import ArithError, arith_eval
from swapsh.userland.sh.arrayexp import ArrayRefs, ShellArith
from swapsh.userland.sh.ast import ArithSub, CmdSub, Lit, ParamExp, Part, Script, Var, Word
from swapsh.userland.sh.braces import brace_expand
from swapsh.userland.sh.experr import ExpandError, NotSupported, not_supported
from swapsh.userland.sh.glob import glob_expand
from swapsh.userland.sh.parser import parse_dq_text, parse_word
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


async def _no_comsub(script: Script) -> str:
    raise not_supported("command substitution")


def _no_assign(name: str, value: str) -> None:
    raise not_supported("assignment in expansion")


ListDir = Callable[[str], Awaitable[list[str] | None]]
_IFS_WS = " \t\n"


_TILDE_VARS = {"": "HOME", "+": "PWD", "-": "OLDPWD"}  # ~, ~+ and ~-


@dataclass(frozen=True, slots=True)
class Expander:
    """What expansion needs from the shell: variables, positional parameters, homes."""

    lookup: Callable[[str], str | None]  # $NAME and the special parameters
    positional: list[str]  # $1 ... (for "$@")
    homes: Callable[[str], str | None]  # ~user -> home directory ("" for the caller)
    comsub: Callable[[Script], Awaitable[str]] = _no_comsub  # $(...): its output
    assign: Callable[[str, str], None] = _no_assign  # ${x:=w}
    names: Callable[[], list[str]] = list  # variable names, for ${!prefix*}
    nounset: bool = False  # set -u: an unset parameter is an error
    globopts: frozenset[str] = frozenset()  # shopt's glob options that are on, and noglob
    store: VarStore | None = None  # the variables, for arrays
    warn: Callable[[str], Awaitable[None]] | None = None  # a message; expansion goes on
    clock: Callable[[], Awaitable[int]] | None = None  # CLOCK_REALTIME in ns, for $SECONDS

    # -- one part ----------------------------------------------------------------------------
    async def value(self, part: object) -> str | None:
        """The text a Var, CmdSub or ParamExp part expands to (None: unset)."""
        if isinstance(part, Var):
            value = await self.lookup_name(part.name)
            if value is None and self.nounset and part.name not in ("@", "*"):
                self.unbound(part.name)
            return value
        if isinstance(part, CmdSub):
            return await self.comsub(part.script)
        if isinstance(part, ArithSub):
            return str(await self.arith(part.expr))
        if isinstance(part, ParamExp):
            return await self.param(part)
        raise TypeError(part)

    def arith_vars(self) -> ShellArith:
        return ShellArith(self.lookup, self.assign, self.store)

    async def lookup_name(self, name: str) -> str | None:
        """$name, or ${name[sub]} (arrayexp.py)."""
        seconds = self.store.seconds if self.store is not None else None
        if name == "SECONDS" and seconds is not None and self.clock is not None:
            return str(seconds[1] + (await self.clock()) // 10**9 - seconds[0])  # since start
        if not name.endswith("]") and name != "*":
            return self.lookup(name)
        return await ArrayRefs(self).lookup_name(name)

    async def subscript_key(self, var: ShellVar | None, name: str, sub: str) -> str:
        """name[sub]'s key: an associative key, or an index in decimal."""
        return await ArrayRefs(self).subscript_key(var, name, sub)

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
            return await ArrayRefs(self).names(p)
        name, value = await self._resolve(p)
        if value is None and self.nounset and p.op not in _TESTS and name not in ("@", "*"):
            self.unbound(name, braced=True)
        if p.op == "!":
            return value
        if p.op == "#" and p.arg is None:  # ${#x}; ${x#} removes an empty prefix
            return await ArrayRefs(self).length(name, value)
        if p.op in _TESTS:
            return await self._test_op(name, value, p)
        if _is_multi(name) and (p.op in (":", "@") or p.op in _PATTERN_OPS):
            words = await ArrayRefs(self).elements(p)
            return ArrayRefs(self).ifs_join(words) if name[-2:] in ("*]", "*") else " ".join(words)
        if p.op == "@":
            return ArrayRefs(self).transform(name, value, p)
        if p.op == ":":
            return await self.substring(name, value or "", p)
        return None if value is None else await self.pattern_op(value, p)  # the rest

    def unbound(self, name: str, braced: bool = False) -> None:
        """set -u's error (a positional parameter is named with its $, except in
        `${...}` with an operator: bash says "7: unbound variable" for ${#7})."""
        dollar = "$" if name.isdigit() and not braced else ""
        raise ExpandError(f"{dollar}{name}: unbound variable", unset=True)

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

    async def pattern_op(self, value: str, p: ParamExp) -> str:
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

    async def substring(self, name: str, value: str, p: ParamExp) -> str:
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
    def _tilde_dir(self, user: str) -> str | None:
        """What ~user names: ~ is $HOME, ~+ $PWD, ~- $OLDPWD, else user's home."""
        var = _TILDE_VARS.get(user)
        return self.lookup(var) if var is not None else self.homes(user)

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
        home = self._tilde_dir(user)
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
        for i, arg in enumerate(await ArrayRefs(self).elements(part)):
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

    async def assignment_value(self, word: Word) -> str:
        """An assignment's value: as word(), and a ~ after each unquoted `:` is a
        home directory too (bash's tilde expansion of assignment words:
        PATH=~/bin:~/tmp/bin)."""
        parts = tuple(
            Lit(self._tildes_after_colons(p.text), False)
            if isinstance(p, Lit) and not p.quoted and ":~" in p.text
            else p
            for p in word.parts
        )
        return await self.word(Word(parts, word.text))

    def _tildes_after_colons(self, text: str) -> str:
        head, *segments = text.split(":")
        out = [head]
        for seg in segments:
            user, slash, rest = seg[1:].partition("/")
            home = self._tilde_dir(user) if seg.startswith("~") else None
            out.append(seg if home is None else home + slash + rest)
        return ":".join(out)

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
        return head + "=" + await self.assignment_value(Word(parts, w.text))

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
                if "noglob" not in self.globopts and has_glob_chars(pattern):
                    argv.extend(await self.glob(pattern, field, listdir))
                    continue
                argv.append("".join(t for t, _ in field))
        return argv

    async def glob(
        self, pattern: str, field: list[tuple[str, bool]], listdir: ListDir
    ) -> list[str]:
        """Pathname expansion of one field under shopt's options: no match leaves the
        word (nullglob: nothing; failglob: bash's "no match" error)."""
        opts = self.globopts
        matches = await glob_expand(
            pattern,
            listdir,
            nullglob=True,
            dotglob="dotglob" in opts,
            nocaseglob="nocaseglob" in opts,
            extglob="extglob" in opts,
            globstar="globstar" in opts,
        )
        if matches or "nullglob" in opts:
            return matches
        word = "".join(t for t, _ in field)
        if "failglob" in opts:
            raise ExpandError(f"no match: {word}")
        return [word]


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
