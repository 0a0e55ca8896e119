"""The transcript format: its items, the parser, and the formatter of typed lines.

Syntax (docs/transcripts.md):

    #: mem 256M              a directive, before the first command
    anything unindented      prose
      2$ swapon /s2          a line typed at login 2 (`  $ ` is login 1)
      > count=512            another line of the same command (after a PS2 prompt)
      2$ ^C                  ^C (and ^Z, ^D) typed at login 2
      1$ ^C (after 800 steps)  typed while a command still ran, 800 steps after the
                             previous line
      text                   what the command's login showed (patterns.py)
      (login 2)              what login 2 showed meanwhile, though nothing was typed there
      (chvt 2) (after 40 steps)  the person switched to console 2 while a command ran

Every problem is a TranscriptError naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from swapsh.transcript.patterns import Expected, PatternError, parse_expected, unescape
from swapsh.transcript.settings import Settings, parse_directive, settings_from

__all__ = [
    "CONTROL_BODY",
    "LOGINS",
    "Command",
    "Directive",
    "Input",
    "LoginOutput",
    "Prose",
    "Switch",
    "Transcript",
    "TranscriptError",
    "format_input",
    "format_settings",
    "parse",
]

LOGINS = range(1, 7)  # login N is the virtual console ttyN
_COMMAND = re.compile(r"^  (\d*)\$(?: (.*)|)$", re.S)
_AFTER = re.compile(r"^(.*) \(after (\d+) steps?\)$", re.S)
_LOGIN_OUTPUT = re.compile(r"^  \(login (\d+)\)$")
_SWITCH = re.compile(r"^  \(chvt (\d+)\)(?: \(after (\d+) steps?\))?$")
CONSOLES = range(1, 64)  # what chvt can switch to (tty7.. have no login)
_SIZE_UNITS = ((1 << 30, "G"), (1 << 20, "M"), (1 << 10, "K"))


class TranscriptError(Exception):
    """A transcript that cannot be read: file and line are part of the message."""

    def __init__(self, name: str, lineno: int, message: str) -> None:
        super().__init__(f"{name}:{lineno}: {message}" if lineno else f"{name}: {message}")
        self.name = name  # the file, as the user named it
        self.lineno = lineno  # 1-based; 0 when the file as a whole is at fault
        self.message = message  # without file and line


@dataclass(frozen=True, slots=True)
class Prose:
    """A line for the reader: a comment, a blank line, a heading."""

    lineno: int
    raw: str


@dataclass(frozen=True, slots=True)
class Directive:
    """`#: key value`: a setting of the machine the transcript runs on."""

    lineno: int
    raw: str
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class Input:
    """One line typed at a login, or ^C, ^Z or ^D."""

    lineno: int
    raw: str  # as written in the file
    login: int
    kind: str  # "line", "eof" (^D), "intr" (^C), "susp" (^Z), or "chvt" (a Switch's)
    text: str  # what is typed, for a line
    after_steps: int | None  # typed this many steps after the previous input; None:
    # once every earlier command has finished


@dataclass(slots=True)
class Command:
    """What was typed at one login (a line and its continuations), and what it showed."""

    login: int
    inputs: list[Input]
    expected: list[Expected] = field(default_factory=list)
    output_lineno: int = 0  # line of the first expected line (0: none yet)

    @property
    def lineno(self) -> int:
        return self.inputs[0].lineno


@dataclass(slots=True)
class LoginOutput:
    """`(login N)`: what login N showed while a command at another login ran (or at
    boot, before the first command)."""

    lineno: int
    raw: str
    login: int
    expected: list[Expected] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Switch:
    """`(chvt N)`: the person made console N active (Alt-Fn) while something ran.
    (A switch when nothing runs needs no line: the replay switches to a login before
    typing there.)"""

    input: Input  # kind "chvt", login N; typed as Machine.chvt(N)

    @property
    def lineno(self) -> int:
        return self.input.lineno

    @property
    def raw(self) -> str:
        return self.input.raw


Item = Prose | Directive | Command | LoginOutput | Switch


@dataclass(slots=True)
class Transcript:
    name: str  # the file as the user named it, for messages
    items: list[Item]
    settings: Settings
    trailing_newline: bool = True  # whether the file's last line ended with a newline

    @property
    def commands(self) -> list[Command]:
        return [it for it in self.items if isinstance(it, Command)]

    def logins(self) -> list[int]:
        """The logins the transcript types at or expects output from, in order."""
        found = {it.login for it in self.items if isinstance(it, Command | LoginOutput)}
        return sorted(found)


CONTROL_BODY = {"intr": "^C", "susp": "^Z", "eof": "^D"}  # the keys, as a line shows them
CONTROL_KIND = {body: kind for kind, body in CONTROL_BODY.items()}


def format_input(
    login: int, kind: str, text: str, after_steps: int | None, continuation: bool
) -> str:
    """The transcript line for one typed line (or ^C, ^Z, ^D, a console switch)."""
    if kind == "chvt":
        note = "" if after_steps is None else f" (after {after_steps} steps)"
        return f"  (chvt {login}){note}"
    if kind in CONTROL_BODY:
        body = CONTROL_BODY[kind]
    elif kind == "eof":
        body = "^D"
    elif (
        text in ("^C", "^Z", "^D")
        or _AFTER.match(text)
        or text.endswith(" (esc)")
        or any(ch < " " or ch == "\x7f" for ch in text)
    ):
        body = (
            "".join(
                f"\\x{ord(c):02x}" if c < " " or c in "\x7f^" else "\\\\" if c == "\\" else c
                for c in text
            )
            + " (esc)"
        )
    else:
        body = text
    if after_steps is not None:
        body += f" (after {after_steps} steps)"
    return f"  > {body}" if continuation else f"  {login}$ {body}"


def _size(n: int) -> str:
    for unit, suffix in _SIZE_UNITS:
        if n % unit == 0:
            return f"{n // unit}{suffix}"
    return str(n)


def format_settings(
    mem_bytes: int, seed: int, swap_ns: bool, max_steps: int | None = None
) -> list[str]:
    """Directive lines for a machine's options."""
    lines = [
        f"#: mem {_size(mem_bytes)}",
        f"#: seed {seed}",
        f"#: swap-ns {'on' if swap_ns else 'off'}",
    ]
    if max_steps is not None:
        lines.append(f"#: max-steps {max_steps}")
    return lines


class _Parser:
    """One pass over the lines; `block` is where the next output line belongs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[Item] = []
        self.block: Command | LoginOutput | None = None
        self.settings: dict[str, tuple[int, object]] = {}
        self.seen_command = False
        self.last_prose: int = 0

    def fail(self, lineno: int, message: str) -> TranscriptError:
        return TranscriptError(self.name, lineno, message)

    def line(self, lineno: int, raw: str) -> None:
        if not (raw.startswith("  > ") or raw == "  >"):
            self.close_command()
        if raw.startswith("#:"):
            self.directive(lineno, raw)
        elif not raw.startswith("  "):
            self.items.append(Prose(lineno, raw))
            if self.block is not None:
                self.last_prose = lineno
            self.block = None
        elif m := _COMMAND.match(raw):
            self.command(lineno, raw, m.group(1), m.group(2) or "")
        elif raw.startswith("  > ") or raw == "  >":
            self.continuation(lineno, raw)
        elif m := _LOGIN_OUTPUT.match(raw):
            self.login_output(lineno, raw, int(m.group(1)))
        elif m := _SWITCH.match(raw):
            self.switch(lineno, raw, int(m.group(1)), m.group(2))
        else:
            self.output(lineno, raw)

    def directive(self, lineno: int, raw: str) -> None:
        if self.seen_command:
            raise self.fail(
                lineno, "a directive after the first command (the machine has booted by then)"
            )
        parts = raw[2:].split(None, 1)
        if len(parts) != 2:
            raise self.fail(lineno, "a directive is '#: KEY VALUE' (mem, seed, swap-ns, max-steps)")
        key, value = parts[0], parts[1].strip()
        if key in self.settings:
            raise self.fail(lineno, f"{key} is set twice (first at line {self.settings[key][0]})")
        try:
            self.settings[key] = (lineno, parse_directive(key, value))
        except ValueError as e:
            raise self.fail(lineno, str(e)) from None
        self.items.append(Directive(lineno, raw, key, value))
        self.block = None

    def typed(self, lineno: int, raw: str, login: int, body: str) -> Input:
        after = None
        if m := _AFTER.match(body):
            body, after = m.group(1), int(m.group(2))
        if body in CONTROL_KIND:
            return Input(lineno, raw, login, CONTROL_KIND[body], "", after)
        if body.endswith(" (esc)"):
            try:
                body = unescape(body[:-6]).decode("utf-8", "surrogateescape")
            except PatternError as e:
                raise self.fail(lineno, str(e)) from None
            if "\n" in body:
                raise self.fail(
                    lineno, "a typed line cannot hold a newline (\\n); write another line"
                )
        return Input(lineno, raw, login, "line", body, after)

    def command(self, lineno: int, raw: str, digits: str, body: str) -> None:
        login = int(digits) if digits else 1
        if login not in LOGINS:
            raise self.fail(
                lineno,
                f"unknown login {digits} (logins are 1 to 6, "
                "one for each virtual console tty1..tty6)",
            )
        x = self.typed(lineno, raw, login, body)
        if x.after_steps is not None and not self.seen_command:
            raise self.fail(
                lineno,
                "'(after N steps)' on the first line typed: it counts "
                "from the line before, and there is none",
            )
        cmd = Command(login, [x])
        self.items.append(cmd)
        self.block = cmd
        self.seen_command = True

    def continuation(self, lineno: int, raw: str) -> None:
        cmd = self.block
        if not isinstance(cmd, Command) or cmd.expected or cmd.inputs[-1].kind != "line":
            raise self.fail(
                lineno,
                "a continuation line ('  > ') must follow a typed line directly, before any output",
            )
        cmd.inputs.append(self.typed(lineno, raw, cmd.login, raw[4:]))

    def switch(self, lineno: int, raw: str, console: int, after: str | None) -> None:
        if console not in CONSOLES:
            raise self.fail(lineno, f"no virtual console {console} (chvt switches to 1 to 63)")
        if after is not None and not self.seen_command:
            raise self.fail(
                lineno,
                "'(after N steps)' before the first line typed: it "
                "counts from the line before, and there is none",
            )
        self.items.append(
            Switch(
                Input(lineno, raw, console, "chvt", "", int(after) if after is not None else None)
            )
        )
        self.block = None
        self.last_prose = lineno

    def login_output(self, lineno: int, raw: str, login: int) -> None:
        if login not in LOGINS:
            raise self.fail(lineno, f"unknown login {login} (logins are 1 to 6)")
        owner = next((it for it in reversed(self.items) if isinstance(it, Command)), None)
        if owner is not None and owner.login == login:
            raise self.fail(
                lineno,
                f"login {login}'s output goes under its command "
                f"(line {owner.lineno}), not in a (login {login}) block",
            )
        for it in reversed(self.items):
            if isinstance(it, Command):
                break
            if isinstance(it, LoginOutput) and it.login == login:
                raise self.fail(
                    lineno,
                    f"a second (login {login}) block for the same "
                    f"command (the first is at line {it.lineno})",
                )
        block = LoginOutput(lineno, raw, login)
        self.items.append(block)
        self.block = block

    def output(self, lineno: int, raw: str) -> None:
        if self.block is None:
            if not self.seen_command and not any(isinstance(i, LoginOutput) for i in self.items):
                raise self.fail(
                    lineno,
                    "output before any command (an indented line "
                    "is output; a command is '  N$ TEXT')",
                )
            raise self.fail(
                lineno,
                "output that belongs to no command: line "
                f"{self.last_prose} ended the block above it",
            )
        if self.block.expected and self.block.expected[-1].no_eol:
            raise self.fail(
                lineno, "output after a (no-eol) line: (no-eol) marks the end of the output"
            )
        try:
            exp = parse_expected(raw)
        except PatternError as e:
            raise self.fail(lineno, str(e)) from None
        if isinstance(self.block, Command) and not self.block.expected:
            self.block.output_lineno = lineno
        self.block.expected.append(exp)

    def close_command(self) -> None:
        """The typed lines of the current command are complete: check its last one."""
        cmd = self.block
        if not isinstance(cmd, Command) or cmd.expected:
            return
        last = cmd.inputs[-1]
        if last.kind == "line" and _continues(last.text):
            raise self.fail(
                last.lineno,
                "unterminated command: the line ends with '\\', "
                "so the shell waits for more, but no '  > ' "
                "line follows",
            )

    def finish(self, trailing_newline: bool) -> Transcript:
        self.close_command()
        values = {k: v for k, (_, v) in self.settings.items()}
        return Transcript(self.name, self.items, settings_from(values), trailing_newline)


def _continues(text: str) -> bool:
    """Whether a typed line ends in an unescaped backslash (a line continuation)."""
    stripped = text.rstrip("\\")
    return (len(text) - len(stripped)) % 2 == 1


def parse(data: bytes, name: str) -> Transcript:
    """A transcript from a file's bytes. Raises: TranscriptError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        lineno = data.count(b"\n", 0, e.start) + 1
        raise TranscriptError(
            name, lineno, "not UTF-8 text (write other bytes with (esc))"
        ) from None
    p = _Parser(name)
    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    for lineno, raw in enumerate(lines, 1):
        p.line(lineno, raw)
    return p.finish(trailing or not lines)
