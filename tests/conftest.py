"""Shared fixtures: a fresh machine per test, driven like a person at the console.

Also: the signals that end swapsh get their default actions in the suite, whoever
started it (a shell's `cmd &` ignores SIGINT and SIGQUIT, nohup SIGHUP; each swapsh a
test starts would inherit that, and the tests of those signals would test the shell).

And the Hypothesis profiles: no test may depend on how fast the host is, so the
per-example deadline and the too_slow health check (both host-time budgets) are off;
the default profile is derandomized (the same examples every run, so a red run can be
repeated and no run is red by luck); HYPOTHESIS_PROFILE=explore draws new examples.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from swapsh.machine import (
    STREAM_CONSOLE,
    STREAM_STDERR,
    STREAM_STDOUT,
    Machine,
    MachineOptions,
)


def pytest_configure(config: pytest.Config) -> None:
    for sig in (signal.SIGHUP, signal.SIGQUIT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


settings.register_profile(
    "swapsh",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
    print_blob=True,
)
settings.register_profile("explore", settings.get_profile("swapsh"), derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "swapsh"))


@dataclass
class Result:
    out: str  # what reached the terminal through stdout
    err: str  # through stderr
    console: str  # kernel console messages
    status: int  # $? afterwards


class Session:
    """A root login on tty1 of a fresh machine."""

    def __init__(self, **opts: object) -> None:
        self.m = Machine(MachineOptions(**opts))  # type: ignore[arg-type]
        self.m.take_output()

    def _settle(self) -> tuple[str, str, str]:
        out, err, con = [], [], []
        while True:
            idle = self.m.run(max_steps=200_000)
            for stream, data in self.m.take_output():
                text = data.decode("utf-8", "surrogateescape")
                {STREAM_STDOUT: out, STREAM_STDERR: err, STREAM_CONSOLE: con}.get(
                    stream, []
                ).append(text)
            assert self.m.panic is None, self.m.panic
            if idle:
                assert self.m.waiting_for_input or self.m.logged_out, "machine hung"
                return "".join(out), "".join(err), "".join(con)

    def type(self, line: str) -> tuple[str, str, str]:
        """Type one line; return (stdout, stderr, console) produced until the console
        waits for input again."""
        self.m.type_line(line)
        return self._settle()

    def run(self, line: str) -> Result:
        """Type line, then `echo $?` to learn its status."""
        out, err, con = self.type(line)
        status_out, _, con2 = self.type("echo $?")
        return Result(out, err, con + con2, int(status_out.strip().splitlines()[-1]))

    @property
    def kernel(self):
        return self.m.kernel


@pytest.fixture
def sh() -> Iterator[Session]:
    s = Session()
    yield s
    s.m.close()  # its disk's host file, now rather than when Python collects it
