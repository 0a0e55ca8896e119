"""Running programs (models fs/exec.c do_execve and the binfmt search).

There is no ELF loader: a program file starts with BINFMT_MAGIC and the program's
name, and the handler registered for that name (userland's registry, installed at
boot like register_binfmt) runs it. "#!" scripts go to their interpreter, as
binfmt_script does.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.namei import MAY_EXEC, inode_permission
from swapsh.kernel.mm.mmap import exec_mmap
from swapsh.kernel.mm.shmem import read_file_head
from swapsh.kernel.signal import SIG_IGN

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["BINFMT_MAGIC", "Binfmt", "ProgramRun", "do_execve", "exec_program"]

BINFMT_MAGIC = b"\x7fSWAPSH\n"
ProgramRun = Coroutine[Any, Any, int]
# handler(argv, envp) -> the program's coroutine, returning its exit code
Binfmt = Callable[[list[str], dict[str, str]], ProgramRun]
BINPRM_BUF_SIZE = 128
MAX_ARG_STRLEN = 32 * 4096


def _find_handler(k: Kernel, head: bytes) -> Binfmt | None:
    if head.startswith(BINFMT_MAGIC):
        name = head[len(BINFMT_MAGIC) :].split(b"\n", 1)[0].decode("ascii", "replace")
        return k.binfmts.get(name)
    return None


def do_execve(
    k: Kernel, tsk: TaskStruct, path: str, argv: list[str], envp: dict[str, str], depth: int = 0
) -> ProgramRun:
    """Linux: do_execve(). Load path and make it the task's program.

    Returns: the program's coroutine, which the caller runs in place of the old
    program. Raises: ENOENT, EACCES (not a regular file, no x bit), ENOEXEC
    (unknown format), E2BIG, ELOOP (interpreter nesting).
    """
    if sum(len(a) + 1 for a in argv) + sum(len(a) + len(b) + 2 for a, b in envp.items()) > (
        32 * MAX_ARG_STRLEN
    ):
        raise KernelError(Errno.E2BIG)
    ref = k.vfs.lookup(tsk, path)
    ino = ref.inode
    if not ino.is_reg:
        raise KernelError(Errno.EACCES)
    inode_permission(tsk.cred, ino, MAY_EXEC)
    head = read_file_head(k, ino, min(ino.i_size, BINPRM_BUF_SIZE))
    if head.startswith(b"#!"):
        if depth >= 4:
            raise KernelError(Errno.ELOOP)
        line = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        if not line:
            raise KernelError(Errno.ENOEXEC)
        interp, _, arg = line.partition(" ")
        new_argv = [interp, *([arg.strip()] if arg.strip() else []), path, *argv[1:]]
        return do_execve(k, tsk, interp, new_argv, envp, depth + 1)
    handler = _find_handler(k, head)
    if handler is None:
        raise KernelError(Errno.ENOEXEC)
    tsk.comm = ref.path.rsplit("/", 1)[-1][:15]
    tsk.argv = list(argv)
    # flush_signal_handlers(): caught signals go back to default; SIG_IGN stays
    tsk.sighand = {s: h for s, h in tsk.sighand.items() if h == SIG_IGN}
    return handler(list(argv), dict(envp))


async def exec_program(
    k: Kernel, tsk: TaskStruct, path: str, argv: list[str], envp: dict[str, str]
) -> ProgramRun:
    """do_execve() past the point of no return: the task gets a fresh address space
    holding argv and envp (exec_mmap). Returns: the program to run."""
    prog = do_execve(k, tsk, path, argv, envp)
    try:
        await exec_mmap(k, tsk, argv, envp)
    except BaseException:
        prog.close()
        raise
    return prog
