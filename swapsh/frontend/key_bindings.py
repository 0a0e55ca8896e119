"""Key bindings of the interactive command line, beyond prompt_toolkit's emacs set:
the terminal's two control characters, ^C (interrupt) and ^D (end of file)."""

from __future__ import annotations

from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

__all__ = ["load_key_bindings"]


@Condition
def _line_is_empty() -> bool:
    from prompt_toolkit.application import get_app

    return get_app().current_buffer.text == ""


def load_key_bindings() -> KeyBindings:
    """^C leaves the line with KeyboardInterrupt, showing "^C" after what was typed
    (as a terminal echoes it); ^D on an empty line leaves it with EOFError."""
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

    return kb
