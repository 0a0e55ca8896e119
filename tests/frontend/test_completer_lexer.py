"""Completion and highlighting of command lines, on a bare Document against a real
Machine (the prompt_toolkit tests/test_completion.py habit)."""

from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent, Completer
from prompt_toolkit.document import Document
from pygments.token import Name, Operator, Punctuation  # type: ignore[import-untyped]

from swapsh.frontend.completer import create_completer
from swapsh.frontend.lexer import SwapshBashLexer, create_lexer
from swapsh.machine import Machine


@pytest.fixture(scope="module")
def completer() -> Completer:
    return create_completer(Machine())


def complete(completer: Completer, text: str) -> list[tuple[str, int]]:
    """(text, start_position) of each completion offered with the cursor at the end."""
    return [
        (c.text, c.start_position)
        for c in completer.get_completions(Document(text), CompleteEvent())
    ]


def test_command_names_complete_at_line_start(completer: Completer) -> None:
    assert complete(completer, "ex") == [("exec", -2), ("exit", -2), ("export", -2)]


@pytest.mark.parametrize("before", ["true; ", "true | ", "true && ", "false || ", "true & "])
def test_command_names_complete_after_separators(completer: Completer, before: str) -> None:
    assert ("pwd", -1) in complete(completer, before + "p")


def test_clone64_is_offered_as_a_command(completer: Completer) -> None:
    assert ("clone64(", -2) in complete(completer, "cl")


def test_arguments_do_not_complete_as_commands(completer: Completer) -> None:
    assert complete(completer, "echo ex") == []


def test_root_paths_complete_with_a_slash_for_directories(completer: Completer) -> None:
    assert complete(completer, "ls /s") == [("sbin/", -1)]


def test_files_in_a_directory_complete_without_a_slash(completer: Completer) -> None:
    assert ("init", -2) in complete(completer, "ls /sbin/in")


def test_a_path_in_command_position_completes_as_a_path(completer: Completer) -> None:
    assert complete(completer, "/sbin/in") == [("init", -2)]


def test_missing_directory_completes_nothing(completer: Completer) -> None:
    assert complete(completer, "ls /nonexistent/") == []


def test_clone64_flags_complete_after_the_parenthesis(completer: Completer) -> None:
    offered = [text for text, start in complete(completer, "clone64(CLONE_NEW")]
    assert "CLONE_NEWSWAP" in offered and "CLONE_NEWIPC" in offered
    assert all(text.startswith("CLONE_NEW") for text in offered)


def test_clone64_offers_the_seeds_alias_from_the_kernels_flags(completer: Completer) -> None:
    assert complete(completer, "clone64(CLONE_SW") == [("CLONE_SWAPNS", -8)]


def test_clone64_flags_complete_after_a_bar(completer: Completer) -> None:
    assert complete(completer, "clone64(CLONE_NEWSWAP|CLONE_NEWI") == [("CLONE_NEWIPC", -10)]


def test_clone64_offers_flags_only(completer: Completer) -> None:
    assert all(text.startswith("CLONE_") for text, _ in complete(completer, "clone64("))


def test_lexer_marks_clone64_flags_as_constants() -> None:
    tokens = list(SwapshBashLexer().get_tokens("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)"))
    assert tokens[:6] == [
        (Name.Builtin, "clone64"),
        (Punctuation, "("),
        (Name.Constant, "CLONE_NEWSWAP"),
        (Operator, "|"),
        (Name.Constant, "CLONE_NEWIPC"),
        (Punctuation, ")"),
    ]


def test_lexer_keeps_bash_highlighting_elsewhere() -> None:
    tokens = list(SwapshBashLexer().get_tokens("echo hi; swapon /swapfile"))
    assert tokens[0] == (Name.Builtin, "echo")
    assert "".join(text for _, text in tokens) == "echo hi; swapon /swapfile\n"
    assert not any(kind is Name.Constant for kind, _ in tokens)


def test_lexer_lexes_a_half_typed_clone64() -> None:
    text = "clone64(CLONE_NEWSW"
    tokens = list(SwapshBashLexer().get_tokens(text))
    assert "".join(t for _, t in tokens) == text + "\n"
    assert (Name.Constant, "CLONE_NEWSW") in tokens


def test_prompt_toolkit_lexer_styles_the_flags_on_a_document() -> None:
    line = create_lexer().lex_document(Document("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)"))(0)
    styles = {fragment[1]: fragment[0] for fragment in line}
    assert styles["CLONE_NEWSWAP"] == "class:pygments.name.constant"
    assert styles["clone64"] == "class:pygments.name.builtin"
