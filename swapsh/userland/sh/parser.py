"""Parser for the swapsh shell: the bash 5.2 grammar (models parse.y).

Simple commands (assignments, words, redirections), pipelines (``|``, ``|&``,
``!``, ``time [-p]``), and/or lists and lists separated by ``;``, ``&`` or
newlines; the compound commands ``{ }``, ``( )``, ``(( ))``, ``[[ ]]``, if, while,
until, for (both forms), case (``;;`` ``;&`` ``;;&``) and function definitions,
each with its redirections; reserved words only where bash recognises them (the
first word of a command). Syntax errors carry bash 5.2's message text (without
the ``bash: line N:`` prefix). One extension: the command form
``clone64(CLONE_NEWSWAP|CLONE_NEWIPC)`` parses to :class:`Clone64`.

Every input yields a :class:`Script`, :class:`ShSyntaxError` or
:class:`Incomplete` in time linear in its length; nesting deeper than
MAX_NESTING is a syntax error, as bash's parser stack has a bound.
"""

from __future__ import annotations

import dataclasses
import re

from swapsh.userland.sh.ast import (
    AndOr,
    Arith,
    ArithFor,
    Assign,
    Case,
    CaseItem,
    Clone64,
    Command,
    Compound,
    Cond,
    CondBinary,
    CondNode,
    CondNot,
    CondOp,
    CondUnary,
    CondWord,
    For,
    FunctionDef,
    Group,
    HereDoc,
    If,
    Lit,
    Loop,
    Part,
    Pipeline,
    Redirect,
    Script,
    SimpleCommand,
    Subshell,
    Var,
    Word,
)
from swapsh.userland.sh.lexer import (
    _ASSIGN,
    _CLONE64,
    _CLOSERS,
    _CONT,
    _PEEKING_OPS,
    _REDIR_OPS,
    ANSIC_ESCAPES,
    EOF_MESSAGE,
    MAX_NESTING,
    Incomplete,
    Lexer,
    ShSyntaxError,
    Tok,
    Unsupported,
    _arith_end,
    _eof_line,
    _line_of,
    _literal,
    _make_redirect,
    _small_int,
    _unsupported,
    subscript_end,
)

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
    "compound_words",
    "eof_error",
    "parse",
    "parse_dq_text",
    "parse_nested_word",
    "parse_word",
]

_COMPOUND = frozenset(["if", "while", "until", "for", "case", "{", "[["])
_NO_STOPS: frozenset[str] = frozenset()
_CASE_TERMS = frozenset([";;", ";&", ";;&"])
_COND_UNARY = frozenset(
    [
        "-a",
        "-b",
        "-c",
        "-d",
        "-e",
        "-f",
        "-g",
        "-h",
        "-k",
        "-p",
        "-r",
        "-s",
        "-t",
        "-u",
        "-w",
        "-x",
        "-G",
        "-L",
        "-N",
        "-O",
        "-S",
        "-z",
        "-n",
        "-o",
        "-v",
        "-R",
    ]
)
_COND_BINARY = frozenset(
    ["=", "==", "!=", "=~", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"]
)
_BLANK_END = re.compile(r"[ \t\n]")


class _Parser:
    def __init__(self, src: str, at_eof: bool, start: int = 0, depth: int = 0) -> None:
        self.src = src
        self.lx = Lexer(src, at_eof, _parse_comsub, start, depth)
        self.nesting = depth
        self.tok = self.lx.next()
        self.first = start  # where the command being parsed begins

    def advance(self) -> None:
        self.tok = self.lx.next()

    def error(self, message: str, pos: int) -> ShSyntaxError:
        start = self.src.rfind("\n", 0, pos) + 1
        end = self.src.find("\n", pos)
        text = self.src[start : len(self.src) if end < 0 else end]
        return ShSyntaxError(message, _line_of(self.src, pos), text)

    def cond_error(self, message: str) -> ShSyntaxError:
        """A [[ ]] error, on the line of the token the parser is at."""
        err = ShSyntaxError(message, _line_of(self.src, self.tok.start))
        err.cond = True
        return err

    def unexpected(self, tok: Tok) -> ShSyntaxError:
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

    def is_plain(self, tok: Tok, *texts: str) -> bool:
        """Whether ``tok`` is an unquoted word spelled exactly as one of ``texts``."""
        return (
            tok.kind == "word"
            and tok.text in texts
            and tok.word is not None
            and tok.word.parts == (Lit(tok.text, False),)
        )

    def expect(self, word: str) -> None:
        """The reserved word ``word`` must come next (``fi``, ``done``, ...)."""
        if not self.is_plain(self.tok, word):
            raise self.unexpected(self.tok)
        self.advance()

    def skip_newlines(self, need_more: bool = False) -> None:
        while self.tok.kind == "newline":
            self.advance()
        if need_more and self.tok.kind == "eof":
            if self.tok.text == "hard":
                raise Incomplete(EOF_MESSAGE, _eof_line(self.src))
            raise self.lx.incomplete(EOF_MESSAGE)

    # -- lists ------------------------------------------------------------------------------
    def next_command(self) -> tuple[Script, int]:
        """The commands of the next line with any (what bash parses before it runs
        any of them), and the index after that line and its here-documents; an
        empty Script at the end of the text."""
        items: list[AndOr] = []
        self.skip_newlines()
        self.first = self.tok.start
        while self.tok.kind != "eof":
            items.append(self.list_item())
            if self.tok.kind == "newline":
                return Script(tuple(items), tuple(self.lx.warnings)), self.lx.pos
        return Script(tuple(items), tuple(self.lx.warnings)), len(self.src)

    def script(self) -> Script:
        items: list[AndOr] = []
        while True:
            self.skip_newlines()
            if self.tok.kind == "eof":
                return Script(tuple(items), tuple(self.lx.warnings))
            items.append(self.list_item())

    def list_item(self) -> AndOr:
        """An and-or list of a top-level list with its `;` or `&` (run in the
        background), which must end it unless a newline or the end does."""
        item = self.and_or()
        if self.is_op(";", "&"):
            item = dataclasses.replace(item, background=self.tok.text == "&")
            self.advance()
        elif self.tok.kind not in ("newline", "eof"):
            raise self.unexpected(self.tok)
        return item

    def compound_list(
        self,
        stops: frozenset[str],
        ops: frozenset[str] = _NO_STOPS,
        empty_ok: bool = False,
        comsub: bool = False,
    ) -> Script:
        """A list inside a compound command, up to one of the reserved words ``stops``
        (or operators ``ops``), which is left as the current token."""
        items: list[AndOr] = []
        while True:
            if self.tok.kind == "eof" and comsub and self.tok.text != "hard":
                raise self.lx.incomplete("unexpected EOF while looking for matching `)'")
            self.skip_newlines(need_more=True)
            if self.is_plain(self.tok, *stops) or self.is_op(*ops):
                break
            item = self.and_or()
            if self.is_op(";", "&"):
                item = dataclasses.replace(item, background=self.tok.text == "&")
                self.advance()
            elif not (
                self.tok.kind in ("newline", "eof")
                or self.is_plain(self.tok, *stops)
                or self.is_op(*ops)
            ):
                raise self.unexpected(self.tok)
            items.append(item)
        if not items and not empty_ok:
            raise self.unexpected(self.tok)
        return Script(tuple(items))

    def pipeline_prefix(self) -> tuple[str, bool, bool]:
        """bash's `BANG pipeline_command` and `timespec pipeline_command`, in any
        order and number (`! time`, `time time -p`, `! !`; a `--` may follow
        `time -p`): (the timing, "" / "time" / "time -p"; whether negated; whether
        there was any prefix)."""
        time, negate, prefixed = "", False, False
        while self.is_plain(self.tok, "time", "!"):
            prefixed = True
            if self.tok.text == "!":
                negate = not negate
                self.advance()
                continue
            self.advance()
            time = time or "time"
            if self.is_plain(self.tok, "-p"):
                self.advance()
                time = "time -p"
                if self.is_plain(self.tok, "--"):
                    self.advance()
        return time, negate, prefixed

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
        time, negate, prefixed = self.pipeline_prefix()
        if prefixed and (self.tok.kind in ("newline", "eof") or self.is_op(";")):
            return Pipeline((SimpleCommand((), (), ()),), negate, time)
        commands = [self.command()]
        while self.is_op("|", "|&"):
            if self.tok.text == "|&":
                commands[-1] = _with_stderr(commands[-1])
            self.advance()
            self.skip_newlines(need_more=True)
            commands.append(self.command())
        return Pipeline(tuple(commands), negate, time)

    # -- commands ---------------------------------------------------------------------------
    def command(self) -> Command:
        tok = self.tok
        if self.is_op("(") or self.is_plain(tok, *_COMPOUND):
            return self.compound_command()
        if self.is_plain(tok, "function"):
            return self.function_keyword()
        if self.is_plain(tok, "select", "coproc"):
            raise _unsupported(f"`{tok.text}' is")
        if self.is_plain(tok, *_CLOSERS):
            raise self.unexpected(tok)
        clone = self.clone64()
        return clone if clone is not None else self.simple_command()

    def compound_command(self) -> Compound:
        """A compound command and the redirections after it."""
        tok = self.tok
        if self.nesting >= MAX_NESTING:  # bison's stack: bash reports the token
            raise self.unexpected(tok)
        self.nesting += 1
        try:
            cmd = self.compound_body(tok)
        finally:
            self.nesting -= 1
        redirects: list[Redirect] = []
        while self.tok.kind == "io" or self.is_op(*_REDIR_OPS):
            redirects.append(self.redirect())
        return dataclasses.replace(cmd, redirects=tuple(redirects)) if redirects else cmd

    def compound_body(self, tok: Tok) -> Compound:
        if self.is_op("("):
            if self.src.startswith("(", tok.end):
                arith = self.arith_command(tok)
                if arith is not None:
                    return arith
            self.advance()
            body = self.compound_list(_NO_STOPS, frozenset([")"]))
            self.advance()
            return Subshell(body)
        word = tok.text
        self.advance()
        if word == "{":
            body = self.compound_list(frozenset(["}"]))
            self.expect("}")
            return Group(body)
        if word == "if":
            return self.if_clause()
        if word in ("while", "until"):
            cond = self.compound_list(frozenset(["do"]))
            self.expect("do")
            body = self.compound_list(frozenset(["done"]))
            self.expect("done")
            return Loop(cond, body, word == "until")
        if word == "for":
            return self.for_clause(tok)
        if word == "case":
            return self.case_clause()
        return self.cond_command()

    def arith_command(self, tok: Tok) -> Arith | None:
        """``((expr))``, or None when its parentheses make it a nested subshell."""
        k = _arith_end(self.src, tok.end + 1)
        if k == -1:
            raise self.lx.incomplete("unexpected EOF while looking for matching `)'", tok.start)
        if k < 0:
            return None
        self.lx.pos = k + 2
        self.advance()
        return Arith(self.src[tok.end + 1 : k])

    def if_clause(self) -> If:
        arms: list[tuple[Script, Script]] = []
        while True:
            cond = self.compound_list(frozenset(["then"]))
            self.expect("then")
            body = self.compound_list(frozenset(["elif", "else", "fi"]))
            arms.append((cond, body))
            if not self.is_plain(self.tok, "elif"):
                break
            self.advance()
        else_body = None
        if self.is_plain(self.tok, "else"):
            self.advance()
            else_body = self.compound_list(frozenset(["fi"]))
        self.expect("fi")
        return If(tuple(arms), else_body)

    def for_clause(self, start: Tok) -> For | ArithFor:
        if self.is_op("(") and self.src.startswith("(", self.tok.end):
            return self.arith_for()
        if self.tok.kind != "word":
            raise self.unexpected(self.tok)
        name, line = self.tok.text, _line_of(self.src, start.start)
        self.advance()
        words: tuple[Word, ...] | None = None
        if self.is_op(";"):
            self.advance()
        else:
            self.skip_newlines(need_more=True)
            if self.is_plain(self.tok, "in"):
                self.advance()
                found: list[Word] = []
                while self.tok.kind in ("word", "io") and self.tok.word is not None:
                    found.append(self.tok.word)
                    self.advance()
                words = tuple(found)
                if self.tok.kind == "eof":
                    self.skip_newlines(need_more=True)  # more to read, or bash's EOF error
                if not (self.is_op(";") or self.tok.kind == "newline"):
                    raise self.unexpected(self.tok)
                self.advance()
        return For(name, words, self.loop_body(), line=line)

    def loop_body(self) -> Script:
        """``do list done`` (or bash's ``{ list; }``) of a for command."""
        self.skip_newlines(need_more=True)
        if self.is_plain(self.tok, "{"):
            self.advance()
            body = self.compound_list(frozenset(["}"]))
            self.expect("}")
            return body
        self.expect("do")
        body = self.compound_list(frozenset(["done"]))
        self.expect("done")
        return body

    def arith_for(self) -> ArithFor:
        k = _arith_end(self.src, self.tok.end + 1)
        if k < 0:
            if k == -1:
                raise self.lx.incomplete("unexpected EOF while looking for matching `)'")
            raise self.unexpected(self.tok)
        exprs = self.src[self.tok.end + 1 : k].split(";")
        if len(exprs) != 3:
            raise self.error("syntax error: arithmetic expression required", self.tok.start)
        self.lx.pos = k + 2
        self.advance()
        if self.is_op(";"):
            self.advance()
        init, test, step = (e.strip() for e in exprs)
        return ArithFor(init, test, step, self.loop_body())

    def case_clause(self) -> Case:
        if self.tok.kind not in ("word", "io") or self.tok.word is None:
            raise self.unexpected(self.tok)
        word = self.tok.word
        self.advance()
        self.skip_newlines(need_more=True)
        self.expect("in")
        items: list[CaseItem] = []
        while True:
            self.skip_newlines(need_more=True)
            if self.is_plain(self.tok, "esac"):
                self.advance()
                return Case(word, tuple(items))
            patterns = self.case_patterns()
            body = self.compound_list(frozenset(["esac"]), _CASE_TERMS, empty_ok=True)
            term = ";;"
            if self.is_op(*_CASE_TERMS):
                term = self.tok.text
                self.advance()
            elif not self.is_plain(self.tok, "esac"):
                raise self.unexpected(self.tok)
            items.append(CaseItem(patterns, body, term))

    def case_patterns(self) -> tuple[Word, ...]:
        if self.is_op("("):
            self.advance()
        patterns: list[Word] = []
        while True:
            if self.tok.kind not in ("word", "io") or self.tok.word is None:
                raise self.unexpected(self.tok)
            patterns.append(self.tok.word)
            self.advance()
            if self.is_op(")"):
                self.advance()
                return tuple(patterns)
            if not self.is_op("|"):
                raise self.unexpected(self.tok)
            self.advance()

    # -- [[ ... ]] ----------------------------------------------------------------------------
    def cond_command(self) -> Cond:
        if self.is_plain(self.tok, "]]"):
            self.advance()  # bash 5.2 accepts an empty [[ ]] (and it is false)
            return Cond(CondWord(Word((), "")))
        expr = self.cond_or()
        if not self.is_plain(self.tok, "]]"):
            raise self.cond_error(
                f"syntax error in conditional expression: unexpected token `{self.tok.text}'"
            )
        self.advance()
        return Cond(expr)

    def cond_or(self) -> CondNode:
        left = self.cond_and()
        while self.is_op("||"):
            self.advance()
            self.skip_newlines(need_more=True)
            left = CondOp("||", left, self.cond_and())
        return left

    def cond_and(self) -> CondNode:
        left = self.cond_not()
        while self.is_op("&&"):
            self.advance()
            self.skip_newlines(need_more=True)
            left = CondOp("&&", left, self.cond_not())
        return left

    def cond_not(self) -> CondNode:
        if self.is_plain(self.tok, "!"):
            self.advance()
            return CondNot(self.cond_not())
        return self.cond_primary()

    def cond_word(self) -> Word:
        if self.tok.kind == "eof":
            raise self.lx.incomplete(EOF_MESSAGE)
        if (
            self.tok.kind not in ("word", "io")
            or self.tok.word is None
            or self.is_plain(self.tok, "]]")
        ):
            raise self.cond_error("")  # bash 5.2 stops here without a message
        word = self.tok.word
        self.advance()
        return word

    def cond_primary(self) -> CondNode:
        if self.is_op("("):
            self.advance()
            inner = self.cond_or()
            if not self.is_op(")"):
                raise self.cond_error(f"unexpected token `{self.tok.text}', expected `)'")
            self.advance()
            return inner
        if (
            self.tok.kind == "word"
            and self.tok.text in _COND_UNARY
            and self.is_plain(self.tok, self.tok.text)
        ):
            op = self.tok.text
            self.advance()
            if self.is_plain(self.tok, "]]") or self.tok.kind != "word":
                raise self.cond_error(
                    f"unexpected argument `{self.tok.text}' to conditional unary operator"
                )
            return CondUnary(op, self.cond_word())
        left = self.cond_word()
        if self.is_plain(self.tok, "]]") or self.is_op("&&", "||", ")"):
            return CondWord(left)
        op = self.tok.text
        if op not in _COND_BINARY or self.tok.kind not in ("word", "op"):
            raise self.cond_error("conditional binary operator expected")
        if op == "=~":
            return CondBinary(op, left, self.regex_word())
        self.advance()
        if self.is_plain(self.tok, "]]") or self.tok.kind != "word":
            raise self.cond_error(
                f"unexpected argument `{self.tok.text}' to conditional binary operator"
            )
        return CondBinary(op, left, self.cond_word())

    def regex_word(self) -> Word:
        """The right of ``=~``: up to a blank outside parentheses, so ``(a|b)`` is one
        word (bash's parse_cond_command reads it with the parser in regex mode)."""
        src, i = self.src, self.lx.pos
        while i < len(src) and src[i] in " \t":
            i += 1
        start, depth = i, 0
        while i < len(src) and (depth or _BLANK_END.match(src, i) is None):
            c = src[i]
            if c == "\\":
                i += 1
            elif c in "'\"":
                k = src.find(c, i + 1)
                i = len(src) - 1 if k < 0 else k
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            i += 1
        text = src[start:i]
        if not text or text == "]]":
            raise self.cond_error(
                f"unexpected argument `{text or 'newline'}' to conditional binary operator"
            )
        self.lx.pos = i
        self.advance()
        return self.lx.nested_word(text, False)

    # -- functions --------------------------------------------------------------------------
    def function_keyword(self) -> FunctionDef:
        start = self.tok.start
        self.advance()
        if self.tok.kind not in ("word", "io"):
            raise self.unexpected(self.tok)
        name = self.tok.text
        self.advance()
        if self.is_op("("):
            self.advance()
            if not self.is_op(")"):
                raise self.unexpected(self.tok)
            self.advance()
        return self.function_body(name, start)

    def function_body(self, name: str, start: int) -> FunctionDef:
        self.skip_newlines(need_more=True)
        if not (self.is_op("(") or self.is_plain(self.tok, *_COMPOUND)):
            raise self.unexpected(self.tok)
        body = self.compound_command()
        return FunctionDef(name, body, self.src[start : self.tok.start].rstrip())

    def simple_command(self) -> SimpleCommand | FunctionDef:
        assigns: list[Assign] = []
        words: list[Word] = []
        redirects: list[Redirect] = []
        line = _line_of(self.src, self.tok.start)
        while True:
            tok = self.tok
            if tok.kind == "io" or self.is_op(*_REDIR_OPS):
                redirects.append(self.redirect())
            elif tok.kind == "word" and tok.word is not None:
                assign = None if words else self.assignment(tok, tok.word)
                if assign is not None:
                    assigns.append(assign)
                else:
                    if (k := _compound_at(tok.word)) >= 0 and (
                        not words or words[0].text not in _ASSIGN_OK
                    ):  # name=( ) only where bash's parser accepts an assignment
                        raise self.error("syntax error near unexpected token `('", tok.start + k)
                    words.append(tok.word)
                self.advance()
            elif self.is_op("(") and len(words) == 1 and not assigns and not redirects:
                return self.function_definition(words[0])
            else:
                break
        if not (assigns or words or redirects):
            raise self.unexpected(self.tok)
        return SimpleCommand(tuple(assigns), tuple(words), tuple(redirects), line)

    def function_definition(self, name: Word) -> FunctionDef:
        """``name ( ) compound-command``: the ``(`` is the current token."""
        start = self.tok.start - len(name.text)
        self.advance()
        if not self.is_op(")"):
            raise self.unexpected(self.tok)
        self.advance()
        return self.function_body(name.text, max(start, 0))

    def assignment(self, tok: Tok, word: Word) -> Assign | None:
        first = word.parts[0] if word.parts else None
        if not isinstance(first, Lit) or first.quoted:
            return None
        m = _ASSIGN.match(first.text)
        if m is None or m.group(2) or word.text[m.end() :].startswith("("):
            return _assignment_text(word)
        rest = first.text[m.end() :]
        head: tuple[Part, ...] = ()
        if rest.startswith("~"):
            head = (Lit("~", False),) + ((Lit(rest[1:], False),) if rest[1:] else ())
        elif rest:
            head = (Lit(rest, False),)
        parts = head + word.parts[1:]
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
        op_pos = self.tok.start
        self.advance()
        target = self.tok  # bash lexes "1" in ">&1<x" as a word, not an fd prefix
        if target.kind != "word" and not (op in (">&", "<&", "<<", "<<-") and target.kind == "io"):
            raise self.unexpected(target)
        if target.word is None:
            raise self.unexpected(target)
        if op in ("<<", "<<-"):  # registered before the next token: its newline reads it
            doc = _heredoc(target.word, op == "<<-")
            self.lx.heredocs.append((doc, op_pos))
            self.advance()
            return Redirect(0 if fd is None else fd, "<<", None, None, doc)
        self.advance()
        if op == "<<<":
            return Redirect(0 if fd is None else fd, op, target.word, None)
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


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _assignment_text(word: Word) -> Assign | None:
    """The assignments other than plain ``name=value``, read from the word's text:
    ``name+=value``, ``name[sub]=value`` and the compound ``name=(...)``."""
    text = word.text
    m = _NAME.match(text)
    if m is None:
        return None
    k, sub = m.end(), None
    if text.startswith("[", k):
        end = subscript_end(text, k + 1)
        if end < 0:
            return None
        sub, k = text[k + 1 : end], end + 1
    append = text.startswith("+", k)
    k += append
    if not text.startswith("=", k):
        return None
    value = text[k + 1 :]
    first, last = word.parts[0], word.parts[-1]
    if value.startswith("(") and isinstance(last, Lit) and last.quoted and last.text == value:
        return Assign(m.group(), Word((), ""), sub, append, value[1:-1])
    if isinstance(first, Lit) and not first.quoted and len(first.text) > k:  # a=(4*3)/2
        head = (Lit(first.text[k + 1 :], False),) if first.text[k + 1 :] else ()
        return Assign(m.group(), Word(head + word.parts[1:], value), sub, append)
    return Assign(m.group(), parse_word(value) if value else Word((), ""), sub, append)


# The commands whose arguments may be compound assignments (parse.y's PST_ASSIGNOK)
_ASSIGN_OK = frozenset(
    ["alias", "declare", "export", "local", "readonly", "typeset", "eval", "let"]
)


def _compound_at(word: Word) -> int:
    """Where a word's name=( ... ) parenthesis is (-1: the word has none)."""
    last = word.parts[-1] if word.parts else None
    if not isinstance(last, Lit) or not last.quoted or not last.text.startswith("("):
        return -1
    return len(word.text) - len(last.text) if word.text.endswith("=" + last.text) else -1


def _heredoc(word: Word, strip_tabs: bool) -> HereDoc:
    """The delimiter of ``<<word``: the word after quote removal, unexpanded; any
    quoting in it turns expansion of the body off."""
    quoted = any(c in word.text for c in "'\"\\")
    delimiter = "".join(
        p.text if isinstance(p, Lit) else "$" + getattr(p, "name", "") for p in word.parts
    )
    return HereDoc(delimiter, strip_tabs, quoted)


def _with_stderr(command: Command) -> Command:
    """``cmd |& next``: append bash's implicit ``2>&1`` to ``cmd``."""
    extra = (Redirect(2, ">&", None, 1),)
    if isinstance(command, FunctionDef):
        return command
    return dataclasses.replace(command, redirects=command.redirects + extra)


def _parse_comsub(
    src: str, start: int, at_eof: bool, depth: int, closer: bool
) -> tuple[Script, int]:
    """bash's parse_comsub(): the command list of ``$(`` from ``start`` to its ``)``
    (``closer``), or of a backquoted text to its end. Returns (script, end index)."""
    p = _Parser(src, at_eof, start, depth)
    if not closer:
        return p.script(), len(src)
    body = p.compound_list(_NO_STOPS, frozenset([")"]), empty_ok=True, comsub=True)
    return body, p.tok.end


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


def parse_next(text: str, start: int) -> tuple[Script, int, int]:
    """The next line's commands of a script's whole text from index ``start``, where
    the rest begins, and the line the commands start on (linear in what is parsed:
    a script is read command by command, each run before the next is parsed, as
    bash reads it). The end of the text is final, as for :func:`parse` with
    ``at_eof``. Raises ShSyntaxError."""
    p = _Parser(text, True, start)
    try:
        script, end = p.next_command()
    except Incomplete as exc:
        raise ShSyntaxError(exc.message, exc.line) from None
    except Unsupported as exc:  # said without a place: the line the command starts on
        exc.line = _line_of(text, p.first)
        raise
    return script, end, _line_of(text, p.first)


def parse_dq_text(text: str) -> Word:
    """``text`` as the inside of "..." (the body of $((...)) before evaluation)."""
    return _Parser("", True).lx.text_word(text)


def compound_words(text: str) -> list[Word]:
    """The words of a compound assignment's ``( ... )`` text (newlines and comments
    separate them as blanks do). Raises ShSyntaxError for an operator among them."""
    lx = Lexer(text, True, _parse_comsub)
    lx.compound = True
    words: list[Word] = []
    try:
        while (tok := lx.next()).kind != "eof":
            if tok.word is not None:
                words.append(tok.word)
            elif tok.kind != "newline":
                raise ShSyntaxError(f"syntax error near unexpected token `{tok.text}'", 1)
    except Incomplete as exc:  # declare -a x="('": a quote left open
        raise ShSyntaxError(exc.message, exc.line) from None
    return words


def parse_nested_word(text: str) -> Word:
    """``text`` read as a ${x op word} operand is: quotes and expansions, every
    other character (blanks too) literal. An associative array's subscript."""
    try:
        return Lexer("", True, _parse_comsub).nested_word(text, False)
    except Incomplete as exc:  # a quote from an expansion left open
        raise ShSyntaxError(exc.message, exc.line) from None


def parse_word(text: str) -> Word:
    """A word's raw text (one brace expansion made) read as the lexer reads a word."""
    return Lexer(text, True, _parse_comsub).word()


def eof_error(text: str) -> ShSyntaxError:
    """The error bash reports when ``text`` (for which parse raised Incomplete) ends."""
    try:
        parse(text, at_eof=True)
    except ShSyntaxError as exc:
        return exc
    return ShSyntaxError(EOF_MESSAGE, _eof_line(text))
