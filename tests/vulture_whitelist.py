"""Names used where vulture cannot see it (vulture reads this file with swapsh/ and
scripts/; see [tool.vulture] in pyproject.toml).

Each entry is a real reference (assigned to `_`, which vulture ignores), so one that
goes stale fails tests/unit/test_dead_code.py, which imports this file; each group
says who reads it.
Registered programs, builtins, syscalls and key bindings need no entry: their
decorators are listed in ignore_decorators.
"""

from __future__ import annotations

from prompt_toolkit.buffer import Buffer
from rich.table import Column

from swapsh.frontend.completer import CloneFlagCompleter, CommandCompleter, PathCompleter
from swapsh.frontend.lexer import SwapshBashLexer
from swapsh.kernel.cred import Cap
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import CloneFlags
from swapsh.syscalls.abi import Stat, Sysinfo
from swapsh.transcript.format import Command

# prompt_toolkit calls Completer.get_completions for every completion request.
_ = (
    CommandCompleter.get_completions,
    PathCompleter.get_completions,
    CloneFlagCompleter.get_completions,
)

# Assigning prompt_toolkit's Buffer.cursor_position (a property) moves the cursor.
_ = (Buffer.cursor_position,)

# pygments reads a lexer's class attributes: its registry (aliases, filenames) and
# RegexLexer's state machine (tokens).
_ = (SwapshBashLexer.aliases, SwapshBashLexer.filenames, SwapshBashLexer.tokens)

# rich reads a table column's layout (transcript/side_by_side.py sets them).
_ = (Column.ratio, Column.overflow)

# Root's capability sets are frozenset(Cap): every member is held, checked or not.
_ = (Cap.CAP_CHOWN, Cap.CAP_DAC_READ_SEARCH)

# The user ABI's structs are whole, as the C structs are: the kernel fills every field
# whether or not today's programs read it.
_ = (Stat.st_blksize, Stat.st_atime, Stat.st_ctime, Sysinfo.totalram, Sysinfo.totalswap)

# Parsed but read only by tests/transcript/test_format.py: a candidate for removal,
# left to the transcript format's owner.
_ = (Command.output_lineno,)

# Every CLONE_* flag of 2.6.25 is a member, read by name: the shell's clone64(FLAGS)
# and the completer take any of them (the unmodelled ones get EINVAL, as the
# patched kernel's checks give), and CLONE_SWAPNS is the seed's alias.
_ = (
    CloneFlags.CLONE_PARENT_SETTID,
    CloneFlags.CLONE_CHILD_CLEARTID,
    CloneFlags.CLONE_DETACHED,
    CloneFlags.CLONE_UNTRACED,
    CloneFlags.CLONE_CHILD_SETTID,
    CloneFlags.CLONE_STOPPED,
    CloneFlags.CLONE_SWAPNS,
)

# Every signal of 2.6.25 is a member of Sig: signals are sent by number (kill -N,
# the kernel's faults) and named by Sig(n); these have no sender by name in the model.
_ = (Sig.SIGILL, Sig.SIGTRAP, Sig.SIGABRT, Sig.SIGBUS, Sig.SIGFPE, Sig.SIGUSR1, Sig.SIGUSR2)
