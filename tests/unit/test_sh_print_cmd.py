# ruff: noqa: E501  (recorded texts, kept whole)
"""sh/print_cmd.py against bash 5.2.15's own printing of functions.

SOURCE's functions were defined in the host's bash and printed with
    bash --norc --noprofile -c '. FILE; declare -f f g h k l m n o'
(FILE holding SOURCE); EXPECTED is that output, byte for byte.
"""

from __future__ import annotations

from swapsh.userland.sh.ast import FunctionDef
from swapsh.userland.sh.parser import parse
from swapsh.userland.sh.print_cmd import command_string, function_text

SOURCE = "f() { echo a; echo b | cat -n && true || false; x=1 y=2 cmd \"q\" 'r' $v >out 2>&1 <in; }\ng() { if a; then b; elif c; then d; else e; fi; while x; do y; done; until z; do :; done; }\nh() { for i in 1 2; do echo $i; done; for j; do :; done; for ((i=0;i<3;i++)); do :; done; case $x in a|b) echo ab;; c) ;& *) echo d;;& esac; }\nk() ( echo sub; (cd /; ls) ; { echo grp; } ; ! true; [[ -f x && $a == b* ]]; (( x = 1 + 2 )) )\nl() { cat <<EOF\nhello $x\nEOF\necho after; cat <<-'E2'\n\tlit\n\tE2\ncmd 3>&- 4<&0 5<>f >>g >|h &>i; time sleep 1; echo a & echo b; }\nm() { local x=$(echo hi) y=`echo b`; echo \"${x:-d}\" $((1+2)); function inner { :; }; }\nfunction n { :; } >/dev/null\no() { a; b & }\n"

EXPECTED = 'f () \n{ \n    echo a;\n    echo b | cat -n && true || false;\n    x=1 y=2 cmd "q" \'r\' $v > out 2>&1 < in\n}\ng () \n{ \n    if a; then\n        b;\n    else\n        if c; then\n            d;\n        else\n            e;\n        fi;\n    fi;\n    while x; do\n        y;\n    done;\n    until z; do\n        :;\n    done\n}\nh () \n{ \n    for i in 1 2;\n    do\n        echo $i;\n    done;\n    for j in "$@";\n    do\n        :;\n    done;\n    for ((i=0; i<3; i++))\n    do\n        :;\n    done;\n    case $x in \n        a | b)\n            echo ab\n        ;;\n        c)\n\n        ;&\n        *)\n            echo d\n        ;;&\n    esac\n}\nk () \n{ \n    ( echo sub;\n    ( cd /;\n    ls );\n    { \n        echo grp\n    };\n    ! true;\n    [[ -f x && $a == b* ]];\n    (( x = 1 + 2 )) )\n}\nl () \n{ \n    cat <<EOF\nhello $x\nEOF\n\n    echo after\n    cat <<-\'E2\'\nlit\nE2\n\n    cmd 3>&- 4<&0 5<> f >> g >| h &> i;\n    time sleep 1;\n    echo a & echo b\n}\nm () \n{ \n    local x=$(echo hi) y=`echo b`;\n    echo "${x:-d}" $((1+2));\n    function inner () \n    { \n        :\n    }\n}\nn () \n{ \n    :\n} > /dev/null\no () \n{ \n    a;\n    b &\n}\n'


def test_functions_print_as_bash_prints_them() -> None:
    texts = []
    for item in parse(SOURCE, at_eof=True).items:
        fn = item.first.commands[0]
        assert isinstance(fn, FunctionDef)
        texts.append(function_text(fn) + "\n")
    assert "".join(texts) == EXPECTED


def test_command_string_is_one_line() -> None:
    # make_command_string of a list outside a function: `;` and `&` keep it on one line
    script = parse("a | b && ! c || d; e & f", at_eof=True)
    assert command_string(script) == "a | b && ! c || d; e & f"
