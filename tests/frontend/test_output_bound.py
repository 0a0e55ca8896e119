"""A console holds a bounded amount of output for its front-end (Machine.bound_output):
a program that writes without end waits for the front-end instead of growing the
host's memory, and ^C still ends it. Budgets are machine steps, never host time."""

from __future__ import annotations

import io

from swapsh.frontend.plain import run_plain
from swapsh.kernel.tty import OUTPUT_ROOM
from swapsh.machine import Machine

WRITE_MAX = 128 * 1024  # cat's largest write: what one write may add past the room


def _booted() -> Machine:
    m = Machine()
    for tty in m.consoles:
        m.take_output(tty)
    return m


def test_a_writer_waits_for_the_front_end_and_goes_on_once_it_takes_the_output() -> None:
    m = _booted()
    m.bound_output()
    m.type_line("cat /dev/zero")
    taken = 0
    for _ in range(20):
        idle = m.run(max_steps=10_000)  # returns early: the writer waits for us
        assert not idle and m.output_waiting
        held = sum(len(d) for _, d in m.take_output())
        assert 0 < held <= OUTPUT_ROOM + WRITE_MAX
        taken += held
    assert taken >= 20 * OUTPUT_ROOM
    m.interrupt()  # ^C ends the waiting writer
    m.run(max_steps=1000)
    m.take_output()
    assert m.waiting_for_input and not m.output_waiting


def test_sigint_ends_a_writer_that_waits_for_room() -> None:
    m = _booted()
    m.bound_output()
    m.type_line("cat /dev/zero; echo after $?")
    m.run(max_steps=10_000)
    assert m.output_waiting
    m.interrupt()
    out = b""
    for _ in range(10):  # the shell's own writes wait for room too
        idle = m.run(max_steps=1000)
        out += b"".join(d for _, d in m.take_output())
        if idle:
            break
    assert idle and not m.output_waiting
    assert out.endswith(b":~# ") and b"after" not in out  # the line's rest is dropped


def test_without_a_bound_output_is_held_until_taken() -> None:
    m = _booted()
    m.type_line("head -c 3000000 /dev/zero")
    assert m.run(max_steps=10_000)
    held = sum(len(d) for _, d in m.take_output())
    assert held > 3_000_000  # the data and the next prompt, all held


def test_plain_prints_endless_output_with_bounded_holding() -> None:
    m = _booted()

    class Capped(io.BytesIO):
        """A host pipe whose reader goes away after 8 MiB (like `| head -c 8M`)."""

        printed = 0

        def write(self, b: bytes) -> int:  # type: ignore[override]
            if self.printed >= 8 << 20:
                raise BrokenPipeError
            assert b == bytes(len(b))
            self.printed += len(b)
            held = sum(t.output_len for t in m.kernel.ttys)
            assert held <= OUTPUT_ROOM + WRITE_MAX  # what was held when printed
            return len(b)

    out = Capped()
    assert run_plain(m, ["cat /dev/zero"], out, io.BytesIO()) == 141
    assert out.printed >= 8 << 20
