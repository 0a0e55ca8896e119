"""The conditional command ``[[ expr ]]`` (models bash 5.2's execute_cmd.c:
execute_cond_command, execute_cond_node).

Words are expanded without field splitting or pathname expansion; the right of
``==``/``!=`` is a pattern (its quoted parts match themselves, extglob on, as in
bash 5.2); -eq and the other integer operators evaluate arithmetic expressions;
the primaries are test_cmd.py's, as bash's are test.c's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.arith import ArithError, ArithSubscriptError, arith_eval
from swapsh.userland.sh.ast import CondBinary, CondNode, CondNot, CondOp, CondUnary, CondWord
from swapsh.userland.sh.expand import ExpandError, arith_unquote, not_supported
from swapsh.userland.sh.parser import parse_dq_text
from swapsh.userland.sh.pattern import match, pattern_from_pieces
from swapsh.userland.sh.test_cmd import ShellTestEnv, binary_test, unary_test
from swapsh.userland.sh.xtrace import trace_line

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["run_cond"]


async def run_cond(sh: Shell, expr: CondNode) -> int:
    """``[[ expr ]]``: status 0 when true, 1 when false."""
    return 0 if await _node(sh, ShellTestEnv(sh), expr) else 1


async def _node(sh: Shell, env: ShellTestEnv, node: CondNode) -> bool:
    if isinstance(node, CondOp):
        left = await _node(sh, env, node.left)
        if left == (node.op == "||"):  # && and || stop as soon as the value is known
            return left
        return await _node(sh, env, node.right)
    if isinstance(node, CondNot):
        return not await _node(sh, env, node.expr)
    ex = await sh.expander()
    if isinstance(node, CondWord | CondUnary):
        op, arg = ("-n", node.word) if isinstance(node, CondWord) else (node.op, node.word)
        value = await ex.word(arg)
        if sh.options.o["xtrace"]:
            await trace_line(sh, f"[[ {op} {_shown(value)} ]]")
        return value != "" if isinstance(node, CondWord) else await unary_test(env, op, value)
    if sh.options.o["xtrace"]:
        lhs, rhs = await ex.word(node.left), await ex.word(node.right)
        await trace_line(sh, f"[[ {_shown(lhs)} {node.op} {_shown(rhs)} ]]")
    return await _binary(sh, env, node)


def _shown(value: str) -> str:
    """An operand in a trace line (xtrace_print_cond_term): '' when empty."""
    return value or "''"


async def _binary(sh: Shell, env: ShellTestEnv, node: CondBinary) -> bool:
    if node.op == "=~":  # POSIX ERE and BASH_REMATCH (an array) are not there yet
        raise not_supported("[[ =~ ]]")
    ex = await sh.expander()
    lhs = await ex.word(node.left)
    if node.op in ("=", "==", "!="):
        pattern = pattern_from_pieces(await ex.pieces(node.right))
        return await binary_test(
            env, node.op, lhs, pattern, patmatch=lambda s, p: match(p, s, extglob=True)
        )

    async def arith(text: str) -> int | None:
        """arithcomp: an error makes the test false after bash's "[[: " message."""
        expanded = await ex.word(parse_dq_text(arith_unquote(text)))
        try:
            return arith_eval(expanded, ex.arith_vars())
        except ArithSubscriptError as e:
            raise ExpandError(e.message) from None
        except ArithError as e:
            await sh.error(f"[[: {e.message}")
            return None

    return await binary_test(env, node.op, lhs, await ex.word(node.right), arith=arith)
