"""uname: print system information (models coreutils 9.1 src/uname.c)."""

from __future__ import annotations

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    version_text,
)
from swapsh.userland.getopt import NO, LongOpt

__all__ = ["main"]

# print-order bits, as in uname.c
KERNEL_NAME, NODENAME, KERNEL_RELEASE, KERNEL_VERSION, MACHINE = 1, 2, 4, 8, 16
PROCESSOR, HARDWARE_PLATFORM, OPERATING_SYSTEM = 32, 64, 128
SHORT = {
    "s": KERNEL_NAME,
    "n": NODENAME,
    "r": KERNEL_RELEASE,
    "v": KERNEL_VERSION,
    "m": MACHINE,
    "p": PROCESSOR,
    "i": HARDWARE_PLATFORM,
    "o": OPERATING_SYSTEM,
}
LONGOPTS = [
    LongOpt("all", NO, "a"),
    LongOpt("kernel-name", NO, "s"),
    LongOpt("sysname", NO, "s"),
    LongOpt("nodename", NO, "n"),
    LongOpt("kernel-release", NO, "r"),
    LongOpt("release", NO, "r"),
    LongOpt("kernel-version", NO, "v"),
    LongOpt("machine", NO, "m"),
    LongOpt("processor", NO, "p"),
    LongOpt("hardware-platform", NO, "i"),
    LongOpt("operating-system", NO, "o"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]...
Print certain system information.  With no OPTION, same as -s.

  -a, --all                print all information, in the following order,
                             except omit -p and -i if unknown:
  -s, --kernel-name        print the kernel name
  -n, --nodename           print the network node hostname
  -r, --kernel-release     print the kernel release
  -v, --kernel-version     print the kernel version
  -m, --machine            print the machine hardware name
  -p, --processor          print the processor type (non-portable)
  -i, --hardware-platform  print the hardware platform (non-portable)
  -o, --operating-system   print the operating system
"""


@coreutil("/bin/uname")
async def main(p: Prog, argv: list[str]) -> int:
    """uname [OPTION]..."""
    opts, args = await parse_opts(p, argv, "asnrvmpio", LONGOPTS)
    toprint = 0
    for o, _ in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + help_footer("uname"))
            return 0
        if o == "version":
            await p.libc.out(version_text("uname", "David MacKenzie"))
            return 0
        toprint |= 0xFF if o == "a" else SHORT[o]
    if args:
        await p.usage_error(f"extra operand {p.quote(args[0])}")
    if toprint == 0:
        toprint = KERNEL_NAME
    u = await p.libc.uname()
    fields = [
        (KERNEL_NAME, u.sysname),
        (NODENAME, u.nodename),
        (KERNEL_RELEASE, u.release),
        (KERNEL_VERSION, u.version),
        (MACHINE, u.machine),
    ]
    words = [v for bit, v in fields if toprint & bit]
    # -a omits the unknown processor and platform; asked for by name they print "unknown"
    all_ = toprint == 0xFF
    if toprint & PROCESSOR and not all_:
        words.append("unknown")
    if toprint & HARDWARE_PLATFORM and not all_:
        words.append("unknown")
    if toprint & OPERATING_SYSTEM:
        words.append("GNU/Linux")
    await p.libc.out(" ".join(words) + "\n")
    return 0
