"""Key bindings of the interactive command line, beyond prompt_toolkit's emacs set:
the terminal's control characters, ^C (interrupt), ^Z (stop: ignored at the prompt, as
the shell ignores SIGTSTP) and ^D (end of file), and the
console's own keys: Alt-F1..Alt-F6 (or Esc then F1..F6) switch to tty1..tty6 and
Alt-Left/Alt-Right to the previous/next console, as on a Linux virtual console.

xterm sends Alt-Fn as CSI 1;3P.. and CSI 15;3~..; prompt_toolkit knows none of them,
so they are added to its table of escape sequences (as Esc followed by the key).
Alt-F3's CSI 1;3R is also a cursor-position report (row 1, column 3): it is read as
Alt-F3 unless the line editor is waiting for such a report.
"""

from __future__ import annotations

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.input.ansi_escape_sequences import ANSI_SEQUENCES
from prompt_toolkit.key_binding import KeyBindings, KeyPress, KeyPressEvent
from prompt_toolkit.keys import Keys

__all__ = [
    "ALT_F3_OR_CPR",
    "CONSOLE_KEYS",
    "Interrupted",
    "SwitchConsole",
    "console_switch",
    "load_key_bindings",
]

FKEYS = (Keys.F1, Keys.F2, Keys.F3, Keys.F4, Keys.F5, Keys.F6)
# key after Esc -> (console number, or None for a step) and step (-1, +1 or 0)
CONSOLE_KEYS: dict[Keys, tuple[int | None, int]] = {
    **{k: (n, 0) for n, k in enumerate(FKEYS, start=1)},
    Keys.Left: (None, -1),
    Keys.Right: (None, 1),
}
ALT_F3_OR_CPR = "\x1b[1;3R"
for _seq, _key in (
    ("\x1b[1;3P", Keys.F1),
    ("\x1b[1;3Q", Keys.F2),
    ("\x1b[1;3S", Keys.F4),
    ("\x1b[15;3~", Keys.F5),
    ("\x1b[17;3~", Keys.F6),
):
    ANSI_SEQUENCES.setdefault(_seq, (Keys.Escape, _key))


class SwitchConsole(Exception):
    """The person asked for another console while editing a line (or while a job ran).

    number: the console (1-based), or None for a step from the active one;
    step: -1 (previous) or +1 (next); typed: what the line held, to give it back."""

    def __init__(self, number: int | None, step: int = 0, typed: str = "") -> None:
        super().__init__(number, step)
        self.number = number
        self.step = step
        self.typed = typed

    def target(self, active: int, consoles: list[int]) -> int:
        """The console this asks for, given the active one and the allocated ones
        (a step wraps around them, as the kernel's decr_console/incr_console do)."""
        if self.number is not None:
            return self.number
        i = consoles.index(active) if active in consoles else 0
        return consoles[(i + self.step) % len(consoles)]


def console_switch(keys: list[KeyPress]) -> tuple[SwitchConsole | None, int]:
    """If keys start with a console key (Esc then F1..F6/Left/Right, or Alt-F3's
    CSI 1;3R), the switch and how many keys it took; else (None, 0)."""
    if keys and keys[0].key == Keys.CPRResponse and keys[0].data == ALT_F3_OR_CPR:
        return SwitchConsole(3), 1
    if len(keys) >= 2 and keys[0].key == Keys.Escape and keys[1].key in CONSOLE_KEYS:
        number, step = CONSOLE_KEYS[keys[1].key]  # type: ignore[index]
        return SwitchConsole(number, step), 2
    return None, 0


class Interrupted(KeyboardInterrupt):
    """^C at the line editor; text: the line as it was drawn, "^C" included."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


@Condition
def _line_is_empty() -> bool:
    return get_app().current_buffer.text == ""


def load_key_bindings() -> KeyBindings:
    """^C leaves the line with KeyboardInterrupt (Interrupted), showing "^C" after
    what was typed (as a terminal echoes it); ^D on an empty line leaves it with
    EOFError; a console key leaves it with SwitchConsole. A paste of several lines
    ends the line after its first one and returns all of it (the caller types the
    lines one by one); only the first line is drawn."""
    kb = KeyBindings()

    @kb.add("c-c")
    def _(event: KeyPressEvent) -> None:
        """Interrupt: show ^C at the end of the line and discard it."""
        buf = event.current_buffer
        buf.cursor_position = len(buf.text)
        buf.insert_text("^C", fire_event=False)
        event.app.exit(exception=Interrupted(buf.text), style="class:aborting")

    for key, (number, step) in CONSOLE_KEYS.items():

        @kb.add("escape", key)
        def _(event: KeyPressEvent, number: int | None = number, step: int = step) -> None:
            """Switch console: leave the line with SwitchConsole, keeping its text."""
            event.app.exit(exception=SwitchConsole(number, step, event.current_buffer.text))

    @kb.add(Keys.CPRResponse, save_before=lambda e: False)
    def _(event: KeyPressEvent) -> None:
        """Alt-F3 (CSI 1;3R) unless a cursor-position report is awaited."""
        if event.data == ALT_F3_OR_CPR and not event.app.renderer.waiting_for_cpr:
            event.app.exit(exception=SwitchConsole(3, 0, event.current_buffer.text))
            return
        row, _col = map(int, event.data[2:-1].split(";"))
        event.app.renderer.report_absolute_cursor_row(row)

    @kb.add("c-z")
    def _(event: KeyPressEvent) -> None:
        """^Z at the prompt: the terminal's SIGTSTP goes to the shell, which ignores
        it (bash does); nothing is typed."""

    @kb.add("c-d", filter=_line_is_empty)
    def _(event: KeyPressEvent) -> None:
        """End of file: ^D on an empty line."""
        event.app.exit(exception=EOFError(), style="class:exiting")

    @kb.add(Keys.BracketedPaste)
    def _(event: KeyPressEvent) -> None:
        """Paste: text with newlines is entered as lines, as into a terminal."""
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        buf = event.current_buffer
        first, newline, rest = data.partition("\n")
        buf.insert_text(first)
        if newline:
            buf.append_to_history()
            text = buf.text + newline + rest
            for line in text.split("\n")[1:-1]:  # the last one is still to be edited
                if line.strip():
                    buf.history.append_string(line)
            event.app.exit(result=text)

    return kb
