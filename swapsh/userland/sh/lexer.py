"""The shell's lexer: words, quoting, operators and the expansions inside words
(models bash 5.2's read_token(), parse_matched_pair() and parse_comsub() in parse.y).

A word becomes a :class:`Word` of parts. ``$(...)`` is parsed by a nested parser
(bash's parse_comsub) from the same text, so the text is read once; here-document
bodies are read at the newline that follows their operator, as bash's
gather_here_documents() does.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from swapsh.userland.sh.ast import (
    ArithSub,
    CmdSub,
    HereDoc,
    Lit,
    ParamExp,
    Part,
    Redirect,
    Script,
    Var,
    Word,
)

__all__ = [
    "ANSIC_ESCAPES",
    "EOF_MESSAGE",
    "MAX_NESTING",
    "Incomplete",
    "Lexer",
    "ShSyntaxError",
    "Tok",
    "Unsupported",
    "ansic_expand",
    "param_exp",
    "subscript_end",
]

EOF_MESSAGE = "syntax error: unexpected end of file"


class ShSyntaxError(Exception):
    """A syntax error; ``message`` is bash's text without the ``bash: line N: `` prefix."""

    def __init__(self, message: str, line: int = 1, line_text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # the N bash prints in "bash: line N: "
        self.line_text = line_text  # the source line bash echoes as "`...'" ("" if none)
        self.cond = False  # a [[ ]] error: bash stops without changing $? (bash 5.2.15)


class Unsupported(ShSyntaxError):
    """Valid bash that swapsh does not implement (process substitution, arrays, ...)."""


class Incomplete(Exception):
    """The text is a valid prefix; an interactive shell should read a PS2 line."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message  # what bash reports if the input ends here
        self.line = line


_CONT = "\\\n"
_PEEKING_OPS = frozenset(["<", ">", "&", "|", ";", ";;", "<<", "&>", "(", ")"])
_META = frozenset(" \t\n;&|<>()")
_OPCHARS = frozenset(";&|<>()")
_OPS = frozenset(
    [
        ";;&",
        ";;",
        ";&",
        ";",
        "&&",
        "&>>",
        "&>",
        "&",
        "||",
        "|&",
        "|",
        "<<<",
        "<<-",
        "<<",
        "<>",
        "<&",
        "<",
        ">>",
        ">&",
        ">|",
        ">",
        "(",
        ")",
    ]
)
_REDIR_OPS = frozenset(["<", ">", ">>", "<>", ">|", ">&", "<&", "&>", "&>>", "<<", "<<-", "<<<"])
_PLAIN = re.compile(r"[^ \t\n;&|<>()\\'\"$`~]+")
_DQ_PLAIN = re.compile(r"[^\"\\$`]+")
_HD_PLAIN = re.compile(r"[^\\$`]+")
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_SPECIAL_VARS = frozenset("?$#@*!-0123456789")
_BRACE_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-]")
_ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\+?)=")
_DIGITS = re.compile(r"[0-9]{1,10}")
_FLAG = r"(?:CLONE_[A-Z]+|0[xX][0-9a-fA-F]+|[0-9]+)"
_CLONE64 = re.compile(rf"\([ \t]*({_FLAG}(?:[ \t]*\|[ \t]*{_FLAG})*)?[ \t]*\)")
_INT_MAX = 2**31 - 1
_OPENERS = frozenset(
    ["if", "while", "until", "for", "case", "select", "function", "coproc", "time"]
)
_CLOSERS = frozenset(["then", "else", "elif", "fi", "do", "done", "esac", "}", "]]", "in", "!"])
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX = {
    "x": re.compile(r"[0-9a-fA-F]{1,2}"),
    "u": re.compile(r"[0-9a-fA-F]{1,4}"),
    "U": re.compile(r"[0-9a-fA-F]{1,8}"),
}
# bash's ansicstr(): the escapes echo -e and $'...' share
ANSIC_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
}
_ANSI = {**ANSIC_ESCAPES, "'": "'", '"': '"', "?": "?"}  # $'...' adds the quotes


def _unsupported(what: str) -> Unsupported:
    return Unsupported(f"syntax error: {what} not supported in swapsh")


def _eof_line(src: str) -> int:
    """The line number bash -c reports for an unexpected end of file."""
    return src.count("\n") + (1 if src.endswith("\n") else 2)


@functools.lru_cache(maxsize=8)
def _newlines(src: str) -> list[int]:
    """Where src's newlines are: a script's commands ask for their line numbers one
    after the other, and counting from the start each time was quadratic."""
    out, i = [], src.find("\n")
    while i >= 0:
        out.append(i)
        i = src.find("\n", i + 1)
    return out


def _line_of(src: str, pos: int) -> int:
    return bisect.bisect_left(_newlines(src), pos) + 1


def _small_int(text: str) -> int | None:
    """``text`` as an int if it is plain digits fitting a C int (bash's fd rule)."""
    if _DIGITS.fullmatch(text) is None:
        return None
    value = int(text)
    return value if value <= _INT_MAX else None


def _literal(word: Word) -> str | None:
    """The word's text if it has no parameter expansions."""
    texts = [p.text for p in word.parts if isinstance(p, Lit)]
    return "".join(texts) if len(texts) == len(word.parts) else None


class _Parts:
    """Accumulates word parts, merging adjacent literals with equal quoting."""

    __slots__ = ("buf", "out", "quoted")

    def __init__(self) -> None:
        self.out: list[Part] = []
        self.buf: list[str] = []
        self.quoted = False

    def lit(self, text: str, quoted: bool) -> None:
        if self.buf and quoted != self.quoted:
            self.flush()
        self.quoted = quoted
        self.buf.append(text)

    def var(self, name: str, quoted: bool) -> None:
        self.part(Var(name, quoted))

    def part(self, part: Part) -> None:
        self.flush()
        self.out.append(part)

    def flush(self) -> None:
        if self.buf:
            self.out.append(Lit("".join(self.buf), self.quoted))
            self.buf = []

    def parts(self) -> tuple[Part, ...]:
        self.flush()
        return tuple(self.out)


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # "word", "io", "op", "newline", "eof"
    text: str
    start: int
    end: int
    word: Word | None = None


# parse_comsub: (src, start, at_eof, depth, whether a ")" closes it) -> (the script,
# the index after its end)
ComsubParser = Callable[[str, int, bool, int, bool], tuple[Script, int]]
MAX_NESTING = 32  # see docs/ARCHITECTURE.md, "Shell": bison's stack, in Python frames


class Lexer:
    """Pull tokenizer; ``pos`` may be moved by the parser (clone64, ((...)))."""

    def __init__(
        self, src: str, at_eof: bool, comsub: ComsubParser, start: int = 0, depth: int = 0
    ) -> None:
        self.src = src
        self.at_eof = at_eof
        self.comsub_parser = comsub
        self.depth = depth  # $(...) and compound commands this text is nested in
        self.pos = start
        self.hard_eof = False  # the text ends in backslash-newline: no final newline token
        self.heredocs: list[tuple[HereDoc, int]] = []  # read at the next newline
        self.warnings: list[tuple[int, str]] = []  # (line, text) as bash warns
        self.compound = False  # reading the words of name=( ... ): [k v]=x is one

    def incomplete(self, message: str, pos: int | None = None) -> Incomplete:
        line = _eof_line(self.src) if pos is None else _line_of(self.src, pos)
        return Incomplete(message, line)

    def scan(self, i: int) -> tuple[str, int]:
        """The char at ``i`` after dropping backslash-newlines, and its index."""
        j = i
        while self.src.startswith("\\\n", j):
            j += 2
        if j >= len(self.src):
            if j > i:
                self.hard_eof = True
                if not self.at_eof:
                    raise self.incomplete(EOF_MESSAGE)
            return "", len(self.src)
        return self.src[j], j

    def next(self) -> Tok:
        c, j = self.scan(self.pos)
        while c in (" ", "\t", "#"):
            if c == "#":
                k = self.src.find("\n", j)
                j = len(self.src) if k < 0 else k
            else:
                j += 1
            c, j = self.scan(j)
        self.pos = j
        if c == "":
            if self.heredocs:
                self.read_heredocs()
            return Tok("eof", "hard" if self.hard_eof else "", j, j)
        if c == "\n":
            self.pos = j + 1
            if self.heredocs:
                self.read_heredocs()
            return Tok("newline", "newline", j, j + 1)
        if c in _OPCHARS:
            return self.operator()
        word = self.word()
        kind = "io" if self.is_io_number(word) else "word"
        return Tok(kind, word.text, j, self.pos, word)

    def is_io_number(self, word: Word) -> bool:
        if len(word.parts) != 1 or word.parts[0].quoted or not isinstance(word.parts[0], Lit):
            return False
        return self.scan(self.pos)[0] in ("<", ">") and _small_int(word.parts[0].text) is not None

    def operator(self) -> Tok:
        start, i, chars, ends = self.pos, self.pos, "", []
        for _ in range(3):
            c, j = self.scan(i)
            if c not in _OPCHARS or c == "":
                break
            chars, i = chars + c, j + 1
            ends.append(i)
        n = next(n for n in (3, 2, 1) if chars[:n] in _OPS and len(chars) >= n)
        self.pos = ends[n - 1]
        op = chars[:n]
        if op in ("<", ">") and self.src.startswith("(", self.pos):
            raise _unsupported("process substitution is")
        if op == "<<" and self.scan(self.pos)[0] == "-":
            op, self.pos = "<<-", self.scan(self.pos)[1] + 1
        return Tok("op", op, start, self.pos)

    def word(self) -> Word:
        start, src, b = self.pos, self.src, _Parts()
        while True:
            m = _PLAIN.match(src, self.pos)
            if m is not None:
                b.lit(m.group(), False)
                self.pos = m.end()
            c, j = self.scan(self.pos)
            if c == "(" and _ASSIGN_PREFIX.fullmatch(src, start, j):
                self.compound_value(j, b)  # name=( ... ): one word, as bash reads it
                continue
            if c in " \t" and (k := _open_subscript_end(src, start, j, self.compound)) > 0:
                b.lit(src[j : k + 1], False)  # a[7 + 8]=x: blanks inside the subscript
                self.pos = k + 1
                continue
            if c == "" or c in _META:
                break
            self.pos = j + 1
            if c == "~" and j == start:
                b.lit("~", False)
                b.flush()
            else:
                self.word_char(c, j, b)
        return Word(b.parts(), src[start : self.pos])

    def compound_value(self, j: int, b: _Parts) -> None:
        """The ``( ... )`` of a compound assignment at ``j``, kept as raw quoted text:
        its words are read and expanded when it is assigned (arrayfunc.py)."""
        sub = Lexer(self.src, self.at_eof, self.comsub_parser, j + 1, self.depth)
        sub.compound = True  # its words are read as the words themselves will be
        while (tok := sub.next()).kind != "op" or tok.text != ")":
            if tok.kind == "eof":
                if not self.at_eof:
                    raise self.incomplete(EOF_MESSAGE)
                raise self.incomplete("unexpected EOF while looking for matching `)'", j)
        b.lit(self.src[j : tok.end], True)
        self.pos = tok.end

    def word_char(self, c: str, j: int, b: _Parts) -> None:
        if c == "\\":
            self.backslash(b)
        elif c == "'":
            self.single_quoted(j, b)
        elif c == '"':
            self.double_quoted(j, b)
        elif c == "$":
            self.dollar(b, quoted=False)
        elif c == "`":
            self.backquote(j, b, quoted=False)
        else:
            b.lit(c, False)

    def backslash(self, b: _Parts) -> None:
        if self.pos >= len(self.src):
            if not self.at_eof:
                raise self.incomplete(EOF_MESSAGE)
            b.lit("\\", False)
            return
        b.lit(self.src[self.pos], True)
        self.pos += 1

    def single_quoted(self, j: int, b: _Parts) -> None:
        k = self.src.find("'", self.pos)
        if k < 0:
            raise self.incomplete("unexpected EOF while looking for matching `''", j)
        b.lit(self.src[self.pos : k], True)
        self.pos = k + 1

    def double_quoted(self, j: int, b: _Parts, heredoc: bool = False) -> None:
        """A "..." string (or, ``heredoc``, a here-document body: no closing quote,
        and a backslash does not quote ")."""
        before = len(b.out) + len(b.buf)
        plain, special = (_HD_PLAIN, "$`\\") if heredoc else (_DQ_PLAIN, '$`"\\')
        while True:
            m = plain.match(self.src, self.pos)
            if m is not None:
                b.lit(m.group(), True)
                self.pos = m.end()
            c, k = self.scan(self.pos)
            if c == "":
                if heredoc:
                    return
                raise self.incomplete("unexpected EOF while looking for matching `\"'", j)
            self.pos = k + 1
            if c == '"' and not heredoc:
                if len(b.out) + len(b.buf) == before:
                    b.lit("", True)
                return
            if c == "\\":
                nxt = self.src[self.pos : self.pos + 1]
                if nxt != "" and nxt in special:
                    self.pos += 1
                b.lit(nxt if nxt != "" and nxt in special else "\\", True)
            elif c == "$":
                self.dollar(b, quoted=True)
            elif c == "`":
                self.backquote(k, b, quoted=True)
            else:
                b.lit(c, True)

    def dollar(self, b: _Parts, quoted: bool) -> None:
        c, j = self.scan(self.pos)
        if c == "{":
            self.pos = j + 1
            self.braced(j, b, quoted)
        elif c == "(":
            self.pos = j + 1
            if self.scan(j + 1)[0] != "(" or not self.arith_sub(j, b, quoted):
                self.comsub(b, quoted)
        elif c == "[":
            k = self.src.find("]", j + 1)
            if k < 0:
                raise self.incomplete("unexpected EOF while looking for matching `]'", j)
            b.part(ArithSub(self.src[j + 1 : k], quoted))
            self.pos = k + 1
        elif c == "'" and not quoted:
            self.pos = j + 1
            self.ansi_c(j, b)
        elif c == '"' and not quoted:
            self.pos = j + 1
            self.double_quoted(j, b)
        elif c != "" and c in _NAME_CHARS and not c.isdigit():
            b.var(self.name(), quoted)
        elif c != "" and c in _SPECIAL_VARS:
            self.pos = j + 1
            b.var(c, quoted)
        else:
            b.lit("$", quoted)

    def name(self) -> str:
        chars: list[str] = []
        c, j = self.scan(self.pos)
        while c != "" and c in _NAME_CHARS:
            chars.append(c)
            self.pos = j + 1
            c, j = self.scan(self.pos)
        return "".join(chars)

    def braced(self, j: int, b: _Parts, quoted: bool) -> None:
        k = self.brace_end(j)
        body = self.src[self.pos : k].replace("\\\n", "")
        self.pos = k + 1
        if _BRACE_VAR.fullmatch(body) is not None or _is_element(body):
            b.var(body, quoted)
        else:
            b.part(param_exp(body, quoted, self.nested_word))

    def nested_word(self, text: str, quoted: bool) -> Word:
        """The word of a ${x op word} operand: expansions and quotes, no splitting."""
        if self.depth >= MAX_NESTING:
            raise ShSyntaxError("syntax error: nesting too deep", _line_of(self.src, self.pos))
        sub = Lexer(text, True, self.comsub_parser, depth=self.depth + 1)
        b = _Parts()
        while sub.pos < len(text):
            c = text[sub.pos]
            sub.pos += 1
            if c == "\\":
                sub.backslash(b)
            elif c == "'" and not quoted:
                sub.single_quoted(sub.pos - 1, b)
            elif c == '"':
                sub.double_quoted(sub.pos - 1, b)
            elif c == "$":
                sub.dollar(b, quoted)
            elif c == "`":
                sub.backquote(sub.pos - 1, b, quoted)
            else:
                b.lit(c, quoted)
        return Word(b.parts(), text)

    def comsub(self, b: _Parts, quoted: bool) -> None:
        """``$(`` at ``pos``: the nested command list up to its ``)``."""
        if self.depth >= MAX_NESTING:
            raise ShSyntaxError("syntax error: nesting too deep", _line_of(self.src, self.pos))
        script, end = self.comsub_parser(self.src, self.pos, self.at_eof, self.depth + 1, True)
        self.pos = end
        b.part(CmdSub(script, quoted))

    def arith_sub(self, j: int, b: _Parts, quoted: bool) -> bool:
        """``$((`` at ``j``: an arithmetic expansion if its parentheses close with
        ``))``, else (bash's rule) False: a command substitution of a subshell."""
        k = _arith_end(self.src, j + 2)
        if k == -1:
            raise self.incomplete("unexpected EOF while looking for matching `)'", j)
        if k < 0:
            return False
        b.part(ArithSub(self.src[j + 2 : k], quoted))
        self.pos = k + 2
        return True

    def backquote(self, j: int, b: _Parts, quoted: bool) -> None:
        """`...` from ``j``: backslash quotes $ ` \\ (and " inside "..."), and
        backslash-newline is dropped as the outer reader drops it; the text between is
        parsed again as a command list, as bash does."""
        out, i, src = [], self.pos, self.src
        while i < len(src) and src[i] != "`":
            if src.startswith("\\\n", i):  # a line continuation, even inside '...'
                i += 2
            elif (
                src[i] == "\\"
                and i + 1 < len(src)
                and src[i + 1] in ('$`\\"' if quoted else "$`\\")
            ):
                out.append(src[i + 1])
                i += 2
            else:
                out.append(src[i])
                i += 1
        if i >= len(src):
            raise self.incomplete("unexpected EOF while looking for matching ``'", j)
        self.pos = i + 1
        if self.depth >= MAX_NESTING:
            raise ShSyntaxError("syntax error: nesting too deep", _line_of(src, j))
        text = "".join(out)
        script, _ = self.comsub_parser(text, 0, True, self.depth + 1, False)
        b.part(CmdSub(script, quoted))

    def read_heredocs(self) -> None:
        """gather_here_documents(): the bodies of the pending ``<<`` operators, each
        up to its delimiter line, from ``pos`` (the start of a line or the end)."""
        src = self.src
        for doc, op_pos in self.heredocs:
            lines: list[str] = []
            while True:
                if self.pos >= len(src):
                    self.eof_warning(doc, op_pos)
                    break
                end = src.find("\n", self.pos)
                end = len(src) if end < 0 else end
                line = src[self.pos : end]
                self.pos = min(end + 1, len(src))
                if doc.strip_tabs:
                    line = line.lstrip("\t")
                if line == doc.delimiter:
                    break
                lines.append(line + "\n")
            body = "".join(lines)
            doc.body = Word((Lit(body, True),), body) if doc.quoted else self.text_word(body)
        self.heredocs = []

    def text_word(self, text: str) -> Word:
        """``text`` expanded as a here-document body is (as in "...", but a
        double quote is an ordinary character)."""
        sub = Lexer(text, True, self.comsub_parser, depth=self.depth + 1)
        b = _Parts()
        sub.double_quoted(0, b, heredoc=True)
        return Word(b.parts(), text)

    def eof_warning(self, doc: HereDoc, op_pos: int) -> None:
        """A body the text ends inside: more to read, or bash's warning at the end."""
        if not self.at_eof:
            raise self.incomplete(EOF_MESSAGE)
        self.warnings.append(
            (
                self.src.count("\n") + 1,
                f"warning: here-document at line {_line_of(self.src, op_pos)} delimited "
                f"by end-of-file (wanted `{doc.delimiter}')",
            )
        )

    def brace_end(self, j: int) -> int:
        """Index of the ``}`` closing ``${`` at ``j``, skipping quoted text and nested
        ``${...}`` as bash does."""
        src, i, depth = self.src, self.pos, 0
        while i < len(src) and (src[i] != "}" or depth):
            c = src[i]
            if c in "'\"":
                k = _quote_end(src, i)
                if k < 0:
                    raise self.incomplete(f"unexpected EOF while looking for matching `{c}'", i)
                i = k
            elif c == "\\":
                i += 1
            elif c == "$" and src.startswith("{", i + 1):
                depth, i = depth + 1, i + 1
            elif c == "}":
                depth -= 1
            i += 1
        if i >= len(src):
            raise self.incomplete("unexpected EOF while looking for matching `}'", j)
        return i

    def ansi_c(self, j: int, b: _Parts) -> None:
        src, out, i = self.src, [], self.pos
        while i < len(src) and src[i] != "'":
            if src[i] == "\\" and i + 1 < len(src):
                text, i = _ansi_escape(src, i + 1)
                out.append(text)
            else:
                out.append(src[i])
                i += 1
        if i >= len(src):
            raise self.incomplete("unexpected EOF while looking for matching `''", j)
        self.pos = i + 1
        # \NNN and \xHH are bytes: a UTF-8 sequence of them is one character
        b.lit(
            "".join(out).encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"), True
        )


def _quote_end(src: str, i: int) -> int:
    """Index of the quote closing the '...' or "..." that opens at src[i], or -1."""
    return src.find("'", i + 1) if src[i] == "'" else _dq_end(src, i + 1)


def _arith_end(src: str, i: int) -> int:
    """Index of the ``))`` closing ``$((`` whose body starts at ``i``; -1 if the text
    ends first, -2 if a lone ``)`` closes it (then it is ``$( (...) ...)``)."""
    depth = 0
    while i < len(src):
        c = src[i]
        if c in "'\"":
            k = _quote_end(src, i)
            if k < 0:
                return -1
            i = k
        elif c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i if src.startswith(")", i + 1) else (-1 if i + 1 >= len(src) else -2)
            depth -= 1
        i += 1
    return -1


_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-]")
_PARAM_OPS = (
    ":-", ":=", ":?", ":+", "-", "=", "?", "+", "##", "#", "%%", "%",
    "//", "/#", "/%", "/", "^^", "^", ",,", ",", "~~", "~", ":", "@",
)  # fmt: skip
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ALL_KEYS = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[([@*])\]")
_ASSIGN_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
_OPEN_SUBSCRIPT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\[[^]]*")


def _open_subscript_end(src: str, start: int, j: int, compound: bool = False) -> int:
    """For a word ``name[...`` (in a compound assignment, ``[...``) whose subscript
    is still open at ``j``: the index of the ``]`` closing it when ``=`` or
    ``+=`` follows (an assignment), else -1."""
    if _OPEN_SUBSCRIPT.fullmatch(src, start, j) is None and not (
        compound and src.startswith("[", start) and "]" not in src[start:j]
    ):
        return -1
    k = subscript_end(src, src.index("[", start) + 1)
    return k if k > 0 and src.startswith(("=", "+="), k + 1) else -1


def param_exp(body: str, quoted: bool, word: Callable[[str, bool], Word]) -> ParamExp:
    """The ``${body}`` forms with an operator (bash's parameter_brace_expand). A form
    bash cannot read is kept with op "" and reported when expanded, as bash does."""
    bad = ParamExp("", "", None, None, quoted, body)
    if body.startswith("#") and (_PARAM_NAME.fullmatch(body[1:]) or _is_element(body[1:])):
        return ParamExp(body[1:], "#", None, None, quoted, body)
    prefix = ""
    if body.startswith("!") and len(body) > 1:
        if (whole := _bang_form(body[1:], quoted, body)) is not None:
            return whole
        prefix, body = "!", body[1:]
    name, rest = _param_name(body)
    op = next((o for o in _PARAM_OPS if rest.startswith(o)), None)
    if not name or op is None:
        return bad
    arg, arg2 = rest[len(op) :], None
    if op[0] == "/":
        arg, sep, rep = _split_unescaped(arg, "/")
        arg2 = word(rep, quoted) if sep else None
    elif op == ":":
        arg, sep, length = _split_unescaped(arg, ":")
        arg2 = word(length, quoted) if sep else None
    # a pattern is one inside "..." too: only its own quotes quote it
    pattern = op in ("#", "##", "%", "%%", "^", "^^", ",", ",,") or op[0] == "/"
    return ParamExp(
        prefix + name, op, word(arg, quoted and not pattern), arg2, quoted, prefix + body
    )


def _bang_form(rest: str, quoted: bool, body: str) -> ParamExp | None:
    """${!a[@]} (keys), ${!prefix*}, ${!name} and ${!a[i]} (indirection)."""
    if (k := _ALL_KEYS.fullmatch(rest)) is not None:
        return ParamExp(k.group(1), f"![{k.group(2)}]", None, None, quoted, body)
    if _is_element(rest) or _PARAM_NAME.fullmatch(rest):
        return ParamExp(rest, "!", None, None, quoted, body)
    if rest[-1] in "*@" and _IDENT.fullmatch(rest[:-1]):
        return ParamExp(rest[:-1], "!" + rest[-1], None, None, quoted, body)
    return None


def _param_name(body: str) -> tuple[str, str]:
    """The parameter at the start of a ${...} body, with its [subscript] if it has
    one, and the text after it ("" for the name when there is none)."""
    m = _PARAM_NAME.match(body)
    if m is None:
        return "", body
    name, rest = m.group(), body[m.end() :]
    if rest.startswith("[") and _IDENT.fullmatch(name):
        end = subscript_end(rest, 1)
        if end < 0:
            return "", body
        name, rest = name + rest[: end + 1], rest[end + 1 :]
    return name, rest


def _is_element(body: str) -> bool:
    """Whether ``body`` is name[subscript] alone (${a[i]}, ${a[@]})."""
    m = _IDENT.match(body)
    return (
        m is not None
        and body[m.end() : m.end() + 1] == "["
        and (subscript_end(body, m.end() + 1) == len(body) - 1)
    )


def subscript_end(text: str, i: int) -> int:
    """Index of the ``]`` closing a subscript whose text starts at ``i`` (bash's
    skipsubscript: nested brackets count, quoted text is skipped), or -1."""
    depth = 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 1
        elif c in "'\"":
            k = _quote_end(text, i)
            if k < 0:
                return -1
            i = k
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_unescaped(text: str, sep: str) -> tuple[str, str, str]:
    """str.partition at the first ``sep`` not quoted by a backslash or quotes."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 1
        elif c in "'\"":
            k = _quote_end(text, i)
            i = len(text) if k < 0 else k
        elif c == sep:
            return text[:i], sep, text[i + 1 :]
        i += 1
    return text, "", ""


def _dq_end(src: str, i: int) -> int:
    """Index of the ``"`` closing a double-quoted string whose body starts at ``i``."""
    while i < len(src) and src[i] != '"':
        i += 2 if src[i] == "\\" else 1
    return i if i < len(src) else -1


def ansic_expand(text: str) -> str:
    """The backslash escapes of $'...' expanded in text (bash's ansicstr, as
    ${x@E} uses it)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            piece, i = _ansi_escape(text, i + 1)
            out.append(piece)
        else:
            out.append(text[i])
            i += 1
    return "".join(out).encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def _byte(value: int) -> str:
    """A byte of $'...' as the shell holds text: itself below 0x80, else its
    surrogate escape (joined into a character by the caller when it is UTF-8)."""
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def _ansi_escape(src: str, i: int) -> tuple[str, int]:
    """Decode the $'...' escape whose letter is at ``i``; return (text, next index)."""
    c = src[i]
    if c in _ANSI:
        return _ANSI[c], i + 1
    if c == "c" and i + 1 < len(src):
        return chr(ord(src[i + 1]) & 0x1F), i + 2
    if c in "01234567" and (m := _OCTAL.match(src, i)) is not None:
        return _byte(int(m.group(), 8) & 0xFF), m.end()
    if c in _HEX:
        m = _HEX[c].match(src, i + 1)
        if m is not None and c == "x":
            return _byte(int(m.group(), 16)), m.end()
        if m is not None and int(m.group(), 16) <= 0x10FFFF:
            return chr(int(m.group(), 16)), m.end()
    return "\\" + c, i + 1


def _make_redirect(fd: int | None, op: str, word: Word) -> Redirect:
    if op in ("&>", "&>>"):
        return Redirect(-1, op[1:], word, None)
    default = 0 if op[0] == "<" else 1
    fd_ = default if fd is None else fd
    if op not in (">&", "<&"):
        return Redirect(fd_, op, word, None)
    lit = _literal(word)
    dup = None if lit is None else _small_int(lit)
    if dup is not None:
        return Redirect(fd_, op, None, dup)
    if lit == "-":
        return Redirect(fd_, op, None, -1)
    if op == ">&" and fd is None and lit is not None:
        return Redirect(-1, ">", word, None)
    return Redirect(fd_, op, word, None)
