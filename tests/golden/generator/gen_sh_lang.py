"""Record bash 5.2.15's language features that swapsh's shell wires to its pure
modules (arithmetic, patterns, pathname and brace expansion, [[ ]]) into
sh_lang.txt (run as root: cd tests/golden/generator && GOLDEN_OUT=.. python3
gen_sh_lang.py). Each case is `bash -c '<command line>'` in the scratch directory
after gen_sh_builtins.py's TEST_SETUP (harness.py: env, stdin /dev/null, stdout a
pipe); tests/userland/test_golden_sh_builtins.py replays them.
"""
from gen_sh_builtins import TEST_SETUP, gen

ARITH_CASES = r"""
echo $((1+2*3)) $((7/2)) $((-7%3)) $((2**10)) $((1<<62))
echo $((2**63)) $((-2**63/-1)) $((0x1f)) $((010)) $((2#101)) $((36#z))
x=5; echo $((x+1)) $((x*=2)) $x
x=y; y=3; echo $((x+1))
i=5; echo $((i++)) $i $((--i)) $i
echo $(("1"+2))
x=2; echo $(( "$x" * $(echo "3") )); ((x = "$x" + 1)); echo $x
echo $(( 1 ? 2 : 3 )) $((0 || 0)) $((3 && 4)) $((~5)) $((!0))
echo $((1/0)); echo after
x=$((1/0)); echo after $?
echo $(( 1 + ))
echo $((08))
echo $((a[$((1/0))]))
x=5; echo $((x[0])) $((x[1]))
echo $((y)) $((y+1)); echo ${y-unset}
echo $((z=4)) $z
((0)); echo $?
((5)); echo $?
((x=3, x*2)); echo $? $x
((1/0)); echo after $?
(( 1 + )); echo $?
((a[1/0])); echo after $?
for ((i=0;i<3;i++)); do echo $i; done
for ((i=0;i<2;i++)); do echo $i; done; echo $?
for ((;;)); do echo x; break; done
for ((i=0;i<2;1/0)); do echo $i; done; echo $?
for ((1/0;;)); do false; done; echo $?
for ((i=0;i<2;i++)); do false; done; echo $?
for ((i=0;i<0;i++)); do false; done; echo $?
for ((i=0;i<2;i++)); do break; done; echo $?
for ((i=0; i<5; i+=2)) do echo $i; done
let x=3 y=x+1; echo $? $x $y
let 0; echo $?
let 1/0; echo after $?
let; echo $?
let "1 +"; echo $?
let "a[1/0]"; echo after $?
x=abc; echo ${x:1:1} ${x:1+1} ${x: -1} ${x:0:-1} ${x:5} ${x: -5}
x=abcdef; echo ${x:1:2}/${x:2}/${x:(-2)}/${x:1:0}
x=abc; echo ${x:2:-2}; echo after
x=abc; echo ${x:1/0}; echo after
x=abc; n=1; echo ${x:n:n+1}
f() { echo ${@:1} / ${@:2:1} / ${@: -1} / ${@: -5} / ${*:4} /; }; f a b c
f() { printf "<%s>" "${@:2}"; echo; printf "<%s>" "${*:2}"; echo; }; f a b c
f() { echo ${@:1:-1}; echo after; }; f a b c; echo after $?
f() { echo ${@:1:0}x ${@:5}y ${@:1/0}; echo after; }; f a b c; echo after $?
f() { printf "<%s>" "${@#a}" "${*/a/x}" ${@^}; echo; }; f ab ba
f() { printf "<%s>" ${@:1} "${@%b}" x"${@%%c}"y; echo; }; f "a b" c
f() { printf "<%s>" "${@:1}" "${@#a}"; echo; }; f
"""

PATTERN_CASES = r"""
case abc in a*) echo star;; esac
case abc in a?c) echo q;; *) echo no;; esac
case abc in "a*") echo lit;; a\*) echo esc;; *) echo other;; esac
case 'a*' in "a*") echo lit;; esac
p='a*'; case abc in $p) echo var;; esac; case abc in "$p") echo quoted;; *) echo none;; esac
case b in [abc]) echo br;; esac; case - in [a-]) echo dash;; esac; case x in [!a-c]) echo not;; esac
case ab in [[:alpha:]][[:lower:]]) echo class;; esac
case 'a b' in 'a b') echo sp;; esac; p='a b'; case 'a b' in $p) echo nosplit;; esac
case x in a|x|y) echo alt;; esac
case '' in '') echo empty;; esac
case abc in ab) echo no;; abc) echo yes; ;& def) echo fall;; xyz) echo nofall;; esac
case ~ in ~) echo tilde;; esac
x=path/to/file.tar.gz; echo ${x#*/} ${x##*/} ${x%.*} ${x%%.*}
x=aaa; echo ${x#a} ${x##a} ${x#a*} ${x##a*}. ${x%a} ${x%%a*}.
x=abc; echo ${x#"a"} ${x#'*'} ${x#\*} ${x#} ${x%}
x='a*b'; p='*'; echo ${x#*"$p"} ${x#*$p}
x=hello; echo ${x/l/L} ${x//l/L} ${x/#h/H} ${x/%o/O} ${x/#l/L} ${x/x/y}
x=hello; echo ${x/l} ${x//l} ${x/} ${x//}
x=hello; echo ${x/l*/X} ${x//[el]/-} ${x/#/<} ${x/%/>}
x=hello; echo ${x//l/&&} ${x//l/\&} "${x//l/"&"}"
x=a.b.c; echo ${x//./ } "${x//./ }"
x=hello; echo ${x^} ${x^^} ${x^^[lo]} ${x^[a-g]}
x=HELLO; echo ${x,} ${x,,} ${x,,[LO]}
x=HeLLo; echo ${x~} ${x~~}
x=; echo "[${x#a}]" "[${x/a/b}]" "[${x^^}]"
echo "[${u#a}]" "[${u/a/b}]" "[${u^}]"
x=ünï; echo ${x^^} ${x^}
"""

GLOB_CASES = r"""
echo *
echo ?
echo [a-f] [!a-f]
echo s*
echo nomatch* "s"*
echo '*' "*" \*
x='*'; echo $x; echo "$x"
x='\*'; echo $x
x='s\*'; echo $x
echo */
echo d/* d/.*
echo [[:lower:]]g
echo .*
echo ./s* d/../s*
x='[s]'; echo $x ${x}g
echo s[
echo *[
"""

BRACE_CASES = r"""
echo {a,b}{1,2} x{,}y
echo {1..10..3} {a..e} {05..10} {-3..3..2} {z..a..-2}
echo a{b,"c d",e\,f}g
x=1; echo {$x,2} ${x}{a,b} "{a,b}" \{a,b}
echo {a} {a,} {} {,} {..} {1..} {a..1}
echo {a,b{1,2},c}
echo $(echo {p,q}) {x,$(echo y z)}
for i in {1..3}; do echo $i; done
case a in {a,b}) echo brace;; *) echo no;; esac
x={a,b}; echo $x
echo {s,x}* {1..3}s
echo ~{,/d}
echo {a..c}{1..2}
echo {1..5..0} {1..2..-1}
echo {'a,b'} {a","b}
"""

COND_CASES = r"""
[[ 1/0 -eq 1 ]]; echo $?
[[ x -eq 0 ]]; echo $?
[[ 1+1 -eq 2 ]]; echo $?
[[ x -eq 1/0 ]]; echo $?
[[ a[1/0] -eq 1 ]]; echo $?
[[ 3 -gt 2 && 2 -ge 2 && 1 -le 1 && 1 -ne 2 && 1 -lt 2 ]]; echo $?
[[ a < b ]]; echo $?; [[ b < a ]]; echo $?; [[ B > a ]]; echo $?
[[ -f s && ! -d s ]]; echo $?
[[ -d d && -e f && -s s && ! -s f && -k k && -u su && -g sg ]]; echo $?
[[ -f nosuch || -x x ]]; echo $?
[[ "" ]]; echo $?
[[ x ]]; echo $?
x="a b"; [[ $x == "a b" ]]; echo $?; [[ $x = a\ b ]]; echo $?
[[ abc == a* ]]; echo $?; [[ abc == "a*" ]]; echo $?; [[ 'a*' == "a*" ]]; echo $?
p="a*"; [[ abc == $p ]]; echo $? ; [[ abc == "$p" ]]; echo $?
[[ abc != a?c ]]; echo $?; [[ abc != b* ]]; echo $?
[[ (a == a) && (b != b || c) ]]; echo $?
[[ ! (a == b) ]]; echo $?; [[ ! ! x ]]; echo $?
[[ -z "" || $((1/0)) ]]; echo $?
[[ -n "" && $((1/0)) ]]; echo $?
[[ $((1/0)) ]]; echo after $?
[[ * ]]; echo $?
x='*'; [[ $x == s ]]; echo $?; [[ s == $x ]]; echo $?
[[ -v PATH ]]; echo $?; [[ -v NOSUCH ]]; echo $?; [[ -z $NOSUCH ]]; echo $?
[[ 1 -lt 2 ]] && [[ b > a ]]; echo $?
[[ -n x ]] && echo yes || echo no
x=; [[ $x ]] || echo empty
[[ ~ == /root ]]; echo $?
[[ -o noclobber ]]; echo $?; [[ -t 7 ]]; echo $?
"""


if __name__ == '__main__':
    gen('sh_lang.txt', '''
# bash 5.2.15's arithmetic, patterns, pathname and brace expansion and [[ ]], each
# command line run as bash -c '<line>' (messages "bash: line 1: ..."), LANG=C.UTF-8,
# as root, stdin /dev/null, stdout a pipe. Recorded by
# tests/golden/generator/gen_sh_lang.py in the scratch directory of sh_test.txt
# (gen_sh_builtins.py's TEST_SETUP: directories d and k; files f e ro x su sg s).
''', ARITH_CASES + PATTERN_CASES + GLOB_CASES + BRACE_CASES + COND_CASES,
        TEST_SETUP)
