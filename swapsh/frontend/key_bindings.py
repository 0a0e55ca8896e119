"""Key bindings of the interactive command line, beyond prompt_toolkit's emacs set:
the terminal's two control characters, ^C (interrupt) and ^D (end of file)."""

from __future__ import annotations

from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

__all__ = ["load_key_bindings"]


@Condition
def _line_is_empty() -> bool:
    from prompt_toolkit.application import get_app

    return get_app().current_buffer.text == ""


def load_key_bindings() -> KeyBindings:
    """^C leaves the line with KeyboardInterrupt, showing "^C" after what was typed
    (as a terminal echoes it); ^D on an empty line leaves it with EOFError. A paste of
    several lines ends the line after its first one and returns all of it (the caller
    types the lines one by one); only the first line is drawn."""
    kb = KeyBindings()

    @kb.add("c-c")
    def _(event: KeyPressEvent) -> None:
        """Interrupt: show ^C at the end of the line and discard it."""
        buf = event.current_buffer
        buf.cursor_position = len(buf.text)
        buf.insert_text("^C", fire_event=False)
        event.app.exit(exception=KeyboardInterrupt(), style="class:aborting")

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
