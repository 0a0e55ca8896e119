"""echo: display a line of text (models coreutils 9.1 src/echo.c).

Options are those of bash's builtin (shared with swapsh's shell); like coreutils, a
lone --help or --version as the only argument is honoured.
"""

from __future__ import annotations

from swapsh.userland.coreutils.common import Prog, coreutil, help_footer, version_text
from swapsh.userland.sh.builtins import echo_text

__all__ = ["main"]

HELP = """\
Usage: {0} [SHORT-OPTION]... [STRING]...
  or:  {0} LONG-OPTION
Echo the STRING(s) to standard output.

  -n             do not output the trailing newline
  -e             enable interpretation of backslash escapes
  -E             disable interpretation of backslash escapes (default)
      --help        display this help and exit
      --version     output version information and exit

If -e is in effect, the following sequences are recognized:

  \\\\      backslash
  \\a      alert (BEL)
  \\b      backspace
  \\c      produce no further output
  \\e      escape
  \\f      form feed
  \\n      new line
  \\r      carriage return
  \\t      horizontal tab
  \\v      vertical tab
  \\0NNN   byte with octal value NNN (1 to 3 digits)
  \\xHH    byte with hexadecimal value HH (1 to 2 digits)

NOTE: your shell may have its own version of echo, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.
"""


@coreutil("/bin/echo")
async def main(p: Prog, argv: list[str]) -> int:
    """echo [SHORT-OPTION]... [STRING]..."""
    if len(argv) == 2 and argv[1] == "--help":
        await p.libc.out(HELP.format(p.name) + help_footer("echo"))
        return 0
    if len(argv) == 2 and argv[1] == "--version":
        await p.libc.out(version_text("echo", "Brian Fox and Chet Ramey"))
        return 0
    text, _cut = echo_text(argv[1:])
    await p.libc.out(text)
    return 0
