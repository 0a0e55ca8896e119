"""The shell's variable store (sh/variables.py): bash's associative-array order,
$RANDOM's sequence, declare -p's quoting, dynamic scope of locals.

Expected values were recorded from the host's bash 5.2.15; the command is beside each.
"""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.ast import Lit
from swapsh.userland.sh.brand import BashRandom
from swapsh.userland.sh.parser import parse_word
from swapsh.userland.sh.variables import Attr, ShellVar, VarError, VarStore
from swapsh.userland.sh.varprint import assignment_text, show_var


def test_assoc_order_is_bashs_hash_order() -> None:
    # bash -c 'declare -A s; for k in b a c "a b" "*" é; do s[$k]=1; done; echo "${!s[@]}"'
    arr = AssocArray()
    for k in ["b", "a", "c", "a b", "*", "é"]:
        arr.set(k, "1")
    assert arr.subscripts() == ["*", "c", "b", "a", "a b", "é"]


def test_assoc_order_after_growth_and_removal() -> None:
    # bash -c 'declare -A m; for ((i=0;i<3000;i++)); do m[k$i]=1; done;
    #   echo -n "${!m[*]}" | sha256sum; unset "m[k5]" "m[k2999]"; echo -n "${!m[*]}" | sha256sum'
    arr = AssocArray()
    for i in range(3000):
        arr.set(f"k{i}", "1")
    digest = hashlib.sha256(" ".join(arr.subscripts()).encode()).hexdigest()
    assert digest == "2b2dae77aa07161e258d22d43cb6aa715c59fb7b236d7ad62c76e0939da83e69"
    arr.remove("k5")
    arr.remove("k2999")
    digest = hashlib.sha256(" ".join(arr.subscripts()).encode()).hexdigest()
    assert digest == "c4f152369468567d40202a1200d745e9925c98a98e8dc4f9a3e20ffe17088d58"


def test_random_sequence_from_a_seed() -> None:
    # bash -c 'RANDOM=42; echo $RANDOM $RANDOM $RANDOM $RANDOM $RANDOM'
    rng = BashRandom(0)
    rng.sbrand(42)
    assert [rng.get() for _ in range(5)] == ["17772", "26794", "1435", "24388", "11074"]


def test_declare_p_lines() -> None:
    # bash -c 'a=(1 "two 2" $'"'"'x\ty'"'"'); declare -p a; declare -A m=(["a b"]=1); ...'
    a = ShellVar("a", IndexedArray({0: "1", 1: "two 2", 3: "x\ty"}), Attr.ARRAY)
    assert show_var(a) == 'declare -a a=([0]="1" [1]="two 2" [3]=$\'x\\ty\')\n'
    m = ShellVar("m", AssocArray(), Attr.ASSOC | Attr.READONLY)
    assert isinstance(m.value, AssocArray)
    m.value.set("a b", "1")
    assert show_var(m) == 'declare -Ar m=(["a b"]="1" )\n'
    x = ShellVar("x", None, Attr.INTEGER | Attr.EXPORTED | Attr.INVISIBLE)
    assert show_var(x) == "declare -ix x\n"


def test_locals_are_dynamically_scoped() -> None:
    store = VarStore.from_environ({"x": "global"})
    store.push_context("f")
    store.make_local("x")
    store["x"] = "inner"
    assert store["x"] == "inner" and store.find("FUNCNAME") is not None
    store.pop_context()
    assert store["x"] == "global" and store.find("FUNCNAME") is None


def test_readonly_refuses_assignment_and_unset() -> None:
    store = VarStore()
    var = store.bind("r", "1")
    var.attrs |= Attr.READONLY
    for action in (lambda: store.bind("r", "2"), lambda: store.unbind("r")):
        try:
            action()
        except VarError as e:
            assert e.message.startswith("r: ")
        else:
            raise AssertionError("readonly r was changed")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_quoted_values_read_back(value: str) -> None:
    """What declare -p prints for a value is read back by the shell's lexer as
    exactly that value (all of it quoted, so nothing in it expands)."""
    text = assignment_text(ShellVar("v", value))
    word = parse_word(text[len("v=") :])
    assert all(isinstance(p, Lit) and p.quoted for p in word.parts)
    assert "".join(p.text for p in word.parts if isinstance(p, Lit)) == value


def test_assign_array_for_read_a() -> None:
    store = VarStore()
    store.bind("x", "old")
    var = store.assign_array("x", ["a", "b c"])
    assert show_var(var) == 'declare -a x=([0]="a" [1]="b c")\n'
