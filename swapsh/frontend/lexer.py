"""Highlighting of the command line: pygments' BashLexer plus the seed's
``clone64(CLONE_NEWSWAP|CLONE_NEWIPC)`` command form."""

from __future__ import annotations

from typing import ClassVar

from prompt_toolkit.lexers import Lexer, PygmentsLexer
from pygments.lexer import bygroups, default, inherit  # type: ignore[import-untyped]
from pygments.lexers.shell import BashLexer  # type: ignore[import-untyped]
from pygments.token import (  # type: ignore[import-untyped]
    Name,
    Number,
    Operator,
    Punctuation,
    Text,
)

__all__ = ["SwapshBashLexer", "create_lexer"]


class SwapshBashLexer(BashLexer):  # type: ignore[misc]
    """BashLexer that also knows ``clone64(FLAG|FLAG)``: the flags are constants."""

    name = "swapsh bash"
    aliases: ClassVar[list[str]] = ["swapsh"]
    filenames: ClassVar[list[str]] = []
    tokens: ClassVar[dict[str, list[object]]] = {
        "root": [
            (r"\b(clone64)(\()", bygroups(Name.Builtin, Punctuation), "clone64"),
            inherit,
        ],
        "clone64": [
            (r"CLONE_[A-Z_]+", Name.Constant),
            (r"0[xX][0-9a-fA-F]+|[0-9]+", Number),
            (r"\|", Operator),
            (r"[ \t]+", Text),
            (r"\)", Punctuation, "#pop"),
            default("#pop"),
        ],
    }


def create_lexer() -> Lexer:
    """The prompt_toolkit lexer for swapsh command lines."""
    return PygmentsLexer(SwapshBashLexer)
