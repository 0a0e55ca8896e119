"""The shell's options: `set -o` names and letters, `shopt` names, `$-` (models bash
5.2's flags.c, builtins/set.def's o_options and builtins/shopt.def's shopt_vars).

Options that change what the shell does are read where they act (errexit in
shell.py's run_andor, xtrace in xtrace.py, noglob/nullglob/dotglob in expansion,
noclobber in redirections, pipefail in run_pipeline). The others are kept and
listed as bash keeps them: they switch nothing swapsh models (history, vi, emacs...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.userland.sh.invocation import Invocation
from swapsh.userland.sh.shquote import ansic_quote, ansic_shouldquote

__all__ = [
    "FLAG_ORDER",
    "O_OPTIONS",
    "SHOPT_DEFAULTS",
    "ShellOptions",
    "option_line",
    "sh_contains_shell_metas",
    "sh_single_quote",
    "xtrace_word",
]

# set -o NAME -> its letter ("" when it has none), in o_options' (alphabetical) order
O_OPTIONS: dict[str, str] = {
    "allexport": "a",
    "braceexpand": "B",
    "emacs": "",
    "errexit": "e",
    "errtrace": "E",
    "functrace": "T",
    "hashall": "h",
    "histexpand": "H",
    "history": "",
    "ignoreeof": "",
    "interactive-comments": "",
    "keyword": "k",
    "monitor": "m",
    "noclobber": "C",
    "noexec": "n",
    "noglob": "f",
    "nolog": "",
    "notify": "b",
    "nounset": "u",
    "onecmd": "t",
    "physical": "P",
    "pipefail": "",
    "posix": "",
    "privileged": "p",
    "verbose": "v",
    "vi": "",
    "xtrace": "x",
}
# flags.c's shell_flags: the order the letters have in $-
FLAG_ORDER = "abefhikmnprtuvxBCEHPT"
_LETTER_NAME = {letter: name for name, letter in O_OPTIONS.items() if letter}

# shopt's options and their defaults in a non-interactive bash 5.2.15
SHOPT_DEFAULTS: dict[str, bool] = dict.fromkeys(
    [
        "autocd",
        "assoc_expand_once",
        "cdable_vars",
        "cdspell",
        "checkhash",
        "checkjobs",
        "checkwinsize",
        "cmdhist",
        "compat31",
        "compat32",
        "compat40",
        "compat41",
        "compat42",
        "compat43",
        "compat44",
        "complete_fullquote",
        "direxpand",
        "dirspell",
        "dotglob",
        "execfail",
        "expand_aliases",
        "extdebug",
        "extglob",
        "extquote",
        "failglob",
        "force_fignore",
        "globasciiranges",
        "globskipdots",
        "globstar",
        "gnu_errfmt",
        "histappend",
        "histreedit",
        "histverify",
        "hostcomplete",
        "huponexit",
        "inherit_errexit",
        "interactive_comments",
        "lastpipe",
        "lithist",
        "localvar_inherit",
        "localvar_unset",
        "login_shell",
        "mailwarn",
        "no_empty_cmd_completion",
        "nocaseglob",
        "nocasematch",
        "noexpand_translation",
        "nullglob",
        "patsub_replacement",
        "progcomp",
        "progcomp_alias",
        "promptvars",
        "restricted_shell",
        "shift_verbose",
        "sourcepath",
        "varredir_close",
        "xpg_echo",
    ],
    False,
)
for _name in [
    "checkwinsize",
    "cmdhist",
    "complete_fullquote",
    "extquote",
    "force_fignore",
    "globasciiranges",
    "globskipdots",
    "hostcomplete",
    "interactive_comments",
    "patsub_replacement",
    "progcomp",
    "promptvars",
    "sourcepath",
]:
    SHOPT_DEFAULTS[_name] = True


_GLOB_SHOPTS = ("dotglob", "nullglob", "failglob", "nocaseglob", "extglob", "globstar")


@dataclass(slots=True)
class ShellOptions:
    """One shell's options (a subshell starts with a copy)."""

    o: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(O_OPTIONS, False))
    shopt: dict[str, bool] = field(default_factory=lambda: dict(SHOPT_DEFAULTS))
    interactive: bool = False  # the `i` of $-
    command_string: bool = False  # the `c` of $- (bash -c)
    from_stdin: bool = False  # the `s` of $- (commands read from stdin)

    def __post_init__(self) -> None:
        for name in ("braceexpand", "hashall", "interactive-comments"):
            self.o[name] = True

    def copy(self) -> ShellOptions:
        return ShellOptions(
            o=dict(self.o),
            shopt=dict(self.shopt),
            interactive=self.interactive,
            command_string=self.command_string,
            from_stdin=self.from_stdin,
        )

    def apply(self, inv: Invocation) -> None:
        """The set and shopt options bash was started with (an unknown name is
        left alone)."""
        for letter, on in inv.flags:
            self.set_flag(letter, on)
        for name, on in inv.o_options:
            if name in self.o:
                self.o[name] = on
        for name, on in inv.shopts:
            if name in self.shopt:
                self.shopt[name] = on

    def glob_options(self) -> frozenset[str]:
        """What pathname expansion needs: shopt's glob options that are on, and noglob."""
        names = [n for n in _GLOB_SHOPTS if self.shopt[n]]
        return frozenset(names + (["noglob"] if self.o["noglob"] else []))

    def flag(self, letter: str) -> bool:
        return (letter == "i" and self.interactive) or self.o.get(
            _LETTER_NAME.get(letter, ""), False
        )

    def set_flag(self, letter: str, on: bool) -> bool:
        """`set -X`/`set +X`. Returns: False for a letter set does not know."""
        name = _LETTER_NAME.get(letter)
        if name is None:
            return False
        self.o[name] = on
        return True

    def dollar_dash(self) -> str:
        """$-: the letters of the flags that are on, then c or s (which_set_flags)."""
        letters = [c for c in FLAG_ORDER if self.flag(c)]
        return (
            "".join(letters)
            + ("c" if self.command_string else "")
            + ("s" if self.from_stdin else "")
        )


def option_line(name: str, on: bool) -> str:
    """A line of `set -o` and `shopt`'s listings ("%-15s\\t%s")."""
    return f"{name:<15}\t{'on' if on else 'off'}\n"


def sh_contains_shell_metas(s: str) -> bool:
    """lib/sh/shquote.c: whether the shell would act on a character of s."""
    for i, c in enumerate(s):
        if c in " \t\n'\"\\|&;()<>!{}*[?]^$`":
            return True
        if c == "~" and (i == 0 or s[i - 1] in "=:"):
            return True
        if c == "#" and i == 0:
            return True
    return False


def sh_single_quote(s: str) -> str:
    """lib/sh/shquote.c: s in single quotes, a quote inside as '\\''."""
    if s == "'":
        return "\\'"
    return "'" + s.replace("'", "'\\''") + "'"


def xtrace_word(s: str) -> str:
    """A word of a `set -x` trace line (print_cmd.c's xtrace_print_word_list)."""
    if s == "":
        return "''"
    if sh_contains_shell_metas(s):
        return sh_single_quote(s)
    raw = s.encode("utf-8", "surrogateescape")
    if ansic_shouldquote(raw):
        return ansic_quote(raw).decode("utf-8", "surrogateescape")
    return s
