"""Commands back to text, as bash prints them (models bash 5.2's print_cmd.c:
make_command_string, named_function_string). `type`, `declare -f` and `set` print
functions with it; job listings print commands with it.

bash's tree joins commands with binary connections (`a; b; c` is ((a ; b) ; c));
swapsh's Script/AndOr/Pipeline lists are turned into the same chain (:class:`_Conn`)
so the printer can follow print_cmd.c's rules for indentation, `;` and here-documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.userland.sh.ast import (
    AndOr,
    Arith,
    ArithFor,
    Case,
    Clone64,
    Command,
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
    If,
    Loop,
    Pipeline,
    Redirect,
    Script,
    SimpleCommand,
    Subshell,
)

__all__ = ["command_string", "function_text", "redirection_text"]

INDENTATION_AMOUNT = 4
RESERVED = frozenset(
    [
        "if",
        "then",
        "elif",
        "else",
        "fi",
        "case",
        "esac",
        "for",
        "select",
        "while",
        "until",
        "do",
        "done",
        "in",
        "function",
        "time",
        "{",
        "}",
        "!",
        "[[",
        "]]",
        "coproc",
    ]
)


@dataclass(frozen=True, slots=True)
class _Conn:
    """bash's CONNECTION: first, connector (; & | && ||), second (None after a final &)."""

    first: _Node
    connector: str
    second: _Node | None


@dataclass(frozen=True, slots=True)
class _Flagged:
    """A pipeline's `!` and `time` (bash's CMD_INVERT_RETURN, CMD_TIME_PIPELINE)."""

    node: _Node
    negate: bool
    time: str


_Node = Command | _Conn | _Flagged | None


def _chain(nodes: list[_Node], connectors: list[str]) -> _Node:
    """Left-nested connections, as bash's parser builds them."""
    tree = nodes[0]
    for conn, node in zip(connectors, nodes[1:], strict=True):
        tree = _Conn(tree, conn, node)
    return tree


def _pipeline(p: Pipeline) -> _Node:
    node = _chain(list(p.commands), ["|"] * (len(p.commands) - 1))
    return _Flagged(node, p.negate, p.time) if p.negate or p.time else node


def _andor(a: AndOr) -> _Node:
    return _chain([_pipeline(a.first)] + [_pipeline(p) for _, p in a.rest], [o for o, _ in a.rest])


def _script(s: Script) -> _Node:
    if not s.items:
        return None
    tree = _andor(s.items[0])
    for prev, item in zip(s.items, s.items[1:], strict=False):
        tree = _Conn(tree, "&" if prev.background else ";", _andor(item))
    if s.items[-1].background:
        tree = _Conn(tree, "&", None)
    return tree


class _Printer:
    """print_cmd.c's state: the text so far and its indentation rules."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.indentation = 0
        self.skip_this_indent = 0
        self.inside_function_def = 0
        self.printing_connection = 0
        self.deferred: list[Redirect] = []
        self.was_heredoc = False

    def cprintf(self, s: str) -> None:
        if s:
            self.out.append(s)

    def last_char(self) -> str:
        for s in reversed(self.out):
            if s:
                return s[-1]
        return ""

    def indent(self, n: int) -> None:
        self.cprintf(" " * n)

    def newline(self, s: str) -> None:
        self.cprintf("\n")
        self.indent(self.indentation)
        self.cprintf(s)

    def semicolon(self) -> None:
        if self.out and self.last_char() in "&\n":
            return
        self.cprintf(";")

    # -- commands ---------------------------------------------------------------------------
    def command(self, node: _Node) -> None:
        """make_command_string_internal."""
        if node is None:
            return
        if self.skip_this_indent:
            self.skip_this_indent -= 1
        else:
            self.indent(self.indentation)
        if isinstance(node, _Flagged):
            if node.time:
                self.cprintf(node.time + " ")
            if node.negate:
                self.cprintf("! ")
            self.skip_this_indent += 1
            self.command(node.node)
            return
        if isinstance(node, _Conn):
            self.connection(node)
            return
        self.compound_or_simple(node)
        redirects = getattr(node, "redirects", ())
        if redirects and not isinstance(node, SimpleCommand | Clone64):
            self.cprintf(" ")
            self.redirection_list(redirects)

    def compound_or_simple(self, node: Command) -> None:
        if isinstance(node, SimpleCommand):
            words = [f"{a.name}={a.value.text}" for a in node.assigns]
            words += [w.text for w in node.words]
            self.cprintf(" ".join(words))
            if node.redirects:
                if words:
                    self.cprintf(" ")
                self.redirection_list(node.redirects)
        elif isinstance(node, Clone64):
            self.cprintf(f"clone64({node.flags})")
            if node.redirects:
                self.cprintf(" ")
                self.redirection_list(node.redirects)
        elif isinstance(node, FunctionDef):
            self.function_def(node)
        elif isinstance(node, Group):
            self.group(node)
        elif isinstance(node, Subshell):
            self.cprintf("( ")
            self.skip_this_indent += 1
            self.command(_script(node.body))
            self.deferred_heredocs("")
            self.cprintf(" )")
        else:
            self.control(node)

    def control(self, node: Command) -> None:
        if isinstance(node, If):
            self.if_command(node.arms, node.else_body)
        elif isinstance(node, Loop):
            self.until_or_while(node)
        elif isinstance(node, For):
            words = " ".join(w.text for w in node.words) if node.words is not None else '"$@"'
            self.cprintf(f"for {node.name} in {words};")
            self.loop_body(_script(node.body))
        elif isinstance(node, ArithFor):
            init, test, step = (x.strip() for x in (node.init, node.test, node.step))
            self.cprintf(f"for (({init}; {test}; {step}))")
            self.loop_body(_script(node.body))
        elif isinstance(node, Case):
            self.case_command(node)
        elif isinstance(node, Arith):
            self.cprintf(f"(({node.expr}))")
        elif isinstance(node, Cond):
            self.cprintf("[[ ")
            self.cond_node(node.expr)
            self.cprintf(" ]]")

    def loop_body(self, body: _Node) -> None:
        """print_for_command's `do` ... `done` (after the head)."""
        self.newline("do\n")
        self.indentation += INDENTATION_AMOUNT
        self.command(body)
        self.deferred_heredocs("")
        self.semicolon()
        self.indentation -= INDENTATION_AMOUNT
        self.newline("done")

    def connection(self, node: _Conn) -> None:
        self.skip_this_indent += 1
        self.printing_connection += 1
        self.command(node.first)
        c = node.connector
        if c in ("&", "|"):
            self.deferred_heredocs(" " + c)
            if c != "&" or node.second is not None:
                self.cprintf(" ")
                self.skip_this_indent += 1
        elif c in ("&&", "||"):
            self.deferred_heredocs(f" {c} ")
            if node.second is not None:
                self.skip_this_indent += 1
        else:
            if not self.deferred:
                if not self.was_heredoc:
                    self.cprintf(";")
                else:
                    self.was_heredoc = False
            else:
                self.deferred_heredocs("" if self.inside_function_def else ";")
            if self.inside_function_def:
                self.cprintf("\n")
            else:
                self.cprintf(" ")
                if node.second is not None:
                    self.skip_this_indent += 1
        self.command(node.second)
        self.deferred_heredocs("")
        self.printing_connection -= 1

    def group(self, node: Group) -> None:
        self.cprintf("{ ")
        if not self.inside_function_def:
            self.skip_this_indent += 1
        else:
            self.cprintf("\n")
            self.indentation += INDENTATION_AMOUNT
        self.command(_script(node.body))
        self.deferred_heredocs("")
        if self.inside_function_def:
            self.cprintf("\n")
            self.indentation -= INDENTATION_AMOUNT
            self.indent(self.indentation)
        else:
            self.semicolon()
            self.cprintf(" ")
        self.cprintf("}")

    def if_command(self, arms: tuple[tuple[Script, Script], ...], else_body: Script | None) -> None:
        """print_if_command; an elif is the else part's own if, as bash's parser makes it."""
        cond, body = arms[0]
        self.cprintf("if ")
        self.skip_this_indent += 1
        self.command(_script(cond))
        self.semicolon()
        self.cprintf(" then\n")
        self.indentation += INDENTATION_AMOUNT
        self.command(_script(body))
        self.deferred_heredocs("")
        self.indentation -= INDENTATION_AMOUNT
        if len(arms) > 1 or else_body is not None:
            self.semicolon()
            self.newline("else\n")
            self.indentation += INDENTATION_AMOUNT
            if len(arms) > 1:
                self.indent(self.indentation)
                self.if_command(arms[1:], else_body)
            else:
                self.command(_script(else_body or Script(())))
            self.deferred_heredocs("")
            self.indentation -= INDENTATION_AMOUNT
        self.semicolon()
        self.newline("fi")

    def until_or_while(self, node: Loop) -> None:
        self.cprintf("until " if node.until else "while ")
        self.skip_this_indent += 1
        self.command(_script(node.cond))
        self.deferred_heredocs("")
        self.semicolon()
        self.cprintf(" do\n")
        self.indentation += INDENTATION_AMOUNT
        self.command(_script(node.body))
        self.deferred_heredocs("")
        self.indentation -= INDENTATION_AMOUNT
        self.semicolon()
        self.newline("done")

    def case_command(self, node: Case) -> None:
        self.cprintf(f"case {node.word.text} in ")
        self.indentation += INDENTATION_AMOUNT
        for item in node.items:
            self.newline("")
            self.cprintf(" | ".join(p.text for p in item.patterns))
            self.cprintf(")\n")
            self.indentation += INDENTATION_AMOUNT
            self.command(_script(item.body))
            self.indentation -= INDENTATION_AMOUNT
            self.deferred_heredocs("")
            self.newline(item.term)
        self.indentation -= INDENTATION_AMOUNT
        self.newline("esac")

    def cond_node(self, node: CondNode) -> None:
        if isinstance(node, CondNot):
            self.cprintf("! ")
            self.cond_node(node.expr)
        elif isinstance(node, CondOp):
            self.cond_node(node.left)
            self.cprintf(f" {node.op} ")
            self.cond_node(node.right)
        elif isinstance(node, CondUnary):
            self.cprintf(f"{node.op} {node.word.text}")
        elif isinstance(node, CondBinary):
            self.cprintf(f"{node.left.text} {node.op} {node.right.text}")
        elif isinstance(node, CondWord):
            self.cprintf(node.word.text)

    def function_def(self, fn: FunctionDef) -> None:
        """print_function_def: a definition inside a function's body."""
        self.cprintf(f"function {fn.name} () \n")
        self.indent(self.indentation)
        self.cprintf("{ \n")
        self.inside_function_def += 1
        self.indentation += INDENTATION_AMOUNT
        self.function_body(fn)

    def function_body(self, fn: FunctionDef) -> None:
        """The body and closing brace (the caller has printed `{ ` and indented)."""
        body = fn.body
        redirects = body.redirects if isinstance(body, Group) else ()
        self.command(_script(body.body) if isinstance(body, Group) else body)
        self.deferred_heredocs("")
        self.indentation -= INDENTATION_AMOUNT
        self.inside_function_def -= 1
        if redirects:
            self.newline("} ")
            self.redirection_list(redirects)
        else:
            self.newline("}")

    # -- redirections -------------------------------------------------------------------------
    def redirection_list(self, redirects: tuple[Redirect, ...]) -> None:
        heredocs: list[Redirect] = []
        self.was_heredoc = False
        for i, r in enumerate(redirects):
            if r.heredoc is not None:
                self.cprintf(_heredoc_header(r))
                heredocs.append(r)
            else:
                self.cprintf(_redirection(r))
            if i + 1 < len(redirects):
                self.cprintf(" ")
        if heredocs and self.printing_connection:
            self.deferred = heredocs
        elif heredocs:
            self.heredoc_bodies(heredocs)

    def heredoc_bodies(self, heredocs: list[Redirect]) -> None:
        self.cprintf("\n")
        for r in heredocs:
            doc = r.heredoc
            if doc is not None:
                self.cprintf((doc.body.text if doc.body else "") + doc.delimiter)
            self.cprintf("\n")
        self.was_heredoc = True

    def deferred_heredocs(self, cstring: str) -> None:
        if cstring and (cstring[0] != ";" or cstring[1:]):
            self.cprintf(cstring)
        if self.deferred:
            self.heredoc_bodies(self.deferred)
            if cstring and (cstring[0] != ";" or cstring[1:]):
                self.cprintf(" ")
            self.was_heredoc = True
        self.deferred = []


def _heredoc_header(r: Redirect) -> str:
    doc = r.heredoc
    if doc is None:
        return ""
    fd = str(r.fd) if r.fd != 0 else ""
    delim = "'" + doc.delimiter.replace("'", "'\\''") + "'" if doc.quoted else doc.delimiter
    return f"{fd}<<{'-' if doc.strip_tabs else ''}{delim}"


def redirection_text(r: Redirect) -> str:
    """One redirection as bash prints it (a here-document: its header)."""
    return _heredoc_header(r) if r.heredoc is not None else _redirection(r)


def _redirection(r: Redirect) -> str:
    """print_redirection for every redirection but a here-document."""
    target = r.target.text if r.target is not None else ""
    if r.fd == -1:
        return f"&{r.op} {target}"
    if r.dup_fd is not None:
        if r.dup_fd == -1:
            return f"{r.fd}>&-"
        return f"{r.fd}{r.op}{r.dup_fd}"
    if r.op in (">&", "<&"):
        default = 1 if r.op == ">&" else 0
        return f"{'' if r.fd == default else r.fd}{r.op}{target}"
    default = 0 if r.op in ("<", "<<<") else 1
    fd = "" if r.fd == default else str(r.fd)
    return f"{fd}{r.op} {target}"


def function_text(fn: FunctionDef) -> str:
    """named_function_string(name, body, FUNC_MULTILINE): what `type` and
    `declare -f` print for a function (without the final newline)."""
    p = _Printer()
    if fn.name in RESERVED:
        p.cprintf("function ")
    p.cprintf(f"{fn.name} () \n")
    p.indentation += INDENTATION_AMOUNT
    p.inside_function_def += 1
    p.cprintf("{ \n")
    p.function_body(fn)
    p.indentation = 0
    return "".join(p.out)


def command_string(node: AndOr | Pipeline | Command | Script) -> str:
    """make_command_string: a command on one line (job listings, traces)."""
    p = _Printer()
    if isinstance(node, Script):
        p.command(_script(node))
    elif isinstance(node, AndOr):
        p.command(_andor(node))
    elif isinstance(node, Pipeline):
        p.command(_pipeline(node))
    else:
        p.command(node)
    return "".join(p.out)
