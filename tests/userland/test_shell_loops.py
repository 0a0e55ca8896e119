"""Endless shell loops: each iteration goes through the kernel, so ^C ends one and
the host's memory stays flat while it runs (checked in simulated steps)."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from tests.conftest import Session


@pytest.mark.parametrize(
    "line",
    [
        "while :; do :; done",
        "until false; do x=1; done",
        "f() { :; }; while true; do f; done",
        "for i in 1 2 3; do while :; do { :; }; done; done",
    ],
)
def test_endless_loop_is_interrupted(line: str) -> None:
    sh = Session()
    sh.m.type_line(line)
    assert not sh.m.run(max_steps=5_000), "the loop ended by itself"
    sh.m.interrupt()
    out, err, _ = sh._settle()
    assert (out, err) == ("", "")
    assert sh.m.waiting_for_input
    assert sh.run("echo $?").out == "130\n"  # bash: ^C in a loop of builtins


def test_endless_loop_in_a_script_dies_of_sigint() -> None:
    sh = Session()
    sh.m.type_line("bash -c 'while :; do :; done'")
    assert not sh.m.run(max_steps=5_000)
    sh.m.interrupt()
    out, err, _ = sh._settle()
    assert (out, err) == ("", "\n")  # the shell reports the SIGINT death with a newline
    assert sh.run("echo $?").out == "130\n"


@pytest.mark.slow  # 220,000 steps under tracemalloc: half a minute
def test_endless_loop_holds_no_more_host_memory() -> None:
    sh = Session()
    sh.m.type_line("while :; do x=$x; done")
    sh.m.run(max_steps=20_000)
    tracemalloc.start()
    try:
        sh.m.run(max_steps=20_000)
        gc.collect()  # what is held, not garbage a collection has not reached yet
        first, _ = tracemalloc.get_traced_memory()
        sh.m.run(max_steps=200_000)
        gc.collect()
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert second - first < 64 * 1024, (first, second)
    sh.m.interrupt()
    sh._settle()
    assert sh.m.waiting_for_input
