"""The shell's syntax tree (models bash 5.2's command.h: WORD_DESC, REDIRECT,
SIMPLE_COM, the compound commands and their COMMAND wrapper).

Words are sequences of parts: literal text (quoted or not), parameters, and the
expansions that need the executor ($(...), $((...)), ${x op w}). Compound commands
carry the redirections written after them, as bash's COMMAND.redirects does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AndOr",
    "Arith",
    "ArithFor",
    "ArithSub",
    "Assign",
    "Case",
    "CaseItem",
    "Clone64",
    "CmdSub",
    "Command",
    "Compound",
    "Cond",
    "CondBinary",
    "CondNode",
    "CondNot",
    "CondOp",
    "CondUnary",
    "CondWord",
    "For",
    "FunctionDef",
    "Group",
    "HereDoc",
    "If",
    "Lit",
    "Loop",
    "ParamExp",
    "Part",
    "Pipeline",
    "Redirect",
    "Script",
    "SimpleCommand",
    "Subshell",
    "Var",
    "Word",
]


@dataclass(frozen=True, slots=True)
class Lit:
    text: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class Var:
    name: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class CmdSub:
    """``$(...)`` or a backquoted command: its output, trailing newlines removed."""

    script: Script
    quoted: bool


@dataclass(frozen=True, slots=True)
class ArithSub:
    """``$((expr))``: ``expr`` is the raw text, expanded as in double quotes first."""

    expr: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class ParamExp:
    """``${...}`` with an operator (``${x}`` alone is a :class:`Var`).

    ``op`` is the operator as written: ``#`` (length, in front), ``!`` (indirection),
    ``!*``/``!@`` (names with a prefix), ``:-`` ``-`` ``:=`` ``=`` ``:?`` ``?``
    ``:+`` ``+``, ``#`` ``##`` ``%`` ``%%`` (pattern removal, after the name),
    ``/`` ``//`` ``/#`` ``/%`` (replacement; ``arg2`` is the string), ``^`` ``^^``
    ``,`` ``,,`` (case), ``:`` (substring; ``arg`` offset, ``arg2`` length), ``@``
    (transformation), or ``""`` for a body bash calls a bad substitution.
    """

    name: str
    op: str
    arg: Word | None
    arg2: Word | None
    quoted: bool
    text: str  # what stood between the braces, for "bad substitution" messages


Part = Lit | Var | CmdSub | ArithSub | ParamExp


@dataclass(frozen=True, slots=True)
class Word:
    parts: tuple[Part, ...]
    text: str


@dataclass(eq=False, slots=True)
class HereDoc:
    """A here-document's body, filled in when the lexer reaches the line after its
    operator (so it is mutable while the parse runs)."""

    delimiter: str
    strip_tabs: bool  # <<-
    quoted: bool  # a quoted delimiter: no expansion
    body: Word | None = None


@dataclass(frozen=True, slots=True)
class Redirect:
    """``fd`` -1 means stdout and stderr (``&>f``, ``>&f``); ``dup_fd`` -1 means close (``>&-``).

    ``op`` is one of ``> >> < <> >& <& << <<<``; a ``>&``/``<&`` with a ``target``
    word (e.g. ``2>&$x``) is decided after expansion, as bash does. ``<<`` carries
    its body in ``heredoc``; ``<<<`` its word in ``target``.
    """

    fd: int
    op: str
    target: Word | None
    dup_fd: int | None
    heredoc: HereDoc | None = None


@dataclass(frozen=True, slots=True)
class Assign:
    """``name=value``, ``name+=value``, ``name[subscript]=value`` or, with
    ``compound``, ``name=( words )`` (the raw text between the parentheses)."""

    name: str
    value: Word
    subscript: str | None = None  # raw text between the brackets
    append: bool = False  # +=
    compound: str | None = None


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    assigns: tuple[Assign, ...]
    words: tuple[Word, ...]
    redirects: tuple[Redirect, ...]
    line: int = field(default=0, compare=False)  # source line of its first word


@dataclass(frozen=True, slots=True)
class Clone64:
    flags: str
    redirects: tuple[Redirect, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """``{ list; }``."""

    body: Script
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class Subshell:
    """``( list )``: run by a forked copy of the shell."""

    body: Script
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class If:
    """``if c1; then b1; elif c2; then b2; else b3; fi``: arms are (condition, body)."""

    arms: tuple[tuple[Script, Script], ...]
    else_body: Script | None
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class Loop:
    """``while cond; do body; done`` (or ``until``)."""

    cond: Script
    body: Script
    until: bool
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class For:
    """``for name [in words]; do body; done``; ``words`` None means ``"$@"``."""

    name: str
    words: tuple[Word, ...] | None
    body: Script
    redirects: tuple[Redirect, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ArithFor:
    """``for ((init; test; step)); do body; done``: the three raw expressions."""

    init: str
    test: str
    step: str
    body: Script
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseItem:
    patterns: tuple[Word, ...]
    body: Script
    term: str  # ";;", ";&" or ";;&"


@dataclass(frozen=True, slots=True)
class Case:
    word: Word
    items: tuple[CaseItem, ...]
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class Arith:
    """``((expr))``: the raw expression text."""

    expr: str
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class CondWord:
    word: Word


@dataclass(frozen=True, slots=True)
class CondUnary:
    op: str  # -f, -n, -z, ...
    word: Word


@dataclass(frozen=True, slots=True)
class CondBinary:
    op: str  # = == != < > =~ -eq ... -nt -ot -ef
    left: Word
    right: Word


@dataclass(frozen=True, slots=True)
class CondNot:
    expr: CondNode


@dataclass(frozen=True, slots=True)
class CondOp:
    op: str  # "&&" or "||"
    left: CondNode
    right: CondNode


CondNode = CondWord | CondUnary | CondBinary | CondNot | CondOp


@dataclass(frozen=True, slots=True)
class Cond:
    """``[[ expr ]]``."""

    expr: CondNode
    redirects: tuple[Redirect, ...] = ()


Compound = Group | Subshell | If | Loop | For | ArithFor | Case | Arith | Cond


@dataclass(frozen=True, slots=True)
class FunctionDef:
    """``name () compound [redirs]`` or ``function name [()] compound [redirs]``."""

    name: str
    body: Compound
    text: str = ""  # the definition's source text


Command = SimpleCommand | Clone64 | Compound | FunctionDef


@dataclass(frozen=True, slots=True)
class Pipeline:
    commands: tuple[Command, ...]
    negate: bool
    time: str = ""  # "", "time" or "time -p" (sh/time_cmd.py)


@dataclass(frozen=True, slots=True)
class AndOr:
    first: Pipeline
    rest: tuple[tuple[str, Pipeline], ...]
    background: bool = False


@dataclass(frozen=True, slots=True)
class Script:
    items: tuple[AndOr, ...]
    warnings: tuple[tuple[int, str], ...] = field(default=(), compare=False)  # (line, text)
