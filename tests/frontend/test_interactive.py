"""The interactive loop, driven through prompt_toolkit's pipe input and a plain-text
output (the prompt_toolkit tests/test_cli.py habit), against a real Machine."""

from __future__ import annotations

import errno
import io
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from swapsh.frontend.history import ConsoleHistory, Histories
from swapsh.frontend.interactive import PromptReader, Terminal, run_interactive
from swapsh.machine import STREAM_CONSOLE, STREAM_PROMPT, STREAM_STDOUT, Machine

PS1 = "root@swapsh:~# "


@dataclass
class Run:
    status: int  # what run_interactive returned
    out: str  # what reached the terminal from the machine (every stream but the prompt)
    screen: str  # what prompt_toolkit drew: prompts and typed lines, as plain text
    prompts: list[str]  # the message of each prompt, in order
    history: list[str]  # the lines the history kept


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Records every prompt the PromptReader shows (the partial line plus the prompt)."""
    seen: list[str] = []
    real = PromptReader.read_line

    def spy(self: PromptReader, shown: bytes, prompt: bytes, typed: str = "") -> str:
        seen.append((shown + prompt).decode())
        return real(self, shown, prompt, typed)

    monkeypatch.setattr(PromptReader, "read_line", spy)
    yield seen


def drive(
    keys: str, prompts: list[str], machine: object | None = None, env: dict[str, str] | None = None
) -> Run:
    """Type keys at the front-end, then close its input (the end of input is ^D)."""
    out, screen, history = io.BytesIO(), io.StringIO(), InMemoryHistory()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        term = Terminal(
            input=pipe,
            output=PlainTextOutput(screen),
            stdout=out,
            stderr=out,
            history=history,
            env=env if env is not None else {},
        )
        status = run_interactive(machine or Machine(), term)  # type: ignore[arg-type]
    return Run(
        status,
        out.getvalue().decode(),
        screen.getvalue(),
        prompts,
        list(history.load_history_strings())[::-1],
    )


def test_echo_then_exit(prompts: list[str]) -> None:
    run = drive("echo hi\rexit\r", prompts)
    assert run.out == "hi\nlogout\n"
    assert run.status == 0
    assert prompts == [PS1, PS1]
    assert run.history == ["echo hi", "exit"]


def test_exit_status_is_the_sessions(prompts: list[str]) -> None:
    assert drive("exit 7\r", prompts).status == 7


def test_errors_and_output_arrive_in_order(prompts: list[str]) -> None:
    run = drive("nosuchcmd\recho after\r\x04", prompts)
    assert run.out == "bash: nosuchcmd: command not found\nafter\nlogout\n"


def test_backslash_continues_the_line_with_ps2(prompts: list[str]) -> None:
    run = drive("echo a \\\rb\rexit\r", prompts)
    assert prompts == [PS1, "> ", PS1]
    assert run.out == "a b\nlogout\n"


def test_prompt_follows_the_working_directory(prompts: list[str]) -> None:
    drive("cd /tmp\rexit\r", prompts)
    assert prompts == [PS1, "root@swapsh:/tmp# "]


def test_ctrl_d_on_an_empty_line_logs_out(prompts: list[str]) -> None:
    run = drive("\x04", prompts)
    assert run.status == 0
    assert run.out == "logout\n"


def test_ctrl_d_on_a_nonempty_line_deletes_instead(prompts: list[str]) -> None:
    run = drive("echo hix\x02\x04\rexit\r", prompts)  # ^B back over the x, ^D deletes it
    assert run.out == "hi\nlogout\n"


def test_ctrl_d_leaves_clone64s_shell_first(prompts: list[str]) -> None:
    run = drive("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)\r\x04echo back\r\x04", prompts)
    assert run.out == "exit\nback\nlogout\n"
    assert prompts == [PS1, PS1, PS1, PS1]
    assert run.status == 0


def test_ctrl_c_discards_the_line(prompts: list[str]) -> None:
    run = drive("echo discarded\x03echo kept\rexit\r", prompts)
    assert run.out == "kept\nlogout\n"
    assert "echo discarded^C" in run.screen
    assert prompts == [PS1, PS1, PS1]
    assert run.history == ["echo kept", "exit"]


def test_ctrl_c_at_ps2_discards_the_whole_command(prompts: list[str]) -> None:
    run = drive("echo a \\\r\x03echo b\rexit\r", prompts)
    assert run.out == "b\nlogout\n"
    assert prompts == [PS1, "> ", PS1, PS1]


def test_end_of_input_logs_out(prompts: list[str]) -> None:
    run = drive("echo hi\r", prompts)
    assert (run.out, run.status) == ("hi\nlogout\n", 0)


def test_no_color_still_works(prompts: list[str]) -> None:
    run = drive("echo hi\rexit\r", prompts, env={"NO_COLOR": "1"})
    assert run.out == "hi\nlogout\n"
    assert "\x1b" not in run.out


def test_term_dumb_reads_plain_lines() -> None:
    out = io.BytesIO()
    term = Terminal(
        stdin=io.StringIO("echo hi\necho a \\\nb\n"), stdout=out, stderr=out, env={"TERM": "dumb"}
    )
    assert run_interactive(Machine(), term) == 0
    assert out.getvalue() == f"{PS1}hi\n{PS1}> a b\n{PS1}logout\n".encode()


def test_kernel_panic_is_reported_with_status_70() -> None:
    out, err = io.BytesIO(), io.BytesIO()
    machine = Machine()
    machine.panic = "kernel BUG at mm/swapfile.c:42!"
    term = Terminal(stdin=io.StringIO(""), stdout=out, stderr=err, env={"TERM": "dumb"})
    assert run_interactive(machine, term) == 70
    assert err.getvalue() == b"swapsh: kernel panic: kernel BUG at mm/swapfile.c:42!\n"


def test_history_file_lives_in_the_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    history = Histories().of(1)
    assert isinstance(history, ConsoleHistory)
    assert isinstance(history.shared.file, FileHistory)
    assert Path(str(history.shared.file.filename)) == tmp_path / ".swapsh_history"


def test_unwritable_home_falls_back_to_memory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "not-a-directory"
    home.write_text("")
    monkeypatch.setenv("HOME", str(home))
    assert isinstance(Histories().of(1), InMemoryHistory)


# -- a scripted stand-in for the Machine: programs swapsh does not have yet ------------------

BUSY = "busy"  # a step: run() stays busy, and raises SIGINT on the host, until interrupted


@dataclass
class ScriptedMachine:
    """Plays back steps: after each typed line (or ^C) the next step's output appears.
    A step None ends the session; BUSY keeps the machine running until interrupted."""

    steps: list[list[tuple[int, bytes]] | str | None]
    typed: list[str | None] = field(default_factory=list)
    interrupts: int = 0
    panic: str | None = None
    logged_out: bool = False
    exit_status: int = 0
    busy: bool = False
    _pending: list[tuple[int, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._advance()

    def _advance(self) -> None:
        step = self.steps.pop(0)
        if step is None:
            self.logged_out = True
        elif step == BUSY:
            self.busy = True
        else:
            assert isinstance(step, list)
            self._pending += step

    @property
    def waiting_for_input(self) -> bool:
        return not self.logged_out and not self.busy

    # one console, tty1, always active
    active = 1
    consoles = [1]  # noqa: RUF012

    def has_login_on(self, tty: int) -> bool:
        return not self.logged_out

    def logged_out_on(self, tty: int) -> bool:
        return self.logged_out

    def waiting_for_input_on(self, tty: int) -> bool:
        return self.waiting_for_input

    output_waiting = False  # its output is never more than a step's

    def bound_output(self) -> None:
        pass

    def run(self, max_steps: int | None = None) -> bool:
        if self.busy:
            signal.raise_signal(signal.SIGINT)  # the person presses ^C while it runs
            return False
        return True

    def take_output(self, tty: int | None = None) -> list[tuple[int, bytes]]:
        out, self._pending = self._pending, []
        return out

    def type_line(self, text: str, tty: int | None = None) -> None:
        self.typed.append(text)
        self._advance()

    def type_eof(self, tty: int | None = None) -> None:
        self.typed.append(None)
        self._advance()

    def interrupt(self, tty: int | None = None) -> None:
        self.interrupts += 1
        if self.busy:
            self.busy = False
            self._advance()


def test_a_partial_output_line_becomes_the_prompt(prompts: list[str]) -> None:
    """`printf 'Name? '; read x` style: the program reads, so the prompt is the line."""
    machine = ScriptedMachine(
        [
            [(STREAM_PROMPT, PS1.encode())],
            [(STREAM_STDOUT, b"Name? ")],
            [(STREAM_STDOUT, b"hello, ada\n"), (STREAM_PROMPT, PS1.encode())],
            None,
        ]
    )
    run = drive("ask\rada\r\x04", prompts, machine)
    assert prompts == [PS1, "Name? ", PS1]
    assert machine.typed == ["ask", "ada", None]
    assert run.out == "Name? hello, ada\n"


def test_chatter_before_the_prompt_is_printed(prompts: list[str]) -> None:
    machine = ScriptedMachine([[(STREAM_PROMPT, b"exit\n" + PS1.encode())], None])
    run = drive("\x04", prompts, machine)
    assert run.out == "exit\n"
    assert prompts == [PS1]


def test_console_messages_are_bold_unless_no_color(prompts: list[str]) -> None:
    msg = b"Adding 8k swap on /swapfile.  Priority:-1 extents:1 across:8k\n"
    for env, expected in (({}, b"\x1b[1m" + msg[:-1] + b"\x1b[0m\n"), ({"NO_COLOR": "1"}, msg)):
        machine = ScriptedMachine([[(STREAM_CONSOLE, msg), (STREAM_PROMPT, PS1.encode())], None])
        assert drive("\x04", prompts, machine, env=env).out == expected.decode()


def test_host_sigint_while_running_interrupts_the_machine(prompts: list[str]) -> None:
    machine = ScriptedMachine(
        [
            [(STREAM_PROMPT, PS1.encode())],
            BUSY,
            [(STREAM_STDOUT, b"\n"), (STREAM_PROMPT, PS1.encode())],  # bash's newline after ^C
            None,
        ]
    )
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN in a job started in the background
    run = drive("runltp\r\x04", prompts, machine)
    assert machine.interrupts == 1
    assert run.out == "^C\n"
    assert prompts == [PS1, PS1]
    assert signal.getsignal(signal.SIGINT) is before  # put back as it was


def test_a_pasted_block_is_typed_line_by_line(prompts: list[str]) -> None:
    run = drive("\x1b[200~echo a\ncd /tmp\necho b\n\x1b[201~exit\r", prompts)
    assert run.out == "a\nroot@swapsh:~# cd /tmp\nroot@swapsh:/tmp# echo b\nb\nlogout\n"
    assert prompts == [PS1, "root@swapsh:/tmp# "]
    assert run.history == ["echo a", "cd /tmp", "echo b", "exit"]


def test_a_paste_without_a_final_newline_leaves_its_last_line_to_edit(prompts: list[str]) -> None:
    run = drive("\x1b[200~echo a\necho b\x1b[201~c\rexit\r", prompts)
    assert run.out == "a\nbc\nlogout\n"
    assert prompts == [PS1, PS1, PS1]
    assert run.history == ["echo a", "echo bc", "exit"]


def test_a_history_file_that_stops_taking_lines_is_said_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def full(self: FileHistory, string: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(FileHistory, "store_string", full)
    out, screen = io.BytesIO(), io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("echo one\recho two\r")
        pipe.close()
        term = Terminal(input=pipe, output=PlainTextOutput(screen), stdout=out, stderr=out, env={})
        status = run_interactive(Machine(), term)
    said = f"swapsh: {tmp_path}/.swapsh_history: No space left on device (history kept in memory)\n"
    assert status == 0
    assert out.getvalue().decode().count(said) == 1
    assert out.getvalue().decode().endswith("one\ntwo\nlogout\n")
