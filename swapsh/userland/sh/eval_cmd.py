"""eval, exec, command, builtin, type and hash (models bash 5.2's builtins/eval.def,
exec.def, command.def, builtin.def, type.def, hash.def and evalstring.c's
parse_and_execute)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.builtins import ShellExit, builtin, find_builtin
from swapsh.userland.sh.options import sh_single_quote
from swapsh.userland.sh.parser import Incomplete, ShSyntaxError, eof_error, parse
from swapsh.userland.sh.print_cmd import RESERVED, function_text

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["command", "eval_", "exec_", "find_in_path", "hash_", "run_string", "type_"]

EXEC_USAGE = "exec: usage: exec [-cl] [-a name] [command [argument ...]] [redirection ...]\n"
DEFAULT_PATH = "/bin:/usr/bin"  # glibc confstr(_CS_PATH), what command -p searches


async def run_string(sh: Shell, text: str, what: str) -> int:
    """parse_and_execute(): text command by command, its line numbers counted from
    the line being run. A syntax error ends the string with status 2, named as bash
    names it ("NAME: eval: line N: ..." in a script)."""
    base = max(sh.lineno - 1, 0)
    buf: list[str] = []
    start = 0
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        start = start if buf else n
        buf.append(line)
        try:
            script = parse("\n".join(buf), at_eof=n == len(lines))
        except Incomplete:
            if n == len(lines):
                # the line counter has passed the string's last newline
                return await _syntax_error(sh, eof_error("\n".join(buf)), base + n + 1, what)
            continue
        except ShSyntaxError as e:
            return await _syntax_error(sh, e, base + start + getattr(e, "line", 1) - 1, what)
        buf = []
        await sh._run_script_items(script, base + start)  # run_text's loop, from the string's line
    return sh.last_status


async def _syntax_error(sh: Shell, e: ShSyntaxError, line: int, what: str) -> int:
    if sh.interactive or (sh.command_string and e.line_text):  # as bash 5.2.15 says them
        prefix = f"{sh.name}: "
    else:
        prefix = f"{sh.source_name or sh.name}: {what}: line {line}: "
    if e.message:
        await sh.libc.err(prefix + e.message + "\n")
    if e.line_text and not e.cond:
        await sh.libc.err(f"{prefix}`{e.line_text}'\n")
    sh.last_status = 2
    return 2


@builtin("eval")
async def eval_(sh: Shell, argv: list[str]) -> int:
    args = argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    elif args and args[0].startswith("-") and len(args[0]) > 1:  # eval takes no options
        await sh.error(f"eval: -{args[0][1]}: invalid option")
        await sh.libc.err("eval: usage: eval [arg ...]\n")
        return 2
    if not args:
        return 0
    return await run_string(sh, " ".join(args), "eval")


async def find_in_path(sh: Shell, name: str, path: str | None = None) -> list[str]:
    """Every executable regular file called name in $PATH's directories, in order."""
    found: list[str] = []
    dirs = (sh.vars.get("PATH") or "") if path is None else path
    for d in dirs.split(":"):
        cand = f"{d or '.'}/{name}"
        try:
            st = await sh.libc.stat(cand)
            await sh.libc.access(cand, 1)
        except OSError:
            continue
        if st.st_mode & 0o170000 == 0o100000:
            found.append(cand)
    return found


async def command_path(sh: Shell, name: str, path: str | None = None) -> str | None:
    """Where the shell finds an external command: its hashed path, else $PATH."""
    if "/" in name:
        return name
    if path is None and name in sh.hashed:
        return sh.hashed[name][0]
    found = await find_in_path(sh, name, path)
    return found[0] if found else None


@builtin("exec")
async def exec_(sh: Shell, argv: list[str]) -> int:
    """exec [-cl] [-a name] [command [args]]: the command replaces the shell (its
    redirections, applied by the caller, stay either way)."""
    args, clear, login, name = argv[1:], False, False, None
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "--":
            break
        for i, c in enumerate(opt[1:]):
            if c == "c":
                clear = True
            elif c == "l":
                login = True
            elif c == "a" and i == len(opt) - 2 and args:
                name = args.pop(0)
            else:
                what = "option requires an argument" if c == "a" else "invalid option"
                await sh.error(f"exec: -{c}: {what}")
                await sh.libc.err(EXEC_USAGE)
                return 2
    if not args:
        return 0
    path = await command_path(sh, args[0])
    if path is None:
        await sh.error(f"exec: {args[0]}: not found")
        return await _exec_failed(sh, 127)
    argv0 = name if name is not None else args[0]
    new_argv = [("-" + argv0) if login else argv0, *args[1:]]
    try:
        await sh.libc.execve(path, new_argv, {} if clear else sh.environ())
    except OSError as e:
        await sh.error(f"{args[0]}: {e.strerror}")
        return await _exec_failed(sh, 127 if e.errno == 2 else 126)
    return 0


async def _exec_failed(sh: Shell, status: int) -> int:
    """A non-interactive shell exits when exec fails, unless execfail is set."""
    if not sh.interactive and not sh.options.shopt["execfail"]:
        raise ShellExit(status)
    return status


async def _describe(sh: Shell, name: str, flags: str) -> bool:
    """type's and command -v/-V's description of one name. Returns: whether found."""
    short, all_, path_only, force = "t" in flags, "a" in flags, "p" in flags, "P" in flags
    verbose = "V" in flags or not ("v" in flags or short or path_only or force)
    out = [] if force else _shell_kinds(sh, name, short, verbose, all_)
    found = bool(out)
    if path_only:  # -p: a name that is no file prints nothing
        out = []
    if all_ or not found or force:
        paths = await _file_paths(sh, name, all_, force)
        for p in paths:
            hashed = not all_ and name in sh.hashed and sh.hashed[name][0] == p
            if short:
                out.append("file\n")
            elif verbose:
                out.append(f"{name} is hashed ({p})\n" if hashed else f"{name} is {p}\n")
            else:
                out.append(p + "\n")
        found = found or bool(paths)
    if out:
        await sh.libc.out("".join(out))
    return found


def _shell_kinds(sh: Shell, name: str, short: bool, verbose: bool, all_: bool) -> list[str]:
    """What name is to the shell itself: alias, keyword, function, builtin (the
    first of them, or all with -a), described as type and command -v/-V do."""
    out: list[str] = []
    if name in sh.aliases:
        value = sh.aliases[name]
        out.append(
            "alias\n"
            if short
            else f"{name} is aliased to `{value}'\n"
            if verbose
            else f"alias {name}={sh_single_quote(value)}\n"
        )
    if (all_ or not out) and name in RESERVED:
        out.append(_kind("keyword", name, short, verbose, "a shell keyword"))
    if (all_ or not out) and name in sh.functions:
        text = f"{name} is a function\n{function_text(sh.functions[name])}\n"
        out.append("function\n" if short else text if verbose else f"{name}\n")
    if (all_ or not out) and find_builtin(sh, name) is not None:
        out.append(_kind("builtin", name, short, verbose, "a shell builtin"))
    return out


def _kind(kind: str, name: str, short: bool, verbose: bool, what: str) -> str:
    return f"{kind}\n" if short else f"{name} is {what}\n" if verbose else f"{name}\n"


async def _file_paths(sh: Shell, name: str, all_: bool, force: bool) -> list[str]:
    if "/" in name:
        try:
            st = await sh.libc.stat(name)
            await sh.libc.access(name, 1)
        except OSError:
            return []
        return [name] if st.st_mode & 0o170000 != 0o040000 else []
    if all_:
        return await find_in_path(sh, name)
    if not force and name in sh.hashed:
        return [sh.hashed[name][0]]
    found = await find_in_path(sh, name)
    return found[:1]


def _options(args: list[str], allowed: str) -> tuple[str, list[str]] | str:
    """Leading -X options from allowed. Returns: (letters, rest), or the bad option."""
    flags = ""
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args[0] == "--":
            return flags, args[1:]
        for c in args[0][1:]:
            if c not in allowed:
                return f"-{c}"
        flags += args[0][1:]
        args = args[1:]
    return flags, args


@builtin("type")
async def type_(sh: Shell, argv: list[str]) -> int:
    parsed = _options(argv[1:], "afptP")
    if isinstance(parsed, str):
        await sh.error(f"type: {parsed}: invalid option")
        await sh.libc.err("type: usage: type [-afptP] name [name ...]\n")
        return 2
    flags, names = parsed
    status = 0
    for name in names:
        if not await _describe(sh, name, flags):
            if not ({"t", "p", "P"} & set(flags)):
                await sh.error(f"type: {name}: not found")
            status = 1
    return status


@builtin("command")
async def command(sh: Shell, argv: list[str]) -> int:
    """command [-pVv] command [arg ...]: describe it, or run it skipping functions."""
    parsed = _options(argv[1:], "pVv")
    if isinstance(parsed, str):
        await sh.error(f"command: {parsed}: invalid option")
        await sh.libc.err("command: usage: command [-pVv] command [arg ...]\n")
        return 2
    flags, args = parsed
    if "v" in flags or "V" in flags:
        found = False
        for name in args:
            if await _describe(sh, name, "V" if "V" in flags else "v"):
                found = True
            elif "V" in flags:
                await sh.error(f"command: {name}: not found")
        return 0 if found else 1
    if not args:
        return 0
    fn = find_builtin(sh, args[0])
    if fn is not None:
        return await sh.builtin(fn, args)
    return await sh.run_external(args, DEFAULT_PATH if "p" in flags else None)


@builtin("builtin")
async def builtin_(sh: Shell, argv: list[str]) -> int:
    args = argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        return 0
    fn = find_builtin(sh, args[0])
    if fn is None:
        await sh.error(f"builtin: {args[0]}: not a shell builtin")
        return 1
    return await sh.builtin(fn, args)


@builtin("hash")
async def hash_(sh: Shell, argv: list[str]) -> int:
    """hash [-lrt] [-d] [-p path] [name ...]: the table of remembered command paths."""
    args = argv[1:]
    flags, path = "", None
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        for c in opt[1:]:
            if c not in "dlprt":
                await sh.error(f"hash: -{c}: invalid option")
                await sh.libc.err("hash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n")
                return 2
            if c == "p":
                if not args:
                    await sh.error("hash: -p: option requires an argument")
                    return 2
                path = args.pop(0)
            flags += c
    if not sh.options.o["hashall"]:
        await sh.error("hash: hashing disabled")
        return 1
    if "r" in flags:
        sh.hashed.clear()
    if not args:
        return await _hash_list(sh, "l" in flags) if "r" not in flags and path is None else 0
    status = 0
    for name in args:
        status |= await _hash_one(sh, name, flags, path)
    return status


async def _hash_one(sh: Shell, name: str, flags: str, path: str | None) -> int:
    if "d" in flags or "t" in flags:
        if name not in sh.hashed:
            await sh.error(f"hash: {name}: not found")
            return 1
        if "d" in flags:
            del sh.hashed[name]
        else:
            await sh.libc.out(sh.hashed[name][0] + "\n")
        return 0
    if path is not None:
        sh.hashed[name] = (path, 0)
        return 0
    if "/" in name or find_builtin(sh, name) is not None or name in sh.functions:
        return 0
    found = await find_in_path(sh, name)
    if not found:
        await sh.error(f"hash: {name}: not found")
        return 1
    sh.hashed[name] = (found[0], 0)
    return 0


async def _hash_list(sh: Shell, reusable: bool) -> int:
    if not sh.hashed:
        await sh.libc.out("hash: hash table empty\n")
        return 0
    if reusable:
        text = "".join(f"builtin hash -p {p} {n}\n" for n, (p, _) in sh.hashed.items())
    else:
        text = "hits\tcommand\n" + "".join(f"{h:4d}\t{p}\n" for p, h in sh.hashed.values())
    await sh.libc.out(text)
    return 0
