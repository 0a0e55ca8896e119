# ruff: noqa: E501  (golden strings recorded from bash, kept whole)
"""The builtins of issue #12 that are neither variables nor jobs (set, shift, shopt,
eval, exec, command, builtin, type, hash, trap, read, getopts, alias, umask, help,
logout), set -e's rules, set -x's trace lines and the function printer, against
bash 5.2.15.

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
        "set -Q",
        "",
        "bash: line 1: set: -Q: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n",
        2,
    ),
    ("set -o foo; echo $?", "2\n", "bash: line 1: set: foo: invalid option name\n", 0),
    (
        "set -o",
        "allexport      \toff\nbraceexpand    \ton\nemacs          \toff\nerrexit        \toff\nerrtrace       \toff\nfunctrace      \toff\nhashall        \ton\nhistexpand     \toff\nhistory        \toff\nignoreeof      \toff\ninteractive-comments\ton\nkeyword        \toff\nmonitor        \toff\nnoclobber      \toff\nnoexec         \toff\nnoglob         \toff\nnolog          \toff\nnotify         \toff\nnounset        \toff\nonecmd         \toff\nphysical       \toff\npipefail       \toff\nposix          \toff\nprivileged     \toff\nverbose        \toff\nvi             \toff\nxtrace         \toff\n",
        "",
        0,
    ),
    (
        "set +o",
        "set +o allexport\nset -o braceexpand\nset +o emacs\nset +o errexit\nset +o errtrace\nset +o functrace\nset -o hashall\nset +o histexpand\nset +o history\nset +o ignoreeof\nset -o interactive-comments\nset +o keyword\nset +o monitor\nset +o noclobber\nset +o noexec\nset +o noglob\nset +o nolog\nset +o notify\nset +o nounset\nset +o onecmd\nset +o physical\nset +o pipefail\nset +o posix\nset +o privileged\nset +o verbose\nset +o vi\nset +o xtrace\n",
        "",
        0,
    ),
    ("set --; echo $#", "0\n", "", 0),
    ("set a b c; shift 2; echo $1 $#", "c 1\n", "", 0),
    ("shift 5; echo $?", "1\n", "", 0),
    ("shift x; echo $?", "1\n", "bash: line 1: shift: x: numeric argument required\n", 0),
    ("shift -1", "", "bash: line 1: shift: -1: shift count out of range\n", 1),
    ("shift 1 2", "", "bash: line 1: shift: too many arguments\n", 1),
    ("set -- a b; set -; echo $# $-", "2 hBc\n", "", 0),
    ("set -e -u; echo $-", "ehuBc\n", "", 0),
    (
        "set -euo pipefail; echo $-; set +o | grep -e pipefail -e errexit",
        "ehuBc\nset -o errexit\nset -o pipefail\n",
        "",
        0,
    ),
    ("shopt -s foo", "", "bash: line 1: shopt: foo: invalid shell option name\n", 1),
    (
        "shopt -p extglob nullglob; shopt extglob; shopt -q extglob; echo $?",
        "shopt -u extglob\nshopt -u nullglob\nextglob        \toff\n1\n",
        "",
        0,
    ),
    ("shopt -s -o errexit; echo $-; shopt -o errexit", "ehBc\nerrexit        \ton\n", "", 0),
    (
        "shopt -x",
        "",
        "bash: line 1: shopt: -x: invalid option\nshopt: usage: shopt [-pqsu] [-o] [optname ...]\n",
        2,
    ),
    (
        "shopt -u -s x",
        "",
        "bash: line 1: shopt: cannot set and unset shell options simultaneously\n",
        1,
    ),
    (
        "shopt -s; shopt -s extglob; shopt -s | grep ext",
        "checkwinsize   \ton\ncmdhist        \ton\ncomplete_fullquote\ton\nextquote       \ton\nforce_fignore  \ton\nglobasciiranges\ton\nglobskipdots   \ton\nhostcomplete   \ton\ninteractive_comments\ton\npatsub_replacement\ton\nprogcomp       \ton\npromptvars     \ton\nsourcepath     \ton\nextglob        \ton\nextquote       \ton\n",
        "",
        0,
    ),
    (
        "shopt -po errexit; shopt -p -o | head -2",
        "set +o errexit\nset +o allexport\nset -o braceexpand\n",
        "",
        0,
    ),
    (
        'set -x; echo "a b" c$x \'q\'; x=1 y="a b"; :',
        "a b c q\n",
        "+ echo 'a b' c q\n+ x=1\n+ y='a b'\n+ :\n",
        0,
    ),
    (
        'set -x; echo "" a\\ b; echo $(echo b)',
        " a b\nb\n",
        "+ echo '' 'a b'\n++ echo b\n+ echo b\n",
        0,
    ),
    (
        'x="1 2"; set -x; for i in $x b; do :; done; case $x in 1*) ;; esac; [[ -n $x && $x == 1* ]]; ((i++)); for ((i=0;i<1;i++)); do :; done',
        "",
        "+ for i in $x b\n+ :\n+ for i in $x b\n+ :\n+ for i in $x b\n+ :\n+ case $x in\n+ [[ -n 1 2 ]]\n+ [[ 1 2 == 1* ]]\n+ (( i++ ))\n+ (( i=0 ))\n+ (( i<1 ))\n+ :\n+ (( i++ ))\n+ (( i<1 ))\n",
        0,
    ),
    ("set -e; { false && true; }; echo x", "x\n", "", 0),
    ("set -e; f() { false && true; }; f; echo x", "", "", 1),
    ("set -e; f() { false; echo in; }; f || true; echo x", "in\nx\n", "", 0),
    ("set -e; x=$(false); echo x", "", "", 1),
    ("set -e; (( 0 )); echo x", "", "", 1),
    ("set -e; for i in 1; do false && true; done; echo x", "x\n", "", 0),
    ("set -e; if false; then :; fi; echo x; while false; do :; done; echo y", "x\ny\n", "", 0),
    ("set -e; (false && true); echo x", "", "", 1),
    ("set -o pipefail; false | true; echo $?; true | false | true; echo $?", "1\n1\n", "", 0),
    ("set -e; ! true; echo x", "x\n", "", 0),
    ("set -e; eval false; echo x", "", "", 1),
    (
        "bash -ce '(false ; echo A $?) && echo B $?; echo C $?'; echo D $?",
        "A 1\nB 0\nC 0\nD 0\n",
        "",
        0,
    ),
    ("bash -ce '! { false; echo A $?; } | cat; echo B $?'; echo C $?", "A 1\nB 1\nC 0\n", "", 0),
    (
        "bash -c 'set -o posix; set -e ; z=$(false;echo posix foo) ; echo $z'; bash -c 'set -e ; z=$(false;echo non-posix foo) ; echo $z'",
        "non-posix foo\n",
        "",
        0,
    ),
    ("set -u; echo $x; echo after", "", "bash: line 1: x: unbound variable\n", 127),
    ("set -u; echo ${x:-d} ${#x}", "", "bash: line 1: x: unbound variable\n", 127),
    ('set -u; echo "$@" $* ok; echo $1', "ok\n", "bash: line 1: $1: unbound variable\n", 127),
    ("set -f; echo /e*; set +f; echo /e*", "/e*\n/etc\n", "", 0),
    ("shopt -s nullglob; echo /nonexist* x", "x\n", "", 0),
    (
        "shopt -s failglob; echo /nonexist* x; echo $?",
        "",
        "bash: line 1: no match: /nonexist*\n",
        1,
    ),
    (
        "set -C; echo a > /tmp/nc; echo b > /tmp/nc; echo $?; echo c >| /tmp/nc; cat /tmp/nc; echo d > /dev/null; rm /tmp/nc",
        "1\nc\n",
        "bash: line 1: /tmp/nc: cannot overwrite existing file\n",
        0,
    ),
    ('trap "echo bye" EXIT; echo hi', "hi\nbye\n", "", 0),
    ('trap "echo bye \\$?" EXIT; exit 3', "bye 3\n", "", 3),
    ('trap "echo e" ERR; false; echo $?; true', "e\n1\n", "", 0),
    (
        'trap "echo bye" EXIT; trap "" INT; trap "echo u" USR1 HUP; trap; trap -p INT; trap - INT; trap -p INT; trap -p FOO; echo $?',
        "trap -- 'echo bye' EXIT\ntrap -- 'echo u' SIGHUP\ntrap -- '' SIGINT\ntrap -- 'echo u' SIGUSR1\ntrap -- '' SIGINT\n1\nbye\n",
        "bash: line 1: trap: FOO: invalid signal specification\n",
        0,
    ),
    (
        "trap -l",
        " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM\n16) SIGSTKFLT\t17) SIGCHLD\t18) SIGCONT\t19) SIGSTOP\t20) SIGTSTP\n21) SIGTTIN\t22) SIGTTOU\t23) SIGURG\t24) SIGXCPU\t25) SIGXFSZ\n26) SIGVTALRM\t27) SIGPROF\t28) SIGWINCH\t29) SIGIO\t30) SIGPWR\n31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3\n38) SIGRTMIN+4\t39) SIGRTMIN+5\t40) SIGRTMIN+6\t41) SIGRTMIN+7\t42) SIGRTMIN+8\n43) SIGRTMIN+9\t44) SIGRTMIN+10\t45) SIGRTMIN+11\t46) SIGRTMIN+12\t47) SIGRTMIN+13\n48) SIGRTMIN+14\t49) SIGRTMIN+15\t50) SIGRTMAX-14\t51) SIGRTMAX-13\t52) SIGRTMAX-12\n53) SIGRTMAX-11\t54) SIGRTMAX-10\t55) SIGRTMAX-9\t56) SIGRTMAX-8\t57) SIGRTMAX-7\n58) SIGRTMAX-6\t59) SIGRTMAX-5\t60) SIGRTMAX-4\t61) SIGRTMAX-3\t62) SIGRTMAX-2\n63) SIGRTMAX-1\t64) SIGRTMAX\t\n",
        "",
        0,
    ),
    (
        "trap -x",
        "",
        "bash: line 1: trap: -x: invalid option\ntrap: usage: trap [-lp] [[arg] signal_spec ...]\n",
        2,
    ),
    ('(trap "echo sub" EXIT; echo in); echo out', "in\nsub\nout\n", "", 0),
    (
        "trap '' USR2; bash -c 'trap \"echo x\" USR2; trap; echo --; trap -p USR2; trap - USR2; trap -p'",
        "trap -- '' SIGUSR2\n--\ntrap -- '' SIGUSR2\ntrap -- '' SIGUSR2\n",
        "",
        0,
    ),
    (
        'trap "echo dbg \\$?" DEBUG; echo a; f() { echo inf; }; f; [[ 1 ]]; (( 1 )); echo b',
        "dbg 0\na\ndbg 0\ninf\ndbg 0\ndbg 0\ndbg 0\nb\n",
        "",
        0,
    ),
    (
        'set -T; trap "echo ret" RETURN; f() { echo inf; }; f; echo after',
        "inf\nret\nafter\n",
        "",
        0,
    ),
    (
        'f() { trap "echo ret" RETURN; echo inf; }; f; echo after; f',
        "inf\nret\nafter\ninf\nret\n",
        "",
        0,
    ),
    ('eval "echo a; echo \\$((1+2))"; eval; echo $?', "a\n3\n0\n", "", 0),
    ('eval "if"; echo $?', "2\n", "bash: eval: line 2: syntax error: unexpected end of file\n", 0),
    (
        "eval -i; echo $?; eval -- echo ok",
        "2\nok\n",
        "bash: line 1: eval: -i: invalid option\neval: usage: eval [arg ...]\n",
        0,
    ),
    (
        "type echo if nosuch; echo $?; type -t echo if; type -p echo",
        "echo is a shell builtin\nif is a shell keyword\n1\nbuiltin\nkeyword\n",
        "bash: line 1: type: nosuch: not found\n",
        0,
    ),
    (
        "f() { echo a; }; type f; command -v echo f if nosuch; echo $?; command -V f nosuch; echo $?",
        "f is a function\nf () \n{ \n    echo a\n}\necho\nf\nif\n0\nf is a function\nf () \n{ \n    echo a\n}\n0\n",
        "bash: line 1: command: nosuch: not found\n",
        0,
    ),
    (
        "f() { if a; then b; elif c; then d; else e; fi; while x; do y; done; }; type f",
        "f is a function\nf () \n{ \n    if a; then\n        b;\n    else\n        if c; then\n            d;\n        else\n            e;\n        fi;\n    fi;\n    while x; do\n        y;\n    done\n}\n",
        "",
        0,
    ),
    (
        "f() { for i in 1 2; do echo $i; done; case $x in a|b) echo ab;; c) ;& *) echo d;;& esac; }; type f",
        "f is a function\nf () \n{ \n    for i in 1 2;\n    do\n        echo $i;\n    done;\n    case $x in \n        a | b)\n            echo ab\n        ;;\n        c)\n\n        ;&\n        *)\n            echo d\n        ;;&\n    esac\n}\n",
        "",
        0,
    ),
    (
        "f() ( echo sub; (cd /; ls) ; { echo grp; } ; ! true; [[ -f x && $a == b* ]]; (( x = 1 + 2 )) ); type f",
        "f is a function\nf () \n{ \n    ( echo sub;\n    ( cd /;\n    ls );\n    { \n        echo grp\n    };\n    ! true;\n    [[ -f x && $a == b* ]];\n    (( x = 1 + 2 )) )\n}\n",
        "",
        0,
    ),
    (
        "f() { cat <<EOF\nhello $x\nEOF\necho after; cmd 3>&- 4<&0 5<>f >>g >|h &>i; echo a & echo b; }; type f",
        "f is a function\nf () \n{ \n    cat <<EOF\nhello $x\nEOF\n\n    echo after\n    cmd 3>&- 4<&0 5<> f >> g >| h &> i;\n    echo a & echo b\n}\n",
        "",
        0,
    ),
    (
        "function g { :; } >/dev/null; type g",
        "g is a function\ng () \n{ \n    :\n} > /dev/null\n",
        "",
        0,
    ),
    (
        "builtin nosuch; echo $?; builtin echo hi; command -x",
        "1\nhi\n",
        "bash: line 1: builtin: nosuch: not a shell builtin\nbash: line 1: command: -x: invalid option\ncommand: usage: command [-pVv] command [arg ...]\n",
        2,
    ),
    ("f() { echo fn; }; command f; echo $?", "127\n", "bash: line 1: f: command not found\n", 0),
    (
        "hash; hash nosuch; echo $?; hash -r; hash",
        "hash: hash table empty\n1\nhash: hash table empty\n",
        "bash: line 1: hash: nosuch: not found\n",
        0,
    ),
    ("set +h; hash; echo $?", "1\n", "bash: line 1: hash: hashing disabled\n", 0),
    ("exec nosuch; echo after", "", "bash: line 1: exec: nosuch: not found\n", 127),
    ("exec 3>/tmp/x3; echo to3 >&3; exec 3>&-; cat /tmp/x3; rm /tmp/x3", "to3\n", "", 0),
    ("exec echo hi; echo no", "hi\n", "", 0),
    ('read a b <<< "  x  y  z  "; echo "[$a][$b]"', "[x][y  z]\n", "", 0),
    ('read <<< "  x y  "; echo "[$REPLY]"', "[  x y  ]\n", "", 0),
    (
        'read -r a <<< "a\\\\b"; echo "[$a]"; read a <<< "a\\\\b\\\\ c d"; echo "[$a]"',
        "[a\\b]\n[ab c d]\n",
        "",
        0,
    ),
    ('printf "a\\\\\\\\\\nb\\n" | { read x; echo "[$x]"; }', "[ab]\n", "", 0),
    ('printf "abc" | { read x; echo "$? [$x]"; }', "1 [abc]\n", "", 0),
    (
        'read -n 2 a <<< "hello"; echo "[$a]"; read -N 3 a <<< "a\nbcd"; echo "[$a]"',
        "[he]\n[a\nb]\n",
        "",
        0,
    ),
    ('read -d , a b <<< "x y,z"; echo "[$a][$b]"', "[x][y]\n", "", 0),
    ("read 1a <<< x; echo $?", "1\n", "bash: line 1: read: `1a': not a valid identifier\n", 0),
    (
        "read -u 7 a; echo $?",
        "1\n",
        "bash: line 1: read: 7: invalid file descriptor: Bad file descriptor\n",
        0,
    ),
    (
        "read -x",
        "",
        "bash: line 1: read: -x: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n",
        2,
    ),
    ("read -n x a", "", "bash: line 1: read: x: invalid number\n", 1),
    ('IFS=", "; read a b c <<< "1, 2,,3"; echo "[$a][$b][$c]"', "[1][2][,3]\n", "", 0),
    (
        'IFS=:; read a b <<< "x:y:z:"; echo "[$a][$b]"; read a b <<< "x:y:"; echo "[$a][$b]"; read a <<< ":x:"; echo "[$a]"',
        "[x][y:z:]\n[x][y]\n[:x:]\n",
        "",
        0,
    ),
    ("sleep 5 | { read -t 1 a; echo $?; }", "142\n", "", 0),
    (
        "printf 'l1\\nl2\\nl3\\n' | while read l; do echo \"<$l>\"; done",
        "<l1>\n<l2>\n<l3>\n",
        "",
        0,
    ),
    (
        'while getopts "ab:c" o -a -b x -cd -- e; do echo "$o ${OPTARG-unset} $OPTIND"; done; echo "end $o $OPTIND"',
        "a unset 2\nb x 4\nc unset 4\n? unset 5\nend ? 6\n",
        "bash: illegal option -- d\n",
        0,
    ),
    (
        'getopts ":ab:" o -x; echo "$o [$OPTARG] $OPTIND"; getopts ":ab:" o -b; echo "$o [$OPTARG] $OPTIND"',
        "? [x] 2\n? [] 2\n",
        "",
        0,
    ),
    (
        'getopts "ab:" o -b; echo "$o [${OPTARG-unset}] $?"',
        "? [unset] 0\n",
        "bash: option requires an argument -- b\n",
        0,
    ),
    ("getopts; echo $?", "2\n", "getopts: usage: getopts optstring name [arg ...]\n", 0),
    ("getopts a 1x; echo $?", "1\n", "bash: line 1: getopts: `1x': not a valid identifier\n", 0),
    ('getopts :b: o -bfoo; echo "$o $OPTARG $OPTIND"', "b foo 2\n", "", 0),
    (
        'alias; alias ll="ls -l" a=b; alias; alias ll nosuch; echo $?; alias -p; unalias ll nosuch; echo $?; alias; unalias -a; alias; alias -x',
        "alias a='b'\nalias ll='ls -l'\nalias ll='ls -l'\n1\nalias a='b'\nalias ll='ls -l'\n1\nalias a='b'\n",
        "bash: line 1: alias: nosuch: not found\nbash: line 1: unalias: nosuch: not found\nbash: line 1: alias: -x: invalid option\nalias: usage: alias [-p] [name[=value] ... ]\n",
        2,
    ),
    (
        'alias q="it\'s"; alias q; unalias; echo $?; unalias -x',
        "alias q='it'\\''s'\n2\n",
        "unalias: usage: unalias [-a] name [name ...]\nbash: line 1: unalias: -x: invalid option\nunalias: usage: unalias [-a] name [name ...]\n",
        2,
    ),
    (
        'shopt -s expand_aliases; alias e="echo hi"\ne there\nalias s="echo a; echo b"\ns c\nalias t="echo " u=z\nt u',
        "hi there\na\nb c\nz\n",
        "",
        0,
    ),
    ('alias e="echo hi"\ne there', "", "bash: line 2: e: command not found\n", 127),
    (
        "umask 0022; umask; umask -S; umask -p; umask -pS; umask 077; umask; umask u=rwx,g=rx,o=; umask; umask 999; echo $?; umask a+w; umask -S; umask x=y; echo $?; umask -x",
        "0022\nu=rwx,g=rx,o=rx\numask 0022\numask -S u=rwx,g=rx,o=rx\n0077\n0027\n1\nu=rwx,g=rwx,o=w\n1\n",
        "bash: line 1: umask: 999: octal number out of range\nbash: line 1: umask: `x': invalid symbolic mode operator\nbash: line 1: umask: -x: invalid option\numask: usage: umask [-p] [-S] [mode]\n",
        2,
    ),
    ("umask 0022; umask g-r,o=x -S; umask", "0066\n", "", 0),
    (
        "help -s cd pwd true; help -d shift; help -x; help nosuch; echo $?",
        "cd: cd [-L|[-P [-e]] [-@]] [dir]\npwd: pwd [-LP]\ntrue: true\nshift - Shift positional parameters.\n1\n",
        "bash: line 1: help: -x: invalid option\nhelp: usage: help [-dms] [pattern ...]\nbash: line 1: help: no help topics match `nosuch'.  Try `help help' or `man -k nosuch' or `info nosuch'.\n",
        0,
    ),
    ("logout; echo $?", "1\n", "bash: line 1: logout: not login shell: use `exit'\n", 0),
    (
        "trap 'echo [$LINENO] debug' DEBUG\necho a\nf() {\n  echo in f\n}\nf\ntrap - DEBUG\necho $LINENO",
        "[2] debug\na\n[6] debug\nin f\n[7] debug\n8\n",
        "",
        0,
    ),
    ("PS4='+[$LINENO] '; set -x; echo 1\necho 2", "1\n2\n", "+[1] echo 1\n+[2] echo 2\n", 0),
    (
        "{\n\techo before redir\n\texec 10>&1\n\techo after redir\n} > /tmp/bash-redir-x\necho after block; cat /tmp/bash-redir-x; rm /tmp/bash-redir-x",
        "after block\nbefore redir\nafter redir\n",
        "",
        0,
    ),
    (
        "exec 9>&2\ncommand exec 2>/tmp/foo-x\necho whatsis >&2\nexec 2>&9\ncat /tmp/foo-x; rm /tmp/foo-x",
        "whatsis\n",
        "",
        0,
    ),
    ("bash -ce 'f() (false ; echo A $?) ; f; echo B $?; echo C $?'; echo D $?", "D 1\n", "", 0),
    (
        "bash -c -e 'echo $-'; bash -ex -c 'echo $-'; bash -O extglob -c 'shopt extglob'; bash -o pipefail -c 'false | true'; echo $?",
        "ehBc\nehxBc\nextglob        \ton\n1\n",
        "+ echo ehxBc\n",
        0,
    ),
    (
        "PS4='+[$LINENO] '\ntrap 'echo trap: $LINENO' ERR\nset -x\necho 1\nfalse | false | false\necho 4",
        "1\ntrap: 5\n4\n",
        "+[4] echo 1\n+[5] false\n+[5] false\n+[5] false\n++[5] echo trap: 5\n+[6] echo 4\n",
        0,
    ),
    (
        "trap 'echo ERRTRAP' ERR\nfalse\nif ! false; then echo ok; fi\n! false\nwhile false; do :; done\nfalse && true\nf() { false; }\nf\necho $?",
        "ERRTRAP\nok\nERRTRAP\n1\n",
        "",
        0,
    ),
    (
        "x=\"a b\"; y=$'t\\tq'; z=; f() { :; }; set | grep -e '^[xyz]=' -e '^f ' -A3",
        "x='a b'\ny=$'t\\tq'\nz=\nf () \n{ \n    :\n}\n",
        "",
        0,
    ),
    (
        "exec 9<no_such_file || echo TEST\nset -o posix\nexec 9<no_such_file || echo TEST\necho notreached",
        "TEST\n",
        "bash: line 1: no_such_file: No such file or directory\nbash: line 3: no_such_file: No such file or directory\n",
        1,
    ),
    ("shopt -s xpg_echo; echo 'a\\n\\nb'; echo -E 'c\\td'", "a\n\nb\nc\\td\n", "", 0),
    (
        'printf \'set -- m n o p\\n\' > /tmp/s4.sub; set -- a b c; . /tmp/s4.sub x y z; echo "$@"; printf \'echo "$@"\\n\' > /tmp/s4.sub; . /tmp/s4.sub x y; echo "$@"; rm /tmp/s4.sub',
        "m n o p\nx y\nm n o p\n",
        "",
        0,
    ),
    (
        "type echo >&-; echo $?; trap -l >&-; echo $?; umask >&-; echo $?",
        "1\n1\n1\n",
        "bash: line 1: type: write error: Bad file descriptor\nbash: line 1: trap: write error: Bad file descriptor\nbash: line 1: umask: write error: Bad file descriptor\n",
        0,
    ),
    (
        'trap "echo x" EXIT; trap "" INT; t=$(trap); echo "[$t]"; (trap); (trap "echo y" USR1; trap); echo end',
        "[trap -- 'echo x' EXIT\ntrap -- '' SIGINT]\ntrap -- 'echo x' EXIT\ntrap -- '' SIGINT\ntrap -- '' SIGINT\ntrap -- 'echo y' SIGUSR1\nend\nx\n",
        "",
        0,
    ),
    ('shopt -s expand_aliases; alias e="echo hi"\ne there | cat', "hi there\n", "", 0),
    (
        "for i in 1 2 3; do continue 0; echo $i; done; echo $?",
        "1\n",
        "bash: line 1: continue: 0: loop count out of range\n",
        0,
    ),
    (
        "for i in 1 2; do for j in a b; do break 0; echo $i$j; done; echo after-inner; done; echo $?",
        "1\n",
        "bash: line 1: break: 0: loop count out of range\n",
        0,
    ),
    (
        "while :; do break 0; done; echo $?",
        "1\n",
        "bash: line 1: break: 0: loop count out of range\n",
        0,
    ),
    (
        "for i in 1; do break 0; done; echo $?",
        "1\n",
        "bash: line 1: break: 0: loop count out of range\n",
        0,
    ),
]


@pytest.fixture(scope="module")
def shared() -> Session:
    return Session()


@pytest.mark.parametrize(("script", "out", "err", "status"), CASES, ids=[c[0] for c in CASES])
def test_like_bash(shared: Session, script: str, out: str, err: str, status: int) -> None:
    r = shared.run("cd /; bash -c " + shlex.quote(script))
    assert (r.out, r.err, r.status) == (out, err, status)
