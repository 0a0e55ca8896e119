"""bash refuses options it does not know, as bash 5.2 does (they used to start a new
interactive shell). Texts from the real bash 5.2.15 on the recording host."""

from __future__ import annotations

import pytest

from tests.conftest import Session

USAGE = (
    "Usage:\t{0} [GNU long option] [option] ...\n"
    "\t{0} [GNU long option] [option] script-file ...\n"
    "GNU long options:\n"
    "\t--debug\n\t--debugger\n\t--dump-po-strings\n\t--dump-strings\n\t--help\n"
    "\t--init-file\n\t--login\n\t--noediting\n\t--noprofile\n\t--norc\n\t--posix\n"
    "\t--pretty-print\n\t--rcfile\n\t--restricted\n\t--verbose\n\t--version\n"
    "Shell options:\n"
    "\t-ilrsD or -c command or -O shopt_option\t\t(invocation only)\n"
    "\t-abefhkmnptuvxBCEHPT or -o option\n"
)


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        ("--bogus", "--bogus"),
        ("-Z", "-Z"),
        ("-xZ", "-Z"),
        ("+Z", "+Z"),
        ("--log -c 'echo hi'", "--log"),
        ("-i --bogus", "--"),  # after a short option, --bogus is letters
        ("-o pipefail --bogus", "--"),
    ],
)
def test_bash_refuses_an_unknown_option(sh: Session, args: str, bad: str) -> None:
    r = sh.run(f"bash {args}; echo rc=$?")
    assert (r.out, r.err) == ("rc=2\n", f"bash: {bad}: invalid option\n" + USAGE.format("bash"))


def test_the_usage_names_the_shell_as_invoked(sh: Session) -> None:
    r = sh.run("/bin/sh -Z")
    assert r.err == "/bin/sh: -Z: invalid option\n" + USAGE.format("/bin/sh")


def test_options_after_the_command_string_are_its_arguments(sh: Session) -> None:
    assert sh.run("bash -c 'echo ok $0' --bogus").out == "ok --bogus\n"


def test_sh_is_bash_in_posix_mode(sh: Session) -> None:
    """/bin/sh is bash (ARCHITECTURE's choices); run as sh it is in posix mode, as
    `exec -a sh bash -c 'set -o'` shows on the host's bash 5.2.15."""
    assert sh.run("sh -c 'set -o' | grep posix").out == "posix          \ton\n"
    assert sh.run("bash -c 'set -o' | grep posix").out == "posix          \toff\n"
