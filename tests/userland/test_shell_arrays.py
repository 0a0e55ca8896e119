# ruff: noqa: E501  (golden strings recorded from bash, kept whole)
"""Shell variables, their attributes and arrays in swapsh's shell (declare, local,
readonly, export, unset; indexed and associative arrays; ${x@Q} and the other
transformations), against bash 5.2.15.

Each case's expected stdout, stderr and status were recorded from the host's bash:
    bash --norc --noprofile -c SCRIPT   (env HOME=/root PATH=/usr/bin:/bin, cwd /)
and the same SCRIPT runs as `bash -c SCRIPT` on the machine.
"""

from __future__ import annotations

import shlex

import pytest

from tests.conftest import Session

CASES: list[tuple[str, str, str, int]] = [
    (
        'a=(1 "two 2" $\'x\\ty\' \'$"`\\\'); declare -p a; echo ${#a[@]} "${a[1]}"',
        'declare -a a=([0]="1" [1]="two 2" [2]=$\'x\\ty\' [3]="\\$\\"\\`\\\\")\n4 two 2\n',
        "",
        0,
    ),
    (
        "a=(a b c); a[7]=h; echo ${#a[@]} ${!a[@]} ${a[-1]}; a[-2]=x; declare -p a",
        '4 0 1 2 7 h\ndeclare -a a=([0]="a" [1]="b" [2]="c" [6]="x" [7]="h")\n',
        "",
        0,
    ),
    (
        "a=(1 2); a+=(3 4); a[10]=z; unset 'a[1]'; declare -p a; echo ${#a[3]} ${#a[*]}",
        'declare -a a=([0]="1" [2]="3" [3]="4" [10]="z")\n1 4\n',
        "",
        0,
    ),
    (
        'a=(1 2 3 4 5); echo ${a[@]:1:2} "${a[@]: -2}"; echo "${a[@]/#/x}" ${a[*]#1}',
        "2 3 4 5\nx1 x2 x3 x4 x5 2 3 4 5\n",
        "",
        0,
    ),
    (
        'a=(x "y z" ""); for i in "${a[@]}"; do echo "<$i>"; done; IFS=:; echo "${a[*]}"; echo ${#a[@]}',
        "<x>\n<y z>\n<>\nx:y z:\n3\n",
        "",
        0,
    ),
    (
        'b=(this is a test "" /etc/passwd); echo ${b[@]:2:3}; echo "${b[@]:4}"',
        "a test\n /etc/passwd\n",
        "",
        0,
    ),
    (
        "a=(1 2 3); echo $((a[1]+a[2])); ((a[0]+=5)); echo ${a[0]}; i=2; echo ${a[i]} ${a[$i]} ${a[i-1]}",
        "5\n6\n3 3 2\n",
        "",
        0,
    ),
    ('a[7 + 8]="test 2"; declare -p a', 'declare -a a=([15]="test 2")\n', "", 0),
    (
        'x=(a b); y="${x[@]}"; echo "$y"; declare -a e=(); echo ${#e[@]}; declare -p e',
        "a b\n0\ndeclare -a e=()\n",
        "",
        0,
    ),
    (
        "declare -a b[256]; declare -r c[100]; declare -p b c",
        "declare -a b\ndeclare -ar c\n",
        "",
        0,
    ),
    (
        "s=abc; s+=def; s[1]=z; declare -p s; echo $s",
        'declare -a s=([0]="abcdef" [1]="z")\nabcdef\n',
        "",
        0,
    ),
    (
        "a=(1 2 3); a=(${a[@]} 4); declare -p a",
        'declare -a a=([0]="1" [1]="2" [2]="3" [3]="4")\n',
        "",
        0,
    ),
    ("typeset -i a; a=(4*3)/2; echo $a", "6\n", "", 0),
    (
        'declare -A m=([b]=2 [a]=1 [c]=3 ["a b"]=4 [*]=5); declare -p m; echo "${!m[@]}"; echo ${m[a b]} ${m["a b"]}',
        'declare -A m=(["*"]="5" [c]="3" [b]="2" [a]="1" ["a b"]="4" )\n* c b a a b\n4 4\n',
        "",
        0,
    ),
    (
        "declare -A h; h[one]=1; h[two]=2; for k in \"${!h[@]}\"; do echo $k=${h[$k]}; done; unset 'h[one]'; declare -p h",
        'two=2\none=1\ndeclare -A h=([two]="2" )\n',
        "",
        0,
    ),
    (
        "declare -A w=(k1 v1 k2 v2 k3); declare -p w",
        'declare -A w=([k1]="v1" [k2]="v2" [k3]="" )\n',
        "",
        0,
    ),
    (
        "declare -A c; c=([zero]=1 four); declare -p c",
        'declare -A c=([zero]="1" )\n',
        "bash: line 1: c: four: must use subscript when assigning associative array\n",
        0,
    ),
    (
        "declare -A q=(['a]b']=1 [$'\\n']=2 [\"x\\\"y\"]=3 [\\$z]=4); declare -p q",
        'declare -A q=([$\'\\n\']="2" ["a]b"]="1" ["x\\"y"]="3" ["\\$z"]="4" )\n',
        "",
        0,
    ),
    ("declare -Ai n=([one]=1+2); n[one]+=4; declare -p n", 'declare -Ai n=([one]="7" )\n', "", 0),
    (
        "declare -i i=3+4; declare -p i; i+=2; echo $i; i=abc; echo $i",
        'declare -i i="7"\n9\n0\n',
        "",
        0,
    ),
    (
        "declare -lxr l=ABC; declare -p l; l=x; echo notreached",
        'declare -rxl l="abc"\n',
        "bash: line 1: l: readonly variable\n",
        1,
    ),
    (
        "declare -u up=hello; up+=ab; declare -p up; declare -l up; up=MiXed; echo $up",
        'declare -u up="HELLOAB"\nmixed\n',
        "",
        0,
    ),
    (
        "x=5; declare -p x; declare -i x; x+=3; declare -p x",
        'declare -- x="5"\ndeclare -i x="8"\n',
        "",
        0,
    ),
    (
        "s=1; declare -n nr=s; nr=new; echo $s; declare -p nr s",
        'new\ndeclare -n nr="s"\ndeclare -- s="new"\n',
        "",
        0,
    ),
    (
        "a=(q w e); declare -n r=a; echo ${r[1]} ${#r[@]}; r[3]=t; declare -p a",
        'w 3\ndeclare -a a=([0]="q" [1]="w" [2]="e" [3]="t")\n',
        "",
        0,
    ),
    (
        "export E1=v; declare -p E1; export -n E1; declare -p E1",
        'declare -x E1="v"\ndeclare -- E1="v"\n',
        "",
        0,
    ),
    ("declare -p nosuch; echo $?", "1\n", "bash: line 1: declare: nosuch: not found\n", 0),
    (
        "declare -z; echo $?",
        "2\n",
        "bash: line 1: declare: -z: invalid option\ndeclare: usage: declare [-aAfFgiIlnrtux] [name[=value] ...] or declare -p [-aAfFilnrtux] [name ...]\n",
        0,
    ),
    ("declare 1a=2; echo $?", "1\n", "bash: line 1: declare: `1a=2': not a valid identifier\n", 0),
    (
        "readonly -z; export -z; unset -z; local -z",
        "",
        "bash: line 1: readonly: -z: invalid option\nreadonly: usage: readonly [-aAf] [name[=value] ...] or readonly -p\nbash: line 1: export: -z: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\nbash: line 1: unset: -z: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]\nbash: line 1: local: can only be used in a function\n",
        1,
    ),
    ("readonly r=1; r=2; echo $?", "", "bash: line 1: r: readonly variable\n", 1),
    (
        "readonly r=1; unset r; echo $?; r+=2",
        "1\n",
        "bash: line 1: unset: r: cannot unset: readonly variable\nbash: line 1: r: readonly variable\n",
        1,
    ),
    (
        "f() { local -a loc=(1 2); local x=3; declare -p loc x; }; f; declare -p loc x",
        'declare -a loc=([0]="1" [1]="2")\ndeclare -- x="3"\n',
        "bash: line 1: declare: loc: not found\nbash: line 1: declare: x: not found\n",
        1,
    ),
    ("f() { local a=1 b; local; }; f", 'declare -- a="1"\ndeclare -- b\n', "", 0),
    (
        "x=global; f() { local x=inner; g; }; g() { echo $x; x=changed; }; f; echo $x",
        "inner\nglobal\n",
        "",
        0,
    ),
    (
        'x=1; f() { local x; echo "[${x-unset}]"; x=2; unset x; echo "[${x-unset}]"; }; f; echo $x',
        "[unset]\n[unset]\n1\n",
        "",
        0,
    ),
    ("local x=1", "", "bash: line 1: local: can only be used in a function\n", 1),
    (
        "A=(1); declare -A A; echo $?",
        "1\n",
        "bash: line 1: declare: A: cannot convert indexed to associative array\n",
        0,
    ),
    (
        "declare -A I; declare -a I; echo $?",
        "1\n",
        "bash: line 1: declare: I: cannot convert associative to indexed array\n",
        0,
    ),
    (
        "declare -A A2; A2[x]=1; declare -a A2; echo $?",
        "1\n",
        "bash: line 1: declare: A2: cannot convert associative to indexed array\n",
        0,
    ),
    (
        "a=(1 2); declare +a a; echo $?",
        "1\n",
        "bash: line 1: declare: a: cannot destroy array variables in this way\n",
        0,
    ),
    ("ps1=x; unset ps1[2]; echo $?", "1\n", "bash: line 1: unset: ps1: not an array variable\n", 0),
    (
        "x=(a b); unset x[0]; echo ${x[0]-unset}; x[0]=q; unset x; echo ${x-gone}",
        "unset\ngone\n",
        "",
        0,
    ),
    ("b[]=bcde; echo next", "", "bash: line 1: b[]: bad array subscript\n", 1),
    ("c=(1); echo ${c[-4]}; echo next", "\nnext\n", "bash: line 1: c: bad array subscript\n", 0),
    (
        "d[7]=(abdedfegeee); echo next",
        "",
        "bash: line 1: d[7]: cannot assign list to array member\n",
        1,
    ),
    (
        'd=([]=abcde [1]="test test" [*]=last [-65]=negative ); declare -p d',
        'declare -a d=([1]="test test")\n',
        "bash: line 1: []=abcde: bad array subscript\nbash: line 1: [*]=last: cannot assign to non-numeric index\nbash: line 1: [-65]=negative: bad array subscript\n",
        0,
    ),
    (
        "test=(first & second)",
        "",
        "bash: -c: line 1: syntax error near unexpected token `&'\nbash: -c: line 1: `test=(first & second)'\n",
        1,
    ),
    (
        'printf "%s\\n" -a a=(a b)',
        "",
        "bash: -c: line 1: syntax error near unexpected token `('\nbash: -c: line 1: `printf \"%s\\n\" -a a=(a b)'\n",
        2,
    ),
    ("declare -r a[]=asdf; echo $?", "1\n", "bash: line 1: a[]: bad array subscript\n", 0),
    (
        "true | false | true; echo ${PIPESTATUS[@]} ${#PIPESTATUS[@]}; echo $PIPESTATUS",
        "0 1 0 3\n0\n",
        "",
        0,
    ),
    (
        "RANDOM=1; echo $RANDOM $RANDOM $RANDOM; RANDOM=7; echo $RANDOM",
        "16807 10791 19566\n19344\n",
        "",
        0,
    ),
    ('unset RANDOM; echo "[$RANDOM]"; RANDOM=3; echo $RANDOM', "[]\n3\n", "", 0),
    ('a=1 :; echo "[$a]"; x=1 declare y=2; echo "[$x]"', "[]\n[]\n", "", 0),
    (
        'f() { echo ${FUNCNAME[@]}; g; }; g() { echo ${FUNCNAME[@]} ${#FUNCNAME[@]}; }; f; echo "[${FUNCNAME[@]}]"; FUNCNAME=7; echo "[$FUNCNAME]"',
        "f\ng f 2\n[]\n[]\n",
        "",
        0,
    ),
    ('f2() { echo $AVAR; AVAR=bar; }; AVAR=foo f2; echo "[$AVAR]"', "foo\n[]\n", "", 0),
    (
        "v1=a v2=b; echo ${!v*}; ref=v1; echo ${!ref}; arr=(q w); ref2='arr[1]'; echo ${!ref2}",
        "v1 v2\na\nw\n",
        "",
        0,
    ),
    (
        "declare x=\"(1 2)\"; declare -p x; y='(3 4)'; declare -a z=$y; declare -p z",
        'declare -- x="(1 2)"\ndeclare -a z=([0]="3" [1]="4")\n',
        "",
        0,
    ),
    (
        'x="a b"; declare y=$x; declare -p y; export z=$x; echo "$z"',
        'declare -- y="a b"\na b\n',
        "",
        0,
    ),
    ('a=(x y z); echo "${a[@]^}" "${a[*]^^}" "${a[@]//[xz]/Q}"', "X Y Z X Y Z Q y Q\n", "", 0),
    (
        'IFS=/; i=(fooq "" barq); echo "${i[*]#?}"; echo "${i[@]#?}"; echo "${i[*]:0}"',
        "ooq//arq\nooq  arq\nfooq//barq\n",
        "",
        0,
    ),
    (
        'a=(a b c); a2=("${a[@]/#/"-iname \'"}"); printf "<%s>\\n" "${a2[@]}"',
        "<-iname 'a>\n<-iname 'b>\n<-iname 'c>\n",
        "",
        0,
    ),
    ('b=(1 # comment\n2 "x)" ); declare -p b', 'declare -a b=([0]="1" [1]="2" [2]="x)")\n', "", 0),
    (
        'x=fooq; echo "${x#?}" ${x#?} "${x#"?"}" "${x#\\?}" "${x/?/z}"',
        "ooq ooq fooq fooq zooq\n",
        "",
        0,
    ),
    (
        "foo=\"\" export foo; declare -p foo; unset foo; FOO='$$' declare -p FOO; declare -p FOO; FOO=1 declare -x FOO; declare -p FOO",
        'declare -x foo=""\ndeclare -x FOO="\\$\\$"\ndeclare -x FOO="1"\n',
        "bash: line 1: declare: FOO: not found\n",
        0,
    ),
    (
        "a[1]=1; declare -A A; A[a]=1; s=; [ -v a ] && echo a; [ -v a[@] ] && echo a@; [ -v A[@] ] && echo A@; [ -v s[@] ] && echo s@; [ -v a[1] ] && echo a1",
        "a@\ns@\na1\n",
        "",
        0,
    ),
    (
        "RANDOM=5; x=$(echo $RANDOM); echo $RANDOM; (echo $RANDOM) >/dev/null; echo $RANDOM",
        "18498\n29338\n",
        "",
        0,
    ),
    (
        'x="it\'s"; y=$\'a\\tb\'; declare -i n=3; e=""; echo ${x@Q} ${y@Q} ${e@Q} ${n@Q}; echo "${x@A}" "${n@A}"; declare -r ro=1; echo "${ro@A}" "${e@A}" "${unset@A}"',
        "'it'\\''s' $'a\\tb' '' '3'\nx='it'\\''s' declare -i n='3'\ndeclare -r ro='1' e='' \n",
        "",
        0,
    ),
    (
        'a=(1 "b c"); declare -A m=([k]=v ["x y"]=z); echo "${a@A}" "${a[@]@A}" "${m[@]@A}"; echo "${a[@]@Q}" "${m[@]@K}"; printf "<%s>" ${m[@]@K}; echo; printf "<%s>" "${m[@]@k}" "${a[@]@k}"; echo',
        'declare -a a=\'1\' declare -a a=([0]="1" [1]="b c") declare -A m=([k]="v" ["x y"]="z" )\n\'1\' \'b c\' k "v" "x y" "z" \n<k><"v"><"x><y"><"z">\n<k><v><x y><z><0><1><1><b c>\n',
        "",
        0,
    ),
    (
        'declare -i n; a=(1); declare -A m; x=s; echo ${n@a} ${a@a} ${m@a} ${x@a} ${a[@]@a} "[${n@A}]"; echo ${x@u} ${x@U} ${x@L}; z="a\\tb\\x41"; echo "${z@E}"; echo ${x@z}; echo notreached',
        "i a A a [declare -i n]\nS S s\na\tbA\n",
        "bash: line 1: ${x@z}: bad substitution\n",
        127,
    ),
    (
        'f() { printf "<%s>" "${@@Q}" "${*@Q}"; echo; }; f p "q r"',
        "<'p'><'q r'><'p' 'q r'>\n",
        "",
        0,
    ),
    ("readonly r=1; ((r=2)); echo $?", "1\n", "bash: line 1: r: readonly variable\n", 0),
    ("readonly a=(1); a[1]=2; echo $?", "", "bash: line 1: a: readonly variable\n", 1),
    (
        'declare -n ref=ref; echo "[$ref]"; ref=3; echo $?',
        "[]\n0\n",
        "bash: line 1: declare: ref: nameref variable self references not allowed\n",
        0,
    ),
    (
        "declare -n r=1; echo $?",
        "1\n",
        "bash: line 1: declare: `1': invalid variable name for name reference\n",
        0,
    ),
    (
        'x=1; declare -n r=x; unset -n r; echo "$x"; declare -p r',
        "1\n",
        "bash: line 1: declare: r: not found\n",
        1,
    ),
    ("declare -n r=a[1]; r=5; declare -p a", 'declare -a a=([1]="5")\n', "", 0),
    ("f() { local -n q=$1; q=7; }; f v; echo $v", "7\n", "", 0),
    ("a=(1 2 3); unset a[@]; declare -p a", "declare -a a=()\n", "", 0),
    (
        "declare -A m; m[@]=1; m[*]=2; declare -p m; unset 'm[@]'; declare -p m",
        'declare -A m=(["*"]="2" ["@"]="1" )\ndeclare -A m=(["*"]="2" )\n',
        "",
        0,
    ),
    ('x=5; unset x[0]; echo "[${x-u}]"', "[u]\n", "", 0),
    (
        "declare -ia arr=(1+1 2*3); arr+=(4); declare -p arr",
        'declare -ai arr=([0]="2" [1]="6" [2]="4")\n',
        "",
        0,
    ),
    ("a=(1 2); b=a; echo ${!b} ${!b[@]}", "1 0\n", "", 0),
    ("echo ${#x[@]} ${x[@]:-none}; y=(); echo ${y[@]:-empty} ${#y[*]}", "0 none\nempty 0\n", "", 0),
    ('a=(x y); echo ${a[@]:5} "${a[@]:1:0}" ${a[-1]} ${a[-2]}', "y x\n", "", 0),
    ("declare -A m=([a]=1); echo ${m[nope]-unset} ${#m[@]} ${!m[*]}", "unset 1 a\n", "", 0),
    (
        "declare a[1]='(var)'; declare -p a",
        'declare -a a=([1]="(var)")\n',
        "bash: line 1: warning: a[1]=(var): quoted compound array assignment deprecated\n",
        0,
    ),
    (
        'HOME=/scratch/bash; declare a=~ b=~/x c=x~ d="~"; declare -p a b c d; export e=~; echo $e',
        'declare -- a="/scratch/bash"\ndeclare -- b="/scratch/bash/x"\ndeclare -- c="x~"\ndeclare -- d="~"\n/scratch/bash\n',
        "",
        0,
    ),
    (
        "declare -a var=([$(echo total 0)]=1 [2]=2); declare -p var; echo next",
        "",
        'bash: line 1: total 0: syntax error in expression (error token is "0")\n',
        1,
    ),
    ("declare -n x; x=1; echo notreached", "", "bash: line 1: `1': not a valid identifier\n", 1),
    ("s=hello; echo ${s[@]:1:2} ${s[0]:1}", "el ello\n", "", 0),
    (
        'SECONDS=10; echo $SECONDS; unset SECONDS; echo "[$SECONDS]"; SECONDS=3; echo $SECONDS',
        "10\n[]\n3\n",
        "",
        0,
    ),
]

# A script file: a failed assignment drops the rest of its line only; FUNCNAME ends
# in "main". Recorded with: env -i HOME=/root PATH=/usr/bin:/bin bash /tmp/s.sh
SCRIPT = "readonly x=1\nx=2; echo same line\necho next line $?\na=(1 2); a[-5]=z; echo same\necho ${a[-5]}; echo after\nf() { echo ${FUNCNAME[@]}; }; echo $LINENO\nf\nfor x in 1; do echo loop; done; echo $?\ntest=(first & second)\necho end\n"
SCRIPT_OUT = "next line 1\n\nafter\n6\nf main\n1\nend\n"
SCRIPT_ERR = "/tmp/s.sh: line 2: x: readonly variable\n/tmp/s.sh: line 4: a[-5]: bad array subscript\n/tmp/s.sh: line 5: a: bad array subscript\n/tmp/s.sh: line 8: x: readonly variable\n/tmp/s.sh: line 9: syntax error near unexpected token `&'\n/tmp/s.sh: line 9: `test=(first & second)'\n"


@pytest.fixture(scope="module")
def shared() -> Session:
    return Session()


@pytest.mark.parametrize(("script", "out", "err", "status"), CASES, ids=[c[0] for c in CASES])
def test_like_bash(shared: Session, script: str, out: str, err: str, status: int) -> None:
    r = shared.run("bash -c " + shlex.quote(script))
    assert (r.out, r.err, r.status) == (out, err, status)


def test_script_file(shared: Session) -> None:
    quoted = " ".join(shlex.quote(line) for line in SCRIPT.splitlines())
    shared.run(f"printf '%s\\n' {quoted} > /tmp/s.sh")
    r = shared.run("bash /tmp/s.sh")
    assert (r.out, r.err, r.status) == (SCRIPT_OUT, SCRIPT_ERR, 0)
