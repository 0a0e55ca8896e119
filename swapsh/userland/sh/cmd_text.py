"""A command's text on one line, as bash's make_command_string() prints it in a job
listing (print_cmd.c): words as written, one blank between them, redirections after
the words, pipelines with " | ", and-or lists with " && "/" || "."""

from __future__ import annotations

from swapsh.userland.sh.ast import (
    AndOr,
    Clone64,
    Command,
    Group,
    Pipeline,
    Redirect,
    SimpleCommand,
    Subshell,
)

__all__ = ["command_text", "redirect_text"]


def redirect_text(r: Redirect) -> str:
    """print_redirection(): `> f`, `2> f`, `< f`, `2>&1`, `>&-`..."""
    target = r.target.text if r.target is not None else ""
    fd = "" if r.fd == {"<": 0, "<<": 0, "<<<": 0}.get(r.op, 1) else str(r.fd)
    if r.fd == -1:
        return f"&{r.op.lstrip('&')} {target}" if r.op != ">&" else f">& {target}"
    if r.dup_fd is not None:
        dest = "-" if r.dup_fd == -1 else str(r.dup_fd)
        return f"{r.fd}{r.op}{dest}"
    if r.op in (">&", "<&"):
        return f"{fd}{r.op}{target}"
    if r.heredoc is not None:
        return f"{fd}{r.op} {r.heredoc.delimiter}"
    return f"{fd}{r.op} {target}"


def command_text(cmd: Command | Pipeline | AndOr) -> str:
    """make_command_string() on one line, for job listings: words as written,
    one blank between them, redirections after them."""
    if isinstance(cmd, SimpleCommand):
        parts = [f"{a.name}={a.value.text}" for a in cmd.assigns]
        parts += [w.text for w in cmd.words] + [redirect_text(r) for r in cmd.redirects]
        return " ".join(parts)
    if isinstance(cmd, Clone64):
        return " ".join([f"clone64({cmd.flags})", *map(redirect_text, cmd.redirects)])
    if isinstance(cmd, Pipeline):
        text = " | ".join(command_text(c) for c in cmd.commands)
        return ("! " if cmd.negate else "") + text
    if isinstance(cmd, AndOr):
        return " ".join(
            [command_text(cmd.first), *(f"{op} {command_text(p)}" for op, p in cmd.rest)]
        )
    if isinstance(cmd, Group | Subshell):
        body = "; ".join(command_text(i) for i in cmd.body.items)
        text = f"{{ {body}; }}" if isinstance(cmd, Group) else f"( {body} )"
        return " ".join([text, *map(redirect_text, cmd.redirects)])
    return type(cmd).__name__.lower()
