"""bash, as far as swapsh needs it: an interactive login shell on a terminal, and
`bash -c TEXT` / `bash FILE` for scripts (models bash 5.2's shell.c, eval.c,
execute_cmd.c, jobs.c in outline).

Messages follow bash: "bash: X: ..." when interactive, "bash: line N: X: ..."
otherwise. `clone64(FLAGS)` is the seed's command: it clones a child shell into new
namespaces on the same terminal and waits for it, as `unshare --fork bash` would.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
from collections.abc import AsyncIterator, Awaitable, Callable

from swapsh.syscalls.abi import (
    CLONE_FLAG_NAMES,
    O_APPEND,
    O_CREAT,
    O_EXCL,
    O_RDONLY,
    O_RDWR,
    O_TRUNC,
    O_WRONLY,
    SIG_CATCH,
    SIG_DFL,
    SIG_IGN,
    STREAM_PROMPT,
    SWAPSH_TTY_STREAM,
    UNMODELLED_CLONE_FLAGS,
    Sig,
)
from swapsh.userland.errlist import strerror
from swapsh.userland.libc import WCOREDUMP, WEXITSTATUS, WIFSIGNALED, WIFSTOPPED, WTERMSIG, Libc
from swapsh.userland.membuf import MemBuf, MemoryExhausted
from swapsh.userland.registry import program
from swapsh.userland.sh import (  # noqa: F401  (they register builtins)
    alias_cmd,
    declare_cmd,
    eval_cmd,
    getopts_cmd,
    misc_cmds,
    printf_cmd,
    read_cmd,
    set_cmd,
    test_cmd,
    trap_cmd,
)
from swapsh.userland.sh.alias_cmd import run_aliased
from swapsh.userland.sh.arith import ArithError, arith_eval
from swapsh.userland.sh.arrayfunc import assign_list
from swapsh.userland.sh.arrays import IndexedArray
from swapsh.userland.sh.ast import (
    AndOr,
    Clone64,
    Command,
    FunctionDef,
    Pipeline,
    Redirect,
    Script,
    SimpleCommand,
    Subshell,
    Word,
)
from swapsh.userland.sh.braces import BraceTooBig
from swapsh.userland.sh.brand import BashRandom
from swapsh.userland.sh.builtins import (
    SPECIAL_BUILTINS,
    BreakLoop,
    Builtin,
    ContinueLoop,
    ReturnFrom,
    ShellExit,
    find_builtin,
    xmalloc_die,
    xrealloc_die,
)
from swapsh.userland.sh.execute import (
    Interrupted,
    call_function,
    command_substitute,
    define_function,
    run_compound,
    run_list,
)
from swapsh.userland.sh.expand import Expander, ExpandError, ShellArith
from swapsh.userland.sh.histexp import history_expand
from swapsh.userland.sh.history_cmd import QUOTE_ENDS, History, history_join
from swapsh.userland.sh.invocation import (
    Invocation,
    invalid_option,
    parse_invocation,
    shell_usage,
)
from swapsh.userland.sh.jobs import (
    NONINTERACTIVE,
    TTY_FD,
    Job,
    JobTable,
    Process,
    background_child_setup,
    exit_status,
    job_listing,
    notify,
    open_terminal,
    reported_in_scripts,
    stopped_jobs_hold_exit,
    wait_foreground,
)
from swapsh.userland.sh.options import ShellOptions
from swapsh.userland.sh.parser import (
    Incomplete,
    ShSyntaxError,
    eof_error,
    parse,
    parse_next,
)
from swapsh.userland.sh.print_cmd import command_string
from swapsh.userland.sh.time_cmd import time_pipeline
from swapsh.userland.sh.trap_cmd import (
    after_pipeline,
    debug_trap,
    run_exit_trap,
    subshell_traps,
)
from swapsh.userland.sh.variables import (
    Attr,
    DiscardLine,
    ExportedView,
    ShellVar,
    VarError,
    VarStore,
)
from swapsh.userland.sh.xtrace import trace_simple
from swapsh.userland.siglist import strsignal

__all__ = ["Shell", "main"]

HEREDOC_PIPE_MAX = 16 * 4096  # a 2.6.25 pipe's buffer: bash 5.2 uses a pipe up to this
SAVE_FD_BASE = 10


class JobInterrupted(Exception):
    """A process of an interactive shell's foreground job died of SIGINT: bash drops
    the rest of the command line (and of a file being sourced), as if ^C had hit the
    shell; $? is 130 unless the job was the whole line."""

    def __init__(self, code: int, source_depth: int) -> None:
        super().__init__(code)
        self.code, self.source_depth = code, source_depth


class Shell:
    """One bash process's state."""

    def __init__(
        self, libc: Libc, *, interactive: bool, login: bool, name: str, positional: list[str]
    ) -> None:
        self.libc = libc
        self.interactive = interactive
        self.login = login
        self.name = name  # $0
        self.positional = positional  # $1...
        self.vars = VarStore.from_environ(libc.environ)  # variables.py
        self.vars.arith = self.integer_value
        self.exported = ExportedView(self.vars)  # the names with the export attribute
        self.last_status = 0
        self.lineno = 0  # line of the command being run (non-interactive messages)
        self.pid = 0
        self.pgrp = 0
        self.original_pgrp = 0  # the terminal's process group when the shell started
        self.tty = False  # whether TTY_FD is our terminal
        self.homes: dict[str, str] | None = None  # user -> home, from /etc/passwd
        self.source_depth = 0  # `.` files being run, one inside the other
        self.func_depth = 0  # shell functions being run, one inside the other
        self.stack_depth = 0  # nested `.`, calls and compound commands (stack_enter)
        self.loop_depth = 0  # loops of the current function (or top level) being run
        self.functions: dict[str, FunctionDef] = {}
        self.bashpid = 0  # $BASHPID: this process (a subshell's differs from $$)
        self.pipestatus = [0]  # the PIPESTATUS array
        self.compound_args: frozenset[str] = frozenset()  # declare's name=( ) words
        self._expander: Expander | None = None  # expander()'s, while it still fits
        self.comsub_status: int | None = None  # of the last $(...) of this command
        self.command_string = False  # bash -c: syntax errors say "NAME: -c: line N:"
        self.lineno_base = 0  # added to a command's line in the text being run
        self.source_name = ""  # what messages name instead of $0 ("environment": a
        # function defined by bash -c, as bash 5.2 says)
        self.jobs = JobTable()
        self.history = History(lambda: self.vars.get("HISTSIZE"))  # interactive lines
        self.job_control = False  # bash's: on for an interactive shell on its terminal
        # (never in a subshell), and with `set -m` (jobs.set_job_control)
        self.this_builtin = ""  # the builtin the current simple command runs ("": none)
        self.last_builtin = ""  # the previous simple command's (`exit` twice leaves)
        self.options = ShellOptions(interactive=interactive)  # set -o, shopt, $-
        self.errexit_off = 0  # > 0 inside conditions, where set -e is ignored
        self.traps: dict[int, str] = {}  # signal (0 EXIT, NSIG.. DEBUG ERR RETURN) -> command
        self.running_traps: set[int] = set()  # traps whose command is running
        self.aliases: dict[str, str] = {}
        self.aliases_busy: set[str] = set()  # aliases whose text is being run
        self.getopts_state: object = None  # getopts_cmd's place in a group of options
        self.hashed: dict[str, tuple[str, int]] = {}  # command -> (path, hits): `hash`
        self.trace_level = 1  # PS4's first character is repeated this often (set -x)
        self.return_trap_depth = -1  # the function depth that last set the RETURN trap
        self.signal_origins: dict[int, int] = {}  # signal -> disposition at startup
        self.save_stack: list[list[tuple[int, int | None]]] = []  # fds with_redirects saved
        self.parent_traps: dict[int, str] | None = None  # a subshell's `trap` lists these
        self.disabled_builtins: set[str] = set()  # `enable -n`

    # -- messages -----------------------------------------------------------------------------
    async def error(self, msg: str) -> None:
        """bash's builtin_error / report_error prefix."""
        name = self.source_name or self.name
        prefix = "bash: " if self.interactive else f"{name}: line {self.lineno}: "
        await self.libc.err(prefix + msg + "\n")

    # -- variables --------------------------------------------------------------------------
    @property
    def pipestatus(self) -> list[int]:
        var = self.vars.table.get("PIPESTATUS")
        v = None if var is None else var.value
        return [int(x) for x in v.values()] if isinstance(v, IndexedArray) else [0]

    @pipestatus.setter
    def pipestatus(self, statuses: list[int]) -> None:
        """bash sets PIPESTATUS, an array, after every pipeline."""
        items = dict(enumerate(str(s) for s in statuses))
        var = self.vars.table.get("PIPESTATUS")
        if var is not None and isinstance(var.value, IndexedArray):
            var.value.items = items
        else:
            self.vars.table["PIPESTATUS"] = ShellVar("PIPESTATUS", IndexedArray(items), Attr.ARRAY)

    async def init_variables(self) -> None:
        """initialize_shell_variables, in part: PWD names the working directory, IFS
        PS2 PS4 OPTIND OPTERR have bash's values, SHLVL counts one more shell, RANDOM
        is seeded from the clock and pid (the
        machine's simulated clock, so the same boot gives the same numbers)."""
        cwd = await self.libc.getcwd()
        if self.vars.get("PWD") != cwd:
            self.vars["PWD"] = cwd
        self.vars["IFS"] = " \t\n"  # never taken from the environment
        if self.interactive:
            self.vars.setdefault("PS2", "> ")
        uid = (await self.libc.getresuid())[1]
        if uid == 0 or "PS4" not in self.vars:
            self.vars["PS4"] = "+ "
        self.vars["OPTIND"], self.vars["OPTERR"] = "1", "1"
        level = self.vars.get("SHLVL", "0").strip()
        n = int(level) + 1 if level.lstrip("-").isdigit() else 1
        self.vars["SHLVL"] = str(max(n, 0))
        self.exported["SHLVL"] = None
        ns = await self.libc.clock_gettime(0)
        sec, usec = divmod(ns // 1000, 1_000_000)
        uid = (await self.libc.getresuid())[0]
        self.vars.rng = BashRandom(sec ^ usec ^ self.pid ^ uid)
        self.vars.seconds = (sec, 0)

    def integer_value(self, text: str) -> int:
        """An integer variable's assigned text evaluated (bash's evalexp)."""
        try:
            return arith_eval(text, ShellArith(self.lookup, self.vars.__setitem__, self.vars))
        except ArithError as e:
            raise ExpandError(e.message) from None

    def lookup(self, name: str) -> str | None:  # noqa: PLR0911  (one return a name)
        if name == "?":
            return str(self.last_status)
        if name == "$":
            return str(self.pid)
        if name == "#":
            return str(len(self.positional))
        if name in ("@", "*"):
            return " ".join(self.positional)
        if name.isdigit():
            i = int(name)
            if i == 0:
                return self.name
            return self.positional[i - 1] if i <= len(self.positional) else None
        if name in ("!", "-", "BASHPID"):
            return {
                "!": str(self.jobs.last_async or ""),
                "-": self.options.dollar_dash(),
                "BASHPID": str(self.bashpid or self.pid),
            }.get(name, "")
        if name == "LINENO" and name not in self.vars.table:  # dynamic, until set
            return str(self.lineno)
        return self.vars.get(name)

    def environ(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = self.vars.environ()
        env.update(extra or {})
        return env

    async def listdir(self, path: str) -> list[str] | None:
        try:
            return [d.d_name for d in await self.libc.listdir(path) if d.d_name not in (".", "..")]
        except OSError:
            return None

    async def expander(self) -> Expander:
        """The expansion context; reads /etc/passwd once for ~user."""
        if self.homes is None:
            self.homes = {}
            with contextlib.suppress(OSError):
                for line in (await self.read_file("/etc/passwd")).splitlines():
                    f = line.split(":")
                    if len(f) >= 6:
                        self.homes.setdefault(f[0], f[5])
        ex = self._expander
        nounset, globopts = self.options.o["nounset"], self.options.glob_options()
        if (
            ex is not None
            and ex.positional is self.positional
            and ex.store is self.vars
            and (ex.nounset, ex.globopts) == (nounset, globopts)
        ):
            return ex  # the same context until a call, a fork or an option changes it
        self._expander = Expander(
            self.lookup,
            self.positional,
            self.homes.get,
            comsub=lambda script: command_substitute(self, script),
            assign=self.vars.__setitem__,
            names=lambda: [n for n, v in self.vars.table.items() if v.value is not None],
            nounset=nounset,
            globopts=globopts,
            store=self.vars,
            warn=self.error,
            clock=lambda: self.libc.clock_gettime(0),
        )
        return self._expander

    async def argv_of(self, cmd: SimpleCommand) -> list[str]:
        return await self.expand_words(cmd.words)

    async def expand_words(self, words: tuple[Word, ...]) -> list[str]:
        """Words expanded into fields (a command's, a for loop's); a brace expansion
        past the shell's memory is bash's fatal xmalloc failure."""
        try:
            return await (await self.expander()).words(words, self.listdir)
        except BraceTooBig as e:
            await xmalloc_die(self, int(e.args[0]))

    async def assigns_of(self, cmd: SimpleCommand) -> dict[str, str]:
        """A command's environment assignments (array ones are not exported)."""
        ex = await self.expander()
        return {
            a.name: await ex.assignment_value(a.value)
            for a in cmd.assigns
            if a.subscript is None and a.compound is None and not a.append
        }

    # -- input --------------------------------------------------------------------------------
    async def read_file(self, path: str) -> str:
        buf = await self.hold_file(path)
        return (await buf.take_all()).decode("utf-8", "surrogateescape")

    async def hold_file(self, path: str) -> MemBuf:
        """The whole file in the shell's memory, as bash's zmapfd reads a script (to
        its end, whatever it is): each read lands in the I/O buffer (its lbuf) and is
        copied to the growing string. Raises OSError, MemoryExhausted, and
        Interrupted when ^C interrupts a read that sleeps (zread's check_signals)."""
        fd = await self.libc.open(path)
        buf = MemBuf(self.libc)
        try:
            await self.read_to_end(fd, buf, 65536)
        except BaseException:
            await buf.free()
            raise
        finally:
            await self.libc.close(fd)
        return buf

    async def read_to_end(self, fd: int, buf: MemBuf, size: int) -> None:
        """Read fd to its end into buf, size bytes a read. A read that ^C interrupts
        is Interrupted for the terminal's shell and read again by any other. Raises
        OSError for any other failed read."""
        while True:
            try:
                data = await self.libc.read(fd, size)
            except OSError as e:
                if e.errno != errno.EINTR:
                    raise
                if self.interactive and self.tty:
                    raise Interrupted from None
                continue
            if not data:
                return
            await buf.append(data)

    async def prompt(self, text: str) -> None:
        if self.interactive and self.tty:
            await self.libc.write_all(TTY_FD, text.encode("utf-8", "surrogateescape"))

    async def exit_held(self) -> bool:
        """Whether stopped jobs hold back this `exit` or ^D (bash warns once)."""
        return await stopped_jobs_hold_exit(self)

    async def say_goodbye(self) -> None:
        """bash prints "logout" (login shell) or "exit" when it leaves interactively.
        It goes to the terminal's prompt stream: part of the conversation with the
        terminal, which the plain front-end leaves out like the prompts."""
        await self.prompt("logout\n" if self.login else "exit\n")

    async def ps1(self) -> str:
        uid = (await self.libc.getresuid())[1]
        user = self.vars.get("USER", "root" if uid == 0 else str(uid))
        host = (await self.libc.uname()).nodename.split(".")[0]
        cwd = await self.libc.getcwd()
        home = self.vars.get("HOME", "")
        if home and home != "/" and (cwd == home or cwd.startswith(home + "/")):
            cwd = "~" + cwd[len(home) :]
        return f"{user}@{host}:{cwd}{'#' if uid == 0 else '$'} "

    async def read_line(self) -> str | None:
        """One line from stdin (the terminal gives one line per read). NULs are
        dropped, as bash's shell_getc drops them; a line longer than one read is held
        in the shell's memory (bash's xrealloc'ed shell_input_line).

        Raises: Interrupted when ^C interrupts the read (an interactive shell catches
        SIGINT; any other shell ignores it and reads on); MemoryExhausted.
        """
        held: MemBuf | None = None
        try:
            while True:
                chunk = await self._read_input()
                if not chunk:
                    rest = await held.take_all() if held is not None else b""
                    return rest.decode("utf-8", "surrogateescape") if rest else None
                if b"\0" in chunk:
                    chunk = chunk.replace(b"\0", b"")
                if held is None and chunk.endswith(b"\n"):  # a whole line in one read
                    return chunk[:-1].decode("utf-8", "surrogateescape")
                held = held or MemBuf(self.libc)
                try:
                    await held.append(chunk)
                except MemoryExhausted as e:
                    await xrealloc_die(self, e)
                if chunk.endswith(b"\n"):
                    return (await held.take_all())[:-1].decode("utf-8", "surrogateescape")
        finally:
            if held is not None:
                await held.free()

    async def input_lines(self) -> AsyncIterator[str]:
        """stdin's lines as they are read (a shell without a terminal runs them)."""
        while (text := await self.read_line()) is not None:
            for line in text.split("\n"):  # a read of a pipe or file brings many lines
                yield line

    async def _read_input(self) -> bytes:
        """One read(2) of stdin: b"" at its end (or on EBADF, EIO...)."""
        while True:
            try:
                return await self.libc.read(0, 4096)
            except OSError as e:
                if e.errno != errno.EINTR:
                    return b""
                if self.interactive and self.tty:
                    raise Interrupted from None

    # -- the interactive loop -----------------------------------------------------------------
    async def repl(self) -> int:
        while True:
            await notify(self)  # before the prompt: the jobs that ended or stopped
            await self.prompt(await self.ps1())
            try:
                status = await self.read_and_run()
            except Interrupted:
                self.last_status = 130  # bash: ^C at the prompt drops the whole command
                await self.prompt("\n")
                continue
            if status is not None:
                return status

    async def read_and_run(self) -> int | None:
        """Read one command (with its continuation lines) and run it.

        Returns: the exit status when the shell is to exit, else None.
        """
        line = await self.read_line()
        if line is None:
            await self.say_goodbye()
            if await self.exit_held():
                return None
            return self.last_status
        text = entry = await self.history_expand_line(line)
        if text is None or entry is None:
            return None
        while True:
            try:
                script = parse(text)
                break
            except Incomplete as e:
                await self.prompt(self.vars.get("PS2", "> "))
                more = await self.read_line()
                if more is None:
                    self.history.add(entry)
                    await self.error(eof_error(text).message)
                    return None
                more = await self.history_expand_line(more)
                if more is None:
                    return None
                text += "\n" + more
                entry = history_join(entry, more, in_text=e.message.endswith(QUOTE_ENDS))
            except ShSyntaxError as e:
                self.history.add(entry)
                if e.message:
                    await self.error(e.message)
                self.last_status = self.last_status if e.cond else 2
                return None
        self.history.add(entry)
        return await self._run_line(script)

    async def history_expand_line(self, line: str) -> str | None:
        """An interactive line after history expansion (bash's pre_process_line): the
        expanded line is shown on stderr; None when it is not to run (an expansion
        error, said as bash says it, or `:p`, which only shows it)."""
        if not (self.interactive and self.tty and self.options.o["histexpand"]):
            return line
        r = history_expand(line, self.history.lines, self.history.state, self.history.base)
        if r.status < 0:
            await self.error(r.text)
            return None
        if r.status > 0:
            await self.libc.err(r.text + "\n")
        if r.status == 2:
            self.history.add(r.text)
            return None
        return r.text

    async def _run_line(self, script: Script) -> int | None:
        """Run a command line read interactively. Returns: the exit status when the
        shell is to exit, else None."""
        try:
            for _, warning in script.warnings:
                await self.error(warning)
            for item in script.items:
                self.last_status = await self.run_andor(item)
        except ShellExit as e:
            return e.code
        except ExpandError as e:  # the rest of the line is dropped
            if e.message:
                await self.error(e.message)
            self.last_status = 1
        except DiscardLine:
            self.last_status = 1
        except (BreakLoop, ContinueLoop, ReturnFrom):
            pass  # from a sourced file's loop: the line ends
        except JobInterrupted as e:
            whole = len(script.items) == 1 and not script.items[0].rest and not e.source_depth
            self.last_status = e.code if whole else 128 + Sig.SIGINT
        return None

    async def run_text(self, text: str) -> int:
        """Run a script text (bash -c, bash FILE, source) command by command, as bash
        reads it: each complete command runs before the next line is parsed, and a
        syntax error stops the script with status 2."""
        pos = 0
        while pos < len(text):
            try:
                script, pos, line = parse_next(text, pos)
            except ShSyntaxError as e:
                return await self._script_syntax_error(e, 1)
            await self._run_script_items(script, line, absolute=True)
        return self.last_status

    async def run_lines(self, lines: AsyncIterator[str]) -> int:
        """run_text's loop over lines as they come (a script on stdin runs as it is
        read and is never held whole)."""
        buf: list[str] = []
        start = n = 0
        async for line in lines:
            n += 1
            if self.options.o["verbose"] and not self.command_string:  # set -v: as read
                await self.libc.err(line + "\n")
            start = start if buf else n
            buf.append(line)
            try:
                script = parse("\n".join(buf), at_eof=False)
            except Incomplete:
                continue
            except ShSyntaxError as e:
                return await self._script_syntax_error(e, start)
            buf = []
            await self._run_script_items(script, start)
        if buf:  # the text ends inside a command
            try:
                script = parse("\n".join(buf), at_eof=True)
            except Incomplete:
                return self.last_status
            except ShSyntaxError as e:
                return await self._script_syntax_error(e, start)
            await self._run_script_items(script, start)
        return self.last_status

    async def _script_syntax_error(self, e: ShSyntaxError, start: int) -> int:
        """A script's syntax error: said with its line number, then the line itself
        for an unexpected token; the script ends (2). A [[ ]] error ends it
        without changing $? (bash 5.2.15)."""
        self.lineno = start + getattr(e, "line", 1) - 1
        if self.command_string and not self.interactive:
            prefix = f"{self.name}: -c: line {self.lineno}: "
            if e.message:
                await self.libc.err(prefix + e.message + "\n")
            if e.line_text and not e.cond:
                await self.libc.err(f"{prefix}`{e.line_text}'\n")
        else:
            if e.message:
                await self.error(e.message)
            if e.line_text and not self.interactive and not e.cond:
                await self.error(f"`{e.line_text}'")
        if e.cond:  # bash 5.2.15 ends the script without changing $?
            return self.last_status
        self.last_status = 2
        return 2

    async def _run_script_items(self, script: Script, start: int, absolute: bool = False) -> None:
        """Run a chunk's commands; start: the line it begins on. Its line numbers
        count from start, or from the text's first line if absolute."""
        base = 0 if absolute else start - 1
        for line, warning in script.warnings:
            self.lineno = base + line
            await self.error(warning)
        self.lineno, saved_base, self.lineno_base = start, self.lineno_base, base
        try:
            for item in script.items:
                self.last_status = await self.run_andor(item)
        except ExpandError as e:
            if self.interactive:
                raise
            if e.message:  # bash's expansion errors end a script
                await self.error(e.message)
            if e.discard:  # but for arithmetic's: the rest of the line is dropped
                self.last_status = 1
                return
            raise ShellExit(127 if e.unset and self.command_string else 1) from None
        except DiscardLine:  # the rest of the command line is dropped
            self.last_status = 1
        finally:
            self.lineno_base = saved_base

    # -- execution ------------------------------------------------------------------------------
    async def run_andor(self, item: AndOr) -> int:
        """An and-or list; set -e is ignored for every pipeline but the last
        (trap_cmd.after_pipeline checks the last). With `&`: a job in the background."""
        if item.background:
            return await self.run_background(item)
        pipes = [item.first, *(p for _, p in item.rest)]
        status, ran_last = 0, False
        for i, pipe in enumerate(pipes):
            if i and (item.rest[i - 1][0] == "&&") != (status == 0):
                continue
            last = i == len(pipes) - 1
            self.errexit_off += not last
            try:
                status = await self.run_pipeline(pipe)
            finally:
                self.errexit_off -= not last
            ran_last = last
        if ran_last:
            await after_pipeline(self, pipes[-1], status)
        return status

    async def run_pipeline(self, p: Pipeline) -> int:
        if p.time:
            untimed = dataclasses.replace(p, time="")
            return await time_pipeline(
                self, p.time == "time -p", lambda: self.run_pipeline(untimed)
            )
        self.errexit_off += p.negate  # `! cmd` never trips set -e
        try:
            if len(p.commands) == 1:
                status = await self.run_command(p.commands[0])
                self.pipestatus = [status]
            else:
                status = await self._run_multi(p.commands)
                if self.options.o["pipefail"]:  # the last command that failed
                    status = next((s for s in reversed(self.pipestatus) if s), 0)
        finally:
            self.errexit_off -= p.negate
        return (0 if status else 1) if p.negate else status

    async def run_command(self, cmd: Command) -> int:
        if isinstance(cmd, Clone64):
            return await self.clone64(cmd)
        if isinstance(cmd, FunctionDef):
            return await define_function(self, cmd)
        if not isinstance(cmd, SimpleCommand):
            return await run_compound(self, cmd)
        if cmd.line:
            self.lineno = cmd.line + self.lineno_base
        if self.aliases and (status := await run_aliased(self, cmd)) is not None:
            return status
        if self.traps:
            await debug_trap(self)
        self.comsub_status = None
        argv = await self.argv_of(cmd)
        if not argv:  # bash: the status of the last command substitution, if any
            if await assign_list(self, cmd.assigns):
                return 1
            if self.options.o["xtrace"]:  # each assignment as it was made
                made = {a.name: self.vars.get(a.name) or "" for a in cmd.assigns}
                await trace_simple(self, made, [])
            status = await self.with_redirects(cmd.redirects, None)
            return status or (self.comsub_status or 0)
        assigns = await self.assigns_of(cmd)
        if self.options.o["xtrace"]:
            await trace_simple(self, assigns, argv)
        return await self._run_simple(cmd, argv, assigns)

    async def _run_simple(
        self, cmd: SimpleCommand, argv: list[str], assigns: dict[str, str]
    ) -> int:
        """An expanded simple command: a function, a builtin, a job spec (`%1` is
        bash's `fg %1`) or a program. NAME=value before a function or builtin holds
        while it runs (bash's temporary environment)."""
        func = self.functions.get(argv[0])
        if argv[0].startswith("%") and self.job_control and func is None:
            argv = ["fg", *argv]
        fn = find_builtin(self, argv[0]) if func is None else None
        self.last_builtin, self.this_builtin = self.this_builtin, argv[0] if fn else ""
        if fn is None and func is None:
            await self.remember_command(argv[0])
            return await self.run_foreground([(cmd, argv, assigns)])
        try:
            saved = self.vars.push_temp(assigns)
        except VarError as e:
            await self.error(e.message)
            return 1
        try:
            if func is not None:
                return await self.with_redirects(
                    cmd.redirects, lambda: call_function(self, func, argv)
                )
            if fn is not None:
                self.compound_args = declare_cmd.compound_args(cmd.words)
                return await self._run_builtin(fn, argv, cmd.redirects)
            return 127
        finally:
            self.vars.pop_temp(saved)

    async def _run_builtin(
        self, fn: Builtin, argv: list[str], redirects: tuple[Redirect, ...]
    ) -> int:
        """A builtin with its redirections, put back after it (exec's stay). In posix
        mode a special builtin's usage error (status 2) ends a script."""
        if argv[0] != "exec" and argv[:2] != ["command", "exec"]:
            status = await self.with_redirects(redirects, lambda: self.builtin(fn, argv))
            posix = self.options.o["posix"] and not self.interactive
            if status == 2 and posix and argv[0] in SPECIAL_BUILTINS:
                raise ShellExit(2)
            return status
        if not await self.apply_redirects(redirects, None):
            if self.options.o["posix"] and not self.interactive:  # a special builtin's
                raise ShellExit(1)
            return 1
        return await self.builtin(fn, argv)

    async def remember_command(self, name: str) -> None:
        """bash's hash table: the parent finds a command's path before it forks and
        counts its use (`hash` lists the hits)."""
        if "/" in name or not self.options.o["hashall"]:
            return
        path, hits = self.hashed.get(name, (None, 0))
        if path is None:
            path = await self._search_path(self.libc, name)
        if path is not None:
            self.hashed[name] = (path, hits + 1)

    async def run_external(self, argv: list[str], path: str | None = None) -> int:
        """Fork and exec argv, neither function nor builtin (`command`); path, when
        given, is searched instead of $PATH."""
        env = self.environ()

        async def child(c: Libc) -> int:
            await self.child_setup(c, 0)
            sub = await self.subshell(c, getpid=False)
            if path is not None:
                sub.vars["PATH"], sub.hashed = path, {}
            return await sub.run_forked(lambda: sub.exec_external(c, argv, env))

        if path is None:
            await self.remember_command(argv[0])
        pid = await self.libc.fork(child)
        return await self.run_job([pid], [" ".join(argv)])

    async def subshell(self, c: Libc, getpid: bool = True) -> Shell:
        """A copy of this shell's state for a forked child (bash's subshell: same
        variables, functions and messages, its own $BASHPID, no terminal)."""
        sub = Shell(
            c,
            interactive=self.interactive,
            login=False,
            name=self.name,
            positional=list(self.positional),
        )
        sub.lineno, sub.lineno_base = self.lineno, self.lineno_base
        sub.vars = self.vars.copy()
        if self.vars.rng is not None and getpid:  # a subshell reseeds (get_random_number)
            sub.vars.rng = BashRandom(self.vars.rng.rseed ^ await c.getpid())
        sub.vars.arith = sub.integer_value
        sub.exported = ExportedView(sub.vars)
        sub.functions, sub.last_status = dict(self.functions), self.last_status
        sub.pid, sub.pgrp, sub.homes = self.pid, self.pgrp, self.homes
        sub.func_depth, sub.source_depth = self.func_depth, self.source_depth
        sub.stack_depth = self.stack_depth  # a fork copies the stack
        sub.command_string, sub.source_name = self.command_string, self.source_name
        sub.jobs.last_async = self.jobs.last_async  # $! (the jobs are not the subshell's)
        sub.bashpid = await c.getpid() if getpid else 0
        sub.options, sub.aliases = self.options.copy(), dict(self.aliases)
        sub.hashed, sub.disabled_builtins = dict(self.hashed), set(self.disabled_builtins)
        sub.traps, sub.trace_level = subshell_traps(self.traps), self.trace_level
        sub.parent_traps = dict(self.traps) if self.parent_traps is None else self.parent_traps
        sub.errexit_off = self.errexit_off  # a subshell in a condition ignores set -e too
        sub.signal_origins = dict(self.signal_origins)
        return sub

    async def run_forked(self, body: Callable[[], Awaitable[int]]) -> int:
        """The exit status of a forked copy running body: exit, errors and stray
        break/return end it as they end bash's subshell; then its EXIT trap runs."""
        try:
            status = await body()
        except ShellExit as e:
            status = e.code
        except ExpandError as e:
            if e.message:
                await self.error(e.message)
            status = 1
        except ReturnFrom as r:
            status = r.code
        except (BreakLoop, ContinueLoop):
            status = 0
        except DiscardLine:
            status = 1
        return await run_exit_trap(self, status)

    async def builtin(self, fn: Builtin, argv: list[str]) -> int:
        """Run a builtin; a failed write is bash's sh_chkwrite: "NAME: write error".
        What it printed through stdio is flushed when it returns, as each of bash's
        builtins does (its output comes before the next command's)."""
        try:
            status = await fn(self, argv)
            out = self.libc.stdout  # sh_chkwrite: the output is out, or the error said
            if out.buf:
                data, out.buf = bytes(out.buf), bytearray()
                await self.libc.write_all(out.fd, data)
            return status
        except OSError as e:
            await self.error(f"{argv[0]}: write error: {e.strerror}")
            return 1
        except DiscardLine:
            raise
        except VarError as e:  # a builtin assigning a readonly variable (cd, read...)
            await self.error(f"{argv[0]}: {e.message}")
            return 1

    async def with_redirects(self, redirects: tuple[Redirect, ...], body: object) -> int:
        """Apply redirections in this shell for a builtin, then put the fds back."""
        saved: list[tuple[int, int | None]] = []
        self.save_stack.append(saved)
        try:
            if not await self.apply_redirects(redirects, saved):
                return 1
            if body is None:
                return 0
            return int(await body())  # type: ignore[operator]
        finally:
            self.save_stack.remove(saved)
            for fd, save in reversed(saved):
                if save is None:
                    with contextlib.suppress(OSError):
                        await self.libc.close(fd)
                else:
                    await self.libc.dup2(save, fd)
                    await self.libc.close(save)

    async def apply_redirects(
        self, redirects: tuple[Redirect, ...], saved: list[tuple[int, int | None]] | None
    ) -> bool:
        """Open and install each redirection; report the first failure as bash does."""
        for r in redirects:
            fds = [1, 2] if r.fd == -1 else [r.fd]
            if saved is not None:  # save first: the open may land on a closed target fd
                for fd in fds:
                    try:
                        saved.append((fd, await self.libc.dupfd(fd, SAVE_FD_BASE)))
                    except OSError:
                        saved.append((fd, None))
            try:
                src = await self._redirect_source(r)
            except OSError as e:
                await self.error(f"{e.filename}: {e.strerror}")
                return False
            dup = r.dup_fd is not None or r.op in (">&", "<&")
            try:
                await self._move_saved(fds)
                await self._install(src, fds)
            except OSError as e:
                # bash's redirection_error on EBADF: a duplication names the fd it
                # copies, a file redirection the fd it was to land on (`1024>f`).
                await self.error(f"{src if dup else fds[-1]}: {e.strerror}")
                if src is not None and not dup:
                    await self.libc.close(src)
                return False
            if src is not None and not dup and src not in fds:
                await self.libc.close(src)
        return True

    async def _move_saved(self, fds: list[int]) -> None:
        """A redirection onto a descriptor where the shell keeps a saved one (`exec
        10>&1` inside `{ } >f`): the saved copy moves out of the way first, as bash
        moves its own descriptors."""
        for saved in self.save_stack:
            for i, (fd, save) in enumerate(saved):
                if save is not None and save in fds:
                    saved[i] = (fd, await self.libc.dupfd(save, SAVE_FD_BASE + 1 + max(fds)))

    async def _install(self, src: int | None, fds: list[int]) -> None:
        """Make each of fds a copy of src (None: close them). Raises: OSError from
        dup2, EBADF for a target at or past the descriptor limit."""
        for fd in fds:
            if src is None:
                with contextlib.suppress(OSError):
                    await self.libc.close(fd)
            elif src != fd:
                await self.libc.dup2(src, fd)

    async def _redirect_source(self, r: Redirect) -> int | None:
        """The descriptor a redirection installs (None: close). Raises: OSError whose
        filename is what bash names in the message."""
        if r.dup_fd is not None:
            if r.dup_fd == -1:
                return None
            try:
                await self.libc.fstat(r.dup_fd)
            except OSError as e:
                raise OSError(e.errno, e.strerror, str(r.dup_fd)) from None
            return r.dup_fd
        if r.heredoc is not None or r.op == "<<<":
            return await self._here_document(r)
        if r.target is None:  # the parser gives every other redirection a target
            raise ValueError(f"redirection {r.op} without a target")
        path = await (await self.expander()).word(r.target)
        if r.op in (">&", "<&"):
            if path.isdigit():
                return await self._redirect_source(Redirect(r.fd, r.op, None, int(path)))
            raise OSError(0, "ambiguous redirect", path)
        flags = {
            ">": O_WRONLY | O_CREAT | O_TRUNC,
            ">|": O_WRONLY | O_CREAT | O_TRUNC,
            ">>": O_WRONLY | O_CREAT | O_APPEND,
            "<": O_RDONLY,
            "<>": O_RDWR | O_CREAT,
        }[r.op]
        if r.op == ">" and self.options.o["noclobber"]:
            flags = await self._noclobber_flags(path)
        try:
            return await self.libc.open(path, flags, 0o666)
        except OSError as e:
            raise OSError(e.errno, e.strerror, path) from None

    async def _noclobber_flags(self, path: str) -> int:
        """set -C: `>` refuses an existing regular file (bash's noclobber_open), opens
        anything else that exists as it is, and creates only a file that is not there."""
        try:
            st = await self.libc.stat(path)
        except OSError:
            return O_WRONLY | O_CREAT | O_EXCL
        if st.st_mode & 0o170000 == 0o100000:
            raise OSError(errno.EEXIST, "cannot overwrite existing file", path)
        return O_WRONLY

    async def _here_document(self, r: Redirect) -> int:
        """A descriptor reading a here-document's (or here-string's) expanded text.
        As bash 5.2: a pipe when the text fits its buffer, else a temporary file,
        unlinked at once."""
        ex = await self.expander()
        if r.heredoc is not None:
            body = "" if r.heredoc.body is None else await ex.word(r.heredoc.body)
        else:
            body = "" if r.target is None else await ex.word(r.target) + "\n"
        data = body.encode("utf-8", "surrogateescape")
        if len(data) <= HEREDOC_PIPE_MAX:
            rfd, wfd = await self.libc.pipe()
            try:
                await self.libc.write_all(wfd, data)
            finally:
                await self.libc.close(wfd)
            return rfd
        path = f"/tmp/sh-thd.{self.bashpid or self.pid}"
        fd = await self.libc.open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        try:
            await self.libc.unlink(path)
            await self.libc.write_all(fd, data)
            await self.libc.lseek(fd, 0, 0)
        except OSError:
            await self.libc.close(fd)
            raise
        return fd

    # -- processes ------------------------------------------------------------------------------
    async def child_setup(self, c: Libc, pgid: int | None) -> None:
        """A forked child of an interactive shell: into the job's process group
        (pgid None: stay in the shell's, as a command substitution does; a subshell's
        children stay in the subshell's job), signals back to their defaults."""
        if pgid is not None and self.job_control:
            with contextlib.suppress(OSError):
                await c.setpgid(0, pgid)
        if self.interactive:
            for sig in (
                Sig.SIGINT,
                Sig.SIGQUIT,
                Sig.SIGTERM,
                Sig.SIGTSTP,
                Sig.SIGTTIN,
                Sig.SIGTTOU,
            ):
                await c.signal(sig, SIG_DFL)

    async def _exec_child(
        self, c: Libc, cmd: SimpleCommand, argv: list[str], assigns: dict[str, str]
    ) -> int:
        if not await self.apply_redirects(cmd.redirects, None):
            return 1
        fn = find_builtin(self, argv[0])
        func = self.functions.get(argv[0])
        if func is not None:
            return await call_function(self, func, argv)
        if fn is not None:  # messages as its parent's (`bash: X` when interactive)
            return await self.builtin(fn, argv)
        return await self.exec_external(c, argv, self.environ(assigns))

    async def exec_external(self, c: Libc, argv: list[str], env: dict[str, str]) -> int:
        """execve after a PATH search; bash's messages and statuses when it fails."""
        name = argv[0]
        path = name if "/" in name else await self._search_path(c, name)
        if path is None:
            await self.error(f"{name}: command not found")
            return 127
        try:
            await c.execve(path, argv, env)
        except OSError as e:
            if e.errno == 8:  # ENOEXEC: bash runs it as a script
                with contextlib.suppress(OSError):
                    await c.execve("/bin/bash", ["bash", path, *argv[1:]], env)
            reason = e.strerror
            if e.errno == 13:  # bash's shell_execve: a directory says so
                with contextlib.suppress(OSError):
                    if (await c.stat(path)).st_mode & 0o170000 == 0o040000:
                        reason = strerror(21)
            await self.error(f"{name}: {reason}")
            return 127 if e.errno == 2 else 126
        return 0

    async def _search_path(self, c: Libc, name: str) -> str | None:
        if name in self.hashed:
            return self.hashed[name][0]
        for d in (self.vars.get("PATH") or "").split(":"):
            cand = f"{d or '.'}/{name}"
            try:
                st = await c.stat(cand)
            except OSError:
                continue
            if st.st_mode & 0o170000 == 0o100000:
                return cand
        return None

    async def run_foreground(
        self, cmds: list[tuple[SimpleCommand, list[str], dict[str, str]]]
    ) -> int:
        """Fork one command and wait for it in the foreground."""
        cmd, argv, assigns = cmds[0]

        async def child(c: Libc) -> int:
            await self.child_setup(c, 0)
            sub = await self.subshell(c, getpid=False)  # nothing left to expand but redirects
            return await sub.run_forked(lambda: sub._exec_child(c, cmd, argv, assigns))

        pid = await self.libc.fork(child)
        return await self.run_job([pid], [command_string(cmd)])

    async def _fork_pipeline(self, commands: tuple[Command, ...], background: bool) -> list[int]:
        """Fork a pipeline's processes, each into the job's process group."""
        pids: list[int] = []
        prev_read: int | None = None
        pgid = 0
        for i, cmd in enumerate(commands):
            last = i == len(commands) - 1
            r, w = (None, None) if last else await self.libc.pipe()
            pid = await self.libc.fork(
                self._pipe_child(cmd, prev_read, w, r, pgid, background and i == 0)
            )
            pgid = pgid or pid
            if self.job_control:  # the parent too, as bash does: no race with the child
                with contextlib.suppress(OSError):
                    await self.libc.setpgid(pid, pgid)
            pids.append(pid)
            if prev_read is not None:
                await self.libc.close(prev_read)
            if w is not None:
                await self.libc.close(w)
            prev_read = r
        return pids

    async def _run_multi(self, commands: tuple[Command, ...]) -> int:
        pids = await self._fork_pipeline(commands, background=False)
        return await self.run_job(pids, [command_string(c) for c in commands])

    async def run_background(self, item: AndOr) -> int:
        """`item &`: a pipeline's processes (or, for an and-or list or a negated
        pipeline, a subshell running it) forked as a job that is not waited for;
        bash's `[N] PID` when it has job control. $! is the last process."""
        first = item.first
        if item.rest or first.negate:
            whole = dataclasses.replace(item, background=False)
            commands: tuple[Command, ...] = (Subshell(Script((whole,))),)
            texts = [command_string(whole)]
        else:
            commands, texts = first.commands, [command_string(c) for c in first.commands]
        pids = await self._fork_pipeline(commands, background=True)
        wd = await self.libc.getcwd()
        procs = [Process(pid, text) for pid, text in zip(pids, texts, strict=True)]
        job = self.jobs.add(pids[0], procs, wd, False, self.job_control)
        self.jobs.last_async = pids[-1]
        if self.job_control and self.interactive:  # bash's DESCRIBE_PID
            await self.libc.err(f"[{job.number}] {pids[-1]}\n")
        return 0

    def _pipe_child(
        self,
        cmd: Command,
        rfd: int | None,
        wfd: int | None,
        other: int | None,
        pgid: int,
        background_stdin: bool = False,
    ) -> Callable[[Libc], Awaitable[int]]:
        async def child(c: Libc) -> int:
            await self.child_setup(c, pgid)
            if background_stdin and not self.job_control:
                await background_child_setup(self, c)
            if other is not None:
                await c.close(other)
            if rfd is not None:
                await c.dup2(rfd, 0)
                await c.close(rfd)
            if wfd is not None:
                await c.dup2(wfd, 1)
                await c.close(wfd)
            if isinstance(cmd, Clone64):
                await self.error("clone64: cannot be part of a pipeline")
                return 1
            sub = await self.subshell(c)
            if isinstance(cmd, Subshell):  # this process is the subshell (one fork)
                body = cmd.body
                return await sub.run_forked(
                    lambda: sub.with_redirects(cmd.redirects, lambda: run_list(sub, body))
                )
            if not isinstance(cmd, SimpleCommand):  # a compound command or definition
                return await sub.run_forked(lambda: sub.run_command(cmd))
            return await sub.run_forked(lambda: sub._pipe_simple(c, cmd))

        return child

    async def _pipe_simple(self, c: Libc, cmd: SimpleCommand) -> int:
        """A simple command as a pipeline's process: expanded there, then run."""
        if self.aliases and (status := await run_aliased(self, cmd)) is not None:
            return status
        argv = await self.argv_of(cmd)
        assigns = await self.assigns_of(cmd)
        if self.options.o["xtrace"]:
            await trace_simple(self, assigns, argv)
        if not argv:
            return 0
        return await self._exec_child(c, cmd, argv, assigns)

    async def run_job(self, pids: list[int], texts: list[str]) -> int:
        """A foreground job: its processes (forked into process group pids[0]) waited
        for with the terminal theirs (bash's wait_for); $? and PIPESTATUS from them."""
        wd = await self.libc.getcwd()
        procs = [Process(pid, text) for pid, text in zip(pids, texts, strict=True)]
        job = self.jobs.add(pids[0], procs, wd, True, self.job_control)
        if self.job_control:
            with contextlib.suppress(OSError):
                await self.libc.setpgid(pids[0], pids[0])
        statuses = await wait_foreground(self, job)
        return await self.finish_foreground(job, statuses)

    async def finish_foreground(self, job: Job, statuses: list[int]) -> int:
        """After a foreground job: PIPESTATUS, the report of a signal that ended it,
        the notices of jobs that changed meanwhile; a job that ^C ended ends the
        command line (JobInterrupted). Returns $?."""
        self.pipestatus = [exit_status(st) for st in statuses]
        status = statuses[-1]
        sigint = any(WIFSIGNALED(st) and WTERMSIG(st) == Sig.SIGINT for st in statuses)
        if WIFSTOPPED(status):
            code = exit_status(status)
        elif not self.job_control and WIFSIGNALED(status) and reported_in_scripts(status):
            code = exit_status(status)  # bash's notice names the process, as for a job
            listing = job_listing(self, job, NONINTERACTIVE, job.wd)
            name = self.source_name or self.name
            await self.libc.err(f"{name}: line {max(1, self.lineno)}: {listing}")
        else:
            code = await self.report_status(status)
        if sigint and not (WIFSIGNALED(status) and WTERMSIG(status) == Sig.SIGINT):
            await self.libc.err("\n")  # job_signal_status: an earlier process's SIGINT
        await notify(self)
        if sigint and self.job_control:
            raise JobInterrupted(code, self.source_depth)
        return code

    async def wait_child(self, pid: int) -> int:
        """Wait for a child that is no job (a command substitution's): its $?."""
        while True:
            try:
                _, status = await self.libc.waitpid(pid)
                break
            except OSError as e:
                if e.errno != errno.EINTR:
                    return 0
        return await self.report_status(status)

    async def report_status(self, status: int) -> int:
        if WIFSIGNALED(status):
            sig = WTERMSIG(status)
            if sig == Sig.SIGINT:  # fputs: with stderr closed (`bash 2>&-`) it fails quietly
                await self.libc.err("\n")
            elif sig != Sig.SIGPIPE:
                core = " (core dumped)" if WCOREDUMP(status) else ""
                await self.libc.err(f"{strsignal(sig)}{core}\n")
            return 128 + sig
        return WEXITSTATUS(status)

    async def clone64(self, cmd: Clone64) -> int:
        """The seed's `clone64(FLAGS)`: a child shell in new namespaces, waited for."""
        flags = 0
        for tok in cmd.flags.split("|") if cmd.flags else []:
            value = CLONE_FLAG_NAMES.get(tok)
            if value is None:
                try:
                    value = int(tok, 0)
                except ValueError:
                    await self.error(f"clone64: {tok}: unknown clone flag")
                    return 1
            flags |= value

        async def child(c: Libc) -> int:
            await self.child_setup(c, 0)
            try:
                await c.execve("/bin/bash", ["bash"], self.environ())
            except OSError as e:  # /bin/bash removed or made unrunnable
                await self.error(f"/bin/bash: {e.strerror}")
                return 127 if e.errno == 2 else 126
            return 127

        async def body() -> int:
            try:
                pid = await self.libc.clone(flags | Sig.SIGCHLD, child)
            except OSError as e:
                await self.libc.err(f"clone64: {strerror(e.errno or 0)}\n")
                if e.errno == errno.EINVAL and flags & UNMODELLED_CLONE_FLAGS:
                    await self.libc.err(
                        "clone64: note: swapsh does not model sharing flags "
                        "(CLONE_VM, CLONE_FILES, ...)\n"
                    )
                return 1
            return await self.run_job([pid], [command_string(cmd)])

        return await self.with_redirects(cmd.redirects, body)


async def _setup_interactive(sh: Shell) -> None:
    libc = sh.libc
    sh.pid = await libc.getpid()
    sh.pgrp = await libc.getpgrp()
    if not await libc.isatty(0):
        sh.interactive = False
        return
    try:
        await open_terminal(libc)
        await libc.ioctl(TTY_FD, SWAPSH_TTY_STREAM, STREAM_PROMPT)
        sh.tty = True
    except OSError:
        sh.tty = False
    await libc.signal(Sig.SIGINT, SIG_CATCH if sh.tty else SIG_IGN)
    for sig in (Sig.SIGQUIT, Sig.SIGTERM, Sig.SIGTSTP, Sig.SIGTTIN, Sig.SIGTTOU):
        await libc.signal(sig, SIG_IGN)
    if sh.tty:
        sh.job_control = True
        try:
            sh.original_pgrp = await libc.tcgetpgrp(TTY_FD)
            await libc.setpgid(0, 0)
            sh.pgrp = await libc.getpgrp()
            await libc.tcsetpgrp(TTY_FD, sh.pgrp)
        except OSError:  # a session leader (the login shell) already leads its group
            pass


async def _end_job_control(sh: Shell) -> None:
    """bash's end_job_control() as an interactive shell exits: the terminal goes back
    to the process group that had it when the shell started (a shell started in a
    pipeline hands it back to that job, so ^C reaches the rest of it)."""
    if sh.original_pgrp <= 0 or sh.original_pgrp == sh.pgrp:
        return
    with contextlib.suppress(OSError):
        await sh.libc.tcsetpgrp(TTY_FD, sh.original_pgrp)
        await sh.libc.setpgid(0, sh.original_pgrp)


async def _binary_file(libc: Libc, path: str) -> bool:
    """bash's check_binary_file() on the script's first 80 bytes: a NUL in its first
    line. (So `bash /dev/zero` ends at once, as in bash.) Raises: OSError."""
    fd = await libc.open(path)
    try:
        sample = await libc.read(fd, 80)
    finally:
        await libc.close(fd)
    return b"\0" in sample.split(b"\n", 1)[0]


@program("/bin/bash", "/bin/sh")
async def main(libc: Libc, argv: list[str]) -> int:
    """bash [-c TEXT [NAME [ARGS...]] | FILE [ARGS...]]; interactive without either."""
    name = argv[0] if argv else "bash"
    short = name.lstrip("-").rsplit("/", 1)[-1] or "bash"
    args = argv[1:]
    if (bad := invalid_option(args)) is not None:
        await libc.err(f"{name}: {bad}: invalid option\n" + shell_usage(name))
        return 2
    inv = parse_invocation(args)
    if short == "sh":  # bash run as sh: posix mode, as bash's shell.c enters it
        inv.o_options.append(("posix", True))
    if inv.command:
        return await _run_command_string(libc, short, ["-c", *inv.args], inv)
    if inv.args:
        return await _run_script(libc, short, inv.args, inv)
    return await _run_interactive(libc, name, inv)


async def _run_command_string(libc: Libc, short: str, args: list[str], inv: Invocation) -> int:
    """bash -c TEXT [NAME [ARGS...]]."""
    if len(args) < 2:
        await libc.err(f"{short}: -c: option requires an argument\n")
        return 2
    sh = Shell(
        libc,
        interactive=False,
        login=False,
        name=args[2] if len(args) > 2 else short,
        positional=args[3:],
    )
    sh.pid = await libc.getpid()
    await sh.init_variables()
    sh.command_string = sh.options.command_string = True
    sh.options.apply(inv)
    try:
        status = await sh.run_text(args[1])
    except ShellExit as e:
        status = e.code
    return await run_exit_trap(sh, status)


async def _run_script(libc: Libc, short: str, args: list[str], inv: Invocation) -> int:
    """bash FILE [ARGS...]: a binary file is refused, as check_binary_file does."""
    sh = Shell(libc, interactive=False, login=False, name=args[0], positional=args[1:])
    sh.pid = await libc.getpid()
    await sh.init_variables()
    sh.options.apply(inv)
    try:
        if await _binary_file(libc, args[0]):
            await libc.err(f"{args[0]}: {args[0]}: cannot execute binary file\n")
            return 126
        text = await sh.read_file(args[0])
    except OSError as e:
        await libc.err(f"{short}: {args[0]}: {e.strerror}\n")
        return 127
    try:
        status = await sh.run_text(text)
    except ShellExit as e:
        status = e.code
    return await run_exit_trap(sh, status)


async def _run_interactive(libc: Libc, name: str, inv: Invocation) -> int:
    """bash with no script: a login shell (argv[0] starting with '-') reads
    /etc/profile; without a terminal it runs what stdin holds."""
    login = name.startswith("-")
    sh = Shell(libc, interactive=True, login=login, name=name, positional=[])
    await _setup_interactive(sh)
    await sh.init_variables()
    if login:
        with contextlib.suppress(OSError, ShellExit, ExpandError, Interrupted):
            await sh.run_text(await sh.read_file("/etc/profile"))
    sh.options.from_stdin = True
    sh.options.interactive = sh.interactive
    sh.options.apply(inv)
    if not sh.interactive:
        try:
            status = await sh.run_lines(sh.input_lines())
        except ShellExit as e:
            status = e.code
        return await run_exit_trap(sh, status)
    for name in ("emacs", "history", "histexpand"):  # as bash -i starts
        sh.options.o[name] = True
    sh.options.o["monitor"] = sh.job_control
    sh.options.shopt["expand_aliases"] = True
    try:
        return await run_exit_trap(sh, await sh.repl())
    finally:
        await _end_job_control(sh)
