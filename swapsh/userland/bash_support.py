"""bash's test-suite helpers recho, zecho and printenv (models bash 5.2's support/recho.c,
support/zecho.c and support/printenv.c, which `make tests` builds beside the shell).

They are not installed on the machine: scripts/bash_conformance.py installs them
(MachineOptions.extra_programs) in the directory it runs bash's tests from, and runs
the same output functions on the host when it has no C compiler (this module imports
nothing at run time, so such a helper starts quickly).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from swapsh.userland.libc import Libc, Main

__all__ = ["HELPERS", "printenv_output", "recho_output", "zecho_output"]


def _strprint(arg: bytes) -> bytes:
    """recho.c's strprint(): a control character as ^X (DEL as ^?), other bytes as
    they are."""
    out = bytearray()
    for b in arg:
        if b < 0x20:
            out += b"^" + bytes([b + 64])
        elif b == 0x7F:
            out += b"^?"
        else:
            out.append(b)
    return bytes(out)


def recho_output(args: list[bytes]) -> bytes:
    """recho ARG...: one `argv[N] = <ARG>` line per argument."""
    return b"".join(b"argv[%d] = <%s>\n" % (i, _strprint(a)) for i, a in enumerate(args, 1))


def zecho_output(args: list[bytes]) -> bytes:
    """zecho ARG...: the arguments joined by spaces, a newline, no option parsing."""
    return b" ".join(args) + b"\n"


def printenv_output(args: list[bytes], environ: list[bytes]) -> tuple[bytes, int]:
    """printenv [NAME]: every environment string, or NAME's value; status 1 if NAME
    is not set. Like printenv.c, NAME matches the first entry that starts with it and
    has '=' right after it, and arguments after NAME are ignored."""
    if not args:
        return b"".join(e + b"\n" for e in environ), 0
    name = args[0]
    for entry in environ:
        if name and entry[:1] == name[:1] and entry.startswith(name):
            rest = entry[len(name) :]
            if rest[:1] == b"=":
                return rest[1:] + b"\n", 0
    return b"", 1


def _encode(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


async def recho_main(libc: Libc, argv: list[str]) -> int:
    await libc.out(recho_output([_encode(a) for a in argv[1:]]))
    return 0


async def zecho_main(libc: Libc, argv: list[str]) -> int:
    await libc.out(zecho_output([_encode(a) for a in argv[1:]]))
    return 0


async def printenv_main(libc: Libc, argv: list[str]) -> int:
    env = [_encode(f"{k}={v}") for k, v in libc.environ.items()]
    text, status = printenv_output([_encode(a) for a in argv[1:]], env)
    await libc.out(text)
    return status


# name -> the program's main on the machine
HELPERS: dict[str, Main] = {"recho": recho_main, "zecho": zecho_main, "printenv": printenv_main}
