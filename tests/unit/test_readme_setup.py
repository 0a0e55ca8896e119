"""The README's set-up commands are the ones CI runs, so they cannot go stale."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Set-up") : text.index("\n## ", text.index("## Set-up") + 1)]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_ci_runs_the_readmes_test_command_word_for_word() -> None:
    test_cmd = [c for c in _setup_commands() if c.endswith("python3 -m pytest")]
    assert len(test_cmd) == 1, _setup_commands()
    ci = (ROOT / ".ci/run").read_text().splitlines()
    assert test_cmd[0] in ci


def test_both_commands_install_into_the_same_virtual_environment() -> None:
    run_cmd, test_cmd = (c for c in _setup_commands() if "pip install" in c)
    prefix = "python3 -m venv .venv && . .venv/bin/activate && pip install "
    assert run_cmd.startswith(prefix) and run_cmd.endswith("&& swapsh")
    assert test_cmd.startswith(prefix)
