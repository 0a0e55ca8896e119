"""Parser for the swapsh shell: a POSIX sh grammar subset as bash 5.2 parses it.

Models simple commands (assignments, words, redirections), pipelines (``|``,
``|&``, ``!``), and/or lists (``&&``, ``||``) and lists separated by ``;``,
``&`` or newlines, with bash's quoting rules, comments and backslash-newline
continuation.  Syntax errors carry bash 5.2's message text (without the
``bash: line N:`` prefix).  Compound commands, substitutions and here-documents
are rejected with :class:`Unsupported`.  One extension: the command form
``clone64(CLONE_NEWSWAP|CLONE_NEWIPC)`` parses to :class:`Clone64`.

Every input yields a :class:`Script`, :class:`ShSyntaxError` or
:class:`Incomplete` in time linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ANSIC_ESCAPES",
    "AndOr",
    "Assign",
    "Clone64",
    "Command",
    "Incomplete",
    "Lit",
    "Part",
    "Pipeline",
    "Redirect",
    "Script",
    "ShSyntaxError",
    "SimpleCommand",
    "Unsupported",
    "Var",
    "Word",
    "eof_error",
    "parse",
]

EOF_MESSAGE = "syntax error: unexpected end of file"


class ShSyntaxError(Exception):
    """A syntax error; ``message`` is bash's text without the ``bash: line N: `` prefix."""

    def __init__(self, message: str, line: int = 1, line_text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line  # the N bash prints in "bash: line N: "
        self.line_text = line_text  # the source line bash echoes as "`...'" ("" if none)


class Unsupported(ShSyntaxError):
    """Valid bash that swapsh does not implement (subshells, if, $(...), ...)."""


class Incomplete(Exception):
    """The text is a valid prefix; an interactive shell should read a PS2 line."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message  # what bash reports if the input ends here
        self.line = line


@dataclass(frozen=True, slots=True)
class Lit:
    text: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class Var:
    name: str
    quoted: bool


Part = Lit | Var


@dataclass(frozen=True, slots=True)
class Word:
    parts: tuple[Part, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Redirect:
    """``fd`` -1 means stdout and stderr (``&>f``, ``>&f``); ``dup_fd`` -1 means close (``>&-``).

    ``op`` is one of ``> >> < <> >& <&``; a ``>&``/``<&`` with a ``target`` word
    (e.g. ``2>&$x``) is decided after expansion, as bash does.
    """

    fd: int
    op: str
    target: Word | None
    dup_fd: int | None


@dataclass(frozen=True, slots=True)
class Assign:
    name: str
    value: Word


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    assigns: tuple[Assign, ...]
    words: tuple[Word, ...]
    redirects: tuple[Redirect, ...]


@dataclass(frozen=True, slots=True)
class Clone64:
    flags: str
    redirects: tuple[Redirect, ...]


Command = SimpleCommand | Clone64


@dataclass(frozen=True, slots=True)
class Pipeline:
    commands: tuple[Command, ...]
    negate: bool


@dataclass(frozen=True, slots=True)
class AndOr:
    first: Pipeline
    rest: tuple[tuple[str, Pipeline], ...]
    background: bool = False


@dataclass(frozen=True, slots=True)
class Script:
    items: tuple[AndOr, ...]


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


def _line_of(src: str, pos: int) -> int:
    return src.count("\n", 0, pos) + 1


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
        self.flush()
        self.out.append(Var(name, quoted))

    def flush(self) -> None:
        if self.buf:
            self.out.append(Lit("".join(self.buf), self.quoted))
            self.buf = []

    def parts(self) -> tuple[Part, ...]:
        self.flush()
        return tuple(self.out)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "word", "io", "op", "newline", "eof"
    text: str
    start: int
    end: int
    word: Word | None = None


class _Lexer:
    """Pull tokenizer; ``pos`` may be moved by the parser (clone64 form)."""

    def __init__(self, src: str, at_eof: bool) -> None:
        self.src = src
        self.at_eof = at_eof
        self.pos = 0
        self.hard_eof = False  # the text ends in backslash-newline: no final newline token

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

    def next(self) -> _Tok:
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
            return _Tok("eof", "hard" if self.hard_eof else "", j, j)
        if c == "\n":
            self.pos = j + 1
            return _Tok("newline", "newline", j, j + 1)
        if c in _OPCHARS:
            return self.operator()
        word = self.word()
        kind = "io" if self.is_io_number(word) else "word"
        return _Tok(kind, word.text, j, self.pos, word)

    def is_io_number(self, word: Word) -> bool:
        if len(word.parts) != 1 or word.parts[0].quoted or not isinstance(word.parts[0], Lit):
            return False
        return self.scan(self.pos)[0] in ("<", ">") and _small_int(word.parts[0].text) is not None

    def operator(self) -> _Tok:
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
        return _Tok("op", op, start, self.pos)

    def word(self) -> Word:
        start, src, b = self.pos, self.src, _Parts()
        while True:
            m = _PLAIN.match(src, self.pos)
            if m is not None:
                b.lit(m.group(), False)
                self.pos = m.end()
            c, j = self.scan(self.pos)
            if c == "" or c in _META:
                break
            self.pos = j + 1
            if c == "~" and j == start:
                b.lit("~", False)
                b.flush()
            else:
                self.word_char(c, j, b)
        return Word(b.parts(), src[start : self.pos])

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
            raise _unsupported("command substitution `...` is")
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

    def double_quoted(self, j: int, b: _Parts) -> None:
        before = len(b.out) + len(b.buf)
        while True:
            m = _DQ_PLAIN.match(self.src, self.pos)
            if m is not None:
                b.lit(m.group(), True)
                self.pos = m.end()
            c, k = self.scan(self.pos)
            if c == "":
                raise self.incomplete("unexpected EOF while looking for matching `\"'", j)
            self.pos = k + 1
            if c == '"':
                if len(b.out) + len(b.buf) == before:
                    b.lit("", True)
                return
            if c == "\\":
                nxt = self.src[self.pos : self.pos + 1]
                if nxt != "" and nxt in '$`"\\':
                    self.pos += 1
                b.lit(nxt if nxt != "" and nxt in '$`"\\' else "\\", True)
            elif c == "$":
                self.dollar(b, quoted=True)
            elif c == "`":
                raise _unsupported("command substitution `...` is")
            else:
                b.lit(c, True)

    def dollar(self, b: _Parts, quoted: bool) -> None:
        c, j = self.scan(self.pos)
        if c == "{":
            self.pos = j + 1
            self.braced(j, b, quoted)
        elif c == "(":
            arith = self.scan(j + 1)[0] == "("
            raise _unsupported(
                "arithmetic expansion $((...)) is" if arith else "command substitution $(...) is"
            )
        elif c == "[":
            raise _unsupported("arithmetic expansion $[...] is")
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
        if _BRACE_VAR.fullmatch(body) is None:
            raise _unsupported(f"parameter expansion `${{{body}}}' is")
        b.var(body, quoted)

    def brace_end(self, j: int) -> int:
        """Index of the ``}`` closing ``${`` at ``j``, skipping quoted text as bash does."""
        src, i = self.src, self.pos
        while i < len(src) and src[i] != "}":
            c = src[i]
            if c in "'\"":
                k = src.find(c, i + 1) if c == "'" else _dq_end(src, i + 1)
                if k < 0:
                    raise self.incomplete(f"unexpected EOF while looking for matching `{c}'", i)
                i = k
            elif c == "\\":
                i += 1
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
        b.lit("".join(out), True)


def _dq_end(src: str, i: int) -> int:
    """Index of the ``"`` closing a double-quoted string whose body starts at ``i``."""
    while i < len(src) and src[i] != '"':
        i += 2 if src[i] == "\\" else 1
    return i if i < len(src) else -1


def _ansi_escape(src: str, i: int) -> tuple[str, int]:
    """Decode the $'...' escape whose letter is at ``i``; return (text, next index)."""
    c = src[i]
    if c in _ANSI:
        return _ANSI[c], i + 1
    if c == "c" and i + 1 < len(src):
        return chr(ord(src[i + 1]) & 0x1F), i + 2
    if c in "01234567" and (m := _OCTAL.match(src, i)) is not None:
        return chr(int(m.group(), 8) & 0xFF), m.end()
    if c in _HEX:
        m = _HEX[c].match(src, i + 1)
        if m is not None and int(m.group(), 16) <= 0x10FFFF:
            return chr(int(m.group(), 16)), m.end()
    return "\\" + c, i + 1


def _make_redirect(fd: int | None, op: str, word: Word) -> Redirect:
    if op in ("&>", "&>>"):
        return Redirect(-1, op[1:], word, None)
    default = 0 if op[0] == "<" else 1
    fd_ = default if fd is None else fd
    if op not in (">&", "<&"):
        return Redirect(fd_, ">" if op == ">|" else op, word, None)
    lit = _literal(word)
    dup = None if lit is None else _small_int(lit)
    if dup is not None:
        return Redirect(fd_, op, None, dup)
    if lit == "-":
        return Redirect(fd_, op, None, -1)
    if op == ">&" and fd is None and lit is not None:
        return Redirect(-1, ">", word, None)
    return Redirect(fd_, op, word, None)


class _Parser:
    def __init__(self, src: str, at_eof: bool) -> None:
        self.src = src
        self.lx = _Lexer(src, at_eof)
        self.tok = self.lx.next()

    def advance(self) -> None:
        self.tok = self.lx.next()

    def error(self, message: str, pos: int) -> ShSyntaxError:
        start = self.src.rfind("\n", 0, pos) + 1
        end = self.src.find("\n", pos)
        text = self.src[start : len(self.src) if end < 0 else end]
        return ShSyntaxError(message, _line_of(self.src, pos), text)

    def unexpected(self, tok: _Tok) -> ShSyntaxError:
        if tok.kind == "eof" and tok.text == "hard":
            return ShSyntaxError(EOF_MESSAGE, _eof_line(self.src))
        if tok.kind in ("newline", "eof"):
            return self.error("syntax error near unexpected token `newline'", tok.start)
        err = self.error(
            f"syntax error near unexpected token `{tok.text.replace(_CONT, '')}'", tok.start
        )
        end = tok.end  # bash peeks past continuations after words and extensible operators
        while (tok.kind != "op" or tok.text in _PEEKING_OPS) and self.src.startswith(_CONT, end):
            end += 2
        err.line = _line_of(self.src, end)
        return err

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def is_plain(self, tok: _Tok, *texts: str) -> bool:
        """Whether ``tok`` is an unquoted word spelled exactly as one of ``texts``."""
        return (
            tok.kind == "word"
            and tok.text in texts
            and tok.word is not None
            and tok.word.parts == (Lit(tok.text, False),)
        )

    def skip_newlines(self, need_more: bool = False) -> None:
        while self.tok.kind == "newline":
            self.advance()
        if need_more and self.tok.kind == "eof":
            raise self.lx.incomplete(EOF_MESSAGE)

    def script(self) -> Script:
        items: list[AndOr] = []
        while True:
            self.skip_newlines()
            if self.tok.kind == "eof":
                return Script(tuple(items))
            item = self.and_or()
            if self.is_op(";", "&"):
                item = AndOr(item.first, item.rest, self.tok.text == "&")
                self.advance()
            elif self.tok.kind not in ("newline", "eof"):
                raise self.unexpected(self.tok)
            items.append(item)

    def and_or(self) -> AndOr:
        first = self.pipeline()
        rest: list[tuple[str, Pipeline]] = []
        while self.is_op("&&", "||"):
            op = self.tok.text
            self.advance()
            self.skip_newlines(need_more=True)
            rest.append((op, self.pipeline()))
        return AndOr(first, tuple(rest))

    def pipeline(self) -> Pipeline:
        negate = False
        while self.is_plain(self.tok, "!"):
            negate = not negate
            self.advance()
        if negate and (self.tok.kind in ("newline", "eof") or self.is_op(";")):
            return Pipeline((SimpleCommand((), (), ()),), True)
        commands = [self.command()]
        while self.is_op("|", "|&"):
            if self.tok.text == "|&":
                commands[-1] = _with_stderr(commands[-1])
            self.advance()
            self.skip_newlines(need_more=True)
            commands.append(self.command())
        return Pipeline(tuple(commands), negate)

    def command(self) -> Command:
        tok = self.tok
        if self.is_op("("):
            double = self.src.startswith("(", tok.end)
            raise _unsupported("arithmetic commands ((...)) are" if double else "subshells are")
        if self.is_plain(tok, *_CLOSERS):
            raise self.unexpected(tok)
        if self.is_plain(tok, *_OPENERS):
            raise _unsupported(f"`{tok.text}' is")
        if self.is_plain(tok, "{", "[["):
            raise _unsupported(
                "command groups { ...; } are"
                if tok.text == "{"
                else "conditional commands [[ ... ]] are"
            )
        clone = self.clone64()
        return clone if clone is not None else self.simple_command()

    def simple_command(self) -> SimpleCommand:
        assigns: list[Assign] = []
        words: list[Word] = []
        redirects: list[Redirect] = []
        while True:
            tok = self.tok
            if tok.kind == "io" or self.is_op(*_REDIR_OPS):
                redirects.append(self.redirect())
            elif tok.kind == "word" and tok.word is not None:
                assign = None if words else self.assignment(tok, tok.word)
                if assign is not None:
                    assigns.append(assign)
                else:
                    words.append(tok.word)
                self.advance()
            elif self.is_op("(") and len(words) == 1 and not assigns and not redirects:
                self.function_definition()
            else:
                break
        if not (assigns or words or redirects):
            raise self.unexpected(self.tok)
        return SimpleCommand(tuple(assigns), tuple(words), tuple(redirects))

    def function_definition(self) -> None:
        self.advance()
        if self.is_op(")"):
            raise _unsupported("function definitions are")
        raise self.unexpected(self.tok)

    def assignment(self, tok: _Tok, word: Word) -> Assign | None:
        first = word.parts[0] if word.parts else None
        if not isinstance(first, Lit) or first.quoted:
            return None
        m = _ASSIGN.match(first.text)
        if m is None:
            return None
        if m.group(2):
            raise _unsupported("`+=' assignments are")
        rest = first.text[m.end() :]
        head: tuple[Part, ...] = ()
        if rest.startswith("~"):
            head = (Lit("~", False),) + ((Lit(rest[1:], False),) if rest[1:] else ())
        elif rest:
            head = (Lit(rest, False),)
        parts = head + word.parts[1:]
        if not parts and self.src.startswith("(", tok.end):
            raise _unsupported("array assignments are")
        return Assign(m.group(1), Word(parts, word.text[word.text.find("=") + 1 :]))

    def redirect(self) -> Redirect:
        fd: int | None = None
        if self.tok.kind == "io":
            if self.tok.word is None:  # an io number is a word
                raise self.unexpected(self.tok)
            fd = _small_int(_literal(self.tok.word) or "")
            self.advance()
            if not self.is_op(*_REDIR_OPS):
                raise self.unexpected(self.tok)
        op = self.tok.text
        if op in ("<<", "<<-"):
            raise _unsupported("here-documents (<<) are")
        if op == "<<<":
            raise _unsupported("here-strings (<<<) are")
        self.advance()
        target = self.tok  # bash lexes "1" in ">&1<x" as a word, not an fd prefix
        if target.kind != "word" and not (op in (">&", "<&") and target.kind == "io"):
            raise self.unexpected(target)
        if target.word is None:
            raise self.unexpected(target)
        self.advance()
        return _make_redirect(fd, op, target.word)

    def clone64(self) -> Clone64 | None:
        tok = self.tok
        if not self.is_plain(tok, "clone64") or not self.src.startswith("(", tok.end):
            return None
        m = _CLONE64.match(self.src, tok.end)
        if m is None:
            raise self.error(
                "syntax error: clone64(...) takes CLONE_* flag names or numbers joined by `|'",
                tok.start,
            )
        self.lx.pos = m.end()
        self.advance()
        redirects: list[Redirect] = []
        while self.tok.kind == "io" or self.is_op(*_REDIR_OPS):
            redirects.append(self.redirect())
        if self.tok.kind == "word" or self.is_op("("):
            raise self.unexpected(self.tok)
        flags = re.sub(r"[ \t]", "", m.group(1) or "")
        return Clone64(flags, tuple(redirects))


def _with_stderr(command: Command) -> Command:
    """``cmd |& next``: append bash's implicit ``2>&1`` to ``cmd``."""
    extra = (Redirect(2, ">&", None, 1),)
    if isinstance(command, Clone64):
        return Clone64(command.flags, command.redirects + extra)
    return SimpleCommand(command.assigns, command.words, command.redirects + extra)


def parse(text: str, *, at_eof: bool = False) -> Script:
    """Parse ``text`` (lines joined with "\\n").

    Raises :class:`Incomplete` when more input could complete the text, unless
    ``at_eof`` is true (``bash -c`` / script mode): then the end of the text is
    final, a trailing lone backslash is literal, and an incomplete text raises
    the :class:`ShSyntaxError` bash prints.
    """
    try:
        return _Parser(text, at_eof).script()
    except Incomplete as exc:
        if at_eof:
            raise ShSyntaxError(exc.message, exc.line) from None
        raise


def eof_error(text: str) -> ShSyntaxError:
    """The error bash reports when ``text`` (for which parse raised Incomplete) ends."""
    try:
        parse(text, at_eof=True)
    except ShSyntaxError as exc:
        return exc
    return ShSyntaxError(EOF_MESSAGE, _eof_line(text))
