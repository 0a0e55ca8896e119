"""History expansion as interactive bash does it (GNU readline 8.2's histexpand.c with
bash's settings from bashhist.c): `!!`, `!n`, `!-n`, `!str`, `!?str?`, `!#`, word
designators (`:0`, `:n`, `^`, `$`, `*`, `x-y`, `%`), modifiers (`h t r e p q x
s/old/new/ & g a G`) and the quick substitution `^old^new^`.

bash's settings: single quotes inhibit expansion, `!` before a blank, `=`, a
newline or the end of the line is literal, `#` at the start of a word begins a
comment that is not expanded, and bash_history_inhibit_expansion keeps `[!...]`,
`${!...}` and `$!` (bash's own skip over command substitutions is not modelled:
a `!` inside `$(...)` is expanded).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["HistoryExpansion", "HistoryState", "history_expand", "history_tokenize"]

EXPANSION_CHAR, SUBST_CHAR, COMMENT_CHAR = "!", "^", "#"
NO_EXPAND_CHARS = " \t\n\r="
WORD_DELIMITERS = " \t\n;&()|<>"
EVENT_DELIMITERS = "^$*%-"
SEARCH_DELIMITERS = ";&()|<>"
QUOTE_CHARACTERS = "\"'`"
SLASHIFY_IN_QUOTES = '\\`"$'


@dataclass
class HistoryState:
    """What one expansion leaves for the next (readline's statics)."""

    search_string: str | None = None  # the last !?string? searched for
    search_match: str | None = None  # the word it matched (for %)
    subst_lhs: str | None = None
    subst_rhs: str = ""


@dataclass
class HistoryExpansion:
    """history_expand's result: status -1 (error: text is its message), 0 (no
    change), 1 (expanded), 2 (only to be printed: :p)."""

    status: int
    text: str


class _Error(Exception):
    pass


@dataclass
class _Expander:
    line: str
    history: list[str]
    base: int
    st: HistoryState
    result: list[str] = field(default_factory=list)

    # -- events ---------------------------------------------------------------------------
    def event(self, s: str, i: int, qc: str) -> tuple[str | None, int]:
        """get_history_event(): the history line s[i:] (at its `!`) names, and the
        index after the specification."""
        i += 1
        if s[i : i + 1] == EXPANSION_CHAR:
            return self.entry(self.base + len(self.history) - 1), i + 1
        negative = s[i : i + 1] == "-" and s[i + 1 : i + 2].isdigit()
        j = i + negative
        if s[j : j + 1].isdigit():
            which, j = _digits(s, j)
            if negative:
                which = len(self.history) + self.base - which
            return self.entry(which), j
        return self.search(s, i, qc)

    def search(self, s: str, i: int, qc: str) -> tuple[str | None, int]:
        """!str (a line starting so) or !?str[?] (containing it), newest first."""
        substring = s[i : i + 1] == "?"
        i += substring
        start = i
        while i < len(s) and not _ends_search(s, i, start, substring, qc):
            i += 1
        temp = s[start:i]
        if substring and s[i : i + 1] == "?":
            i += 1
        if not temp and substring:
            if not self.st.search_string:
                return None, i
            temp = self.st.search_string
        for line in reversed(self.history):
            at = line.find(temp) if substring else (0 if line.startswith(temp) else -1)
            if at < 0:
                continue
            if substring:
                self.st.search_string = temp
                self.st.search_match = _find_word(line, at)
            return line, i
        return None, i

    def entry(self, which: int) -> str | None:
        k = which - self.base
        return self.history[k] if 0 <= k < len(self.history) else None

    # -- one expansion --------------------------------------------------------------------
    def expand_one(self, s: str, start: int, qc: str) -> tuple[int, str, int]:
        """history_expand_internal(): (1 if only to print else 0, the text, the index
        of the expansion's last character). Raises _Error with the message."""
        i = start
        if s[i + 1 : i + 2] and s[i + 1] in ":$*%^":
            event, _ = self.event("!!", 0, "")
            i += 1
        elif s[i + 1 : i + 2] == "#":
            event, i = "".join(self.result), i + 2
        else:
            event, i = self.event(s, i, qc)
        if event is None:
            raise _Error(_hist_error(s, start, i, "event not found"))
        try:
            word, end = _word_specifier(s, event, i, self.st)
        except _BadWords as e:
            raise _Error(_hist_error(s, i, e.end, "bad word specifier")) from None
        temp = event if word is None else word
        i = end
        return self._modifiers(s, i, temp)

    def _modifiers(self, s: str, i: int, temp: str) -> tuple[int, str, int]:
        quotes, print_only, start = "", 0, i
        while s[i : i + 1] == ":":
            c, globally, bywords = s[i + 1 : i + 2], False, False
            if c in ("g", "a", "G") and c:
                globally, bywords, i = c != "G", c == "G", i + 1
                c = s[i + 1 : i + 2]
            if c in ("s", "&") and c:
                temp, i = self._subst_modifier(s, start, i, c, temp, (globally, bywords))
                continue
            if c in ("q", "x") and c:
                quotes = c
            elif c == "p":
                print_only = 1
            elif c in ("t", "h", "r", "e"):
                temp = _path_modifier(c, temp)
            else:
                raise _Error(_hist_error(s, i + 1, i + 2, "unrecognized history modifier"))
            i += 2
        if quotes == "q":
            temp = "'" + temp.replace("'", "'\\''") + "'"
        elif quotes == "x":
            temp = _quote_breaks(temp)
        return print_only, temp, i - 1

    def _subst_modifier(
        self, s: str, start: int, i: int, c: str, temp: str, how: tuple[bool, bool]
    ) -> tuple[str, int]:
        """:s/lhs/rhs/ (or :& to repeat the last): the text after it and the index
        of the next modifier."""
        if c == "s":
            if i + 2 >= len(s):
                return temp, i + 2  # no delimiter: nothing to do
            delim = s[i + 2]
            lhs, i = _subst_pattern(s, i + 3, delim, is_rhs=False)
            if lhs is not None:
                self.st.subst_lhs = lhs
            elif not self.st.subst_lhs:
                self.st.subst_lhs = self.st.search_string or None
            rhs, i = _subst_pattern(s, i, delim, is_rhs=True)
            self.st.subst_rhs = _rhs_with_amp(rhs or "", self.st.subst_lhs or "")
        else:
            i += 2
        return self._substitute(s, start, i, temp, *how), i

    def _substitute(
        self, s: str, start: int, i: int, temp: str, globally: bool, bywords: bool
    ) -> str:
        lhs, rhs = self.st.subst_lhs, self.st.subst_rhs
        if not lhs:
            raise _Error(_hist_error(s, start, i, "no previous substitution"))
        if len(lhs) > len(temp):
            raise _Error(_hist_error(s, start, i, "substitution failed"))
        si, we, failed = 0, 0, True
        while si + len(lhs) <= len(temp):
            if bywords and si > we:
                while si < len(temp) and temp[si] in " \t":
                    si += 1
                we = _tokenize_word(temp, si)
            if temp.startswith(lhs, si):
                temp = temp[:si] + rhs + temp[si + len(lhs) :]
                failed = False
                if globally:
                    si += len(rhs)
                    continue
                if bywords:
                    si = we
                    continue
                break
            si += 1
        if failed:
            raise _Error(_hist_error(s, start, i, "substitution failed"))
        return temp

    # -- the whole line -------------------------------------------------------------------
    def expand(self) -> HistoryExpansion:
        s = self.line
        if s.startswith(SUBST_CHAR):
            s = "!!:s" + s
        elif not self._has_expansion(s):
            return HistoryExpansion(0, s)
        i, dquote, modified, printing, passc = 0, False, 0, 0, False
        while i < len(s):
            c = s[i]
            if passc:
                passc = False
                self.result.append(c)
            elif c == "\\":
                passc = True
                self.result.append(c)
            elif c == '"':
                dquote = not dquote
                self.result.append(c)
            elif c == "'" and not dquote:
                end = _single_quoted_end(s, i + 1, i > 0 and s[i - 1] == "$")
                self.result.append(s[i : end + 1])
                i = end
            elif c == COMMENT_CHAR and not dquote and (i == 0 or s[i - 1] in WORD_DELIMITERS):
                self.result.append(s[i:])
                break
            elif c == EXPANSION_CHAR and self._expands(s, i, dquote):
                try:
                    only, text, i = self.expand_one(s, i, '"' if dquote else "")
                except _Error as e:
                    return HistoryExpansion(-1, str(e))
                modified += 1
                printing += only
                self.result.append(text)
            else:
                self.result.append(c)
            i += 1
        out = "".join(self.result)
        return HistoryExpansion(2 if printing else 1 if modified else 0, out)

    def _expands(self, s: str, i: int, dquote: bool) -> bool:
        cc = s[i + 1 : i + 2]
        if not cc or cc in NO_EXPAND_CHARS or (dquote and cc == '"'):
            return False
        so_far = "".join(self.result) + s[i : i + 2]
        return not _inhibited(so_far, len("".join(self.result)))

    def _has_expansion(self, s: str) -> bool:
        """history_expand's first scan: whether any `!` is to be expanded."""
        i, dquote = 0, False
        while i < len(s):
            c, cc = s[i], s[i + 1 : i + 2]
            if c == COMMENT_CHAR and not dquote and (i == 0 or s[i - 1] in WORD_DELIMITERS):
                return False
            if c == EXPANSION_CHAR:
                if not (not cc or cc in NO_EXPAND_CHARS or (dquote and cc == '"')) and not (
                    _inhibited(s, i)
                ):
                    return True
            elif dquote and c == "\\" and cc == '"':
                i += 1
            elif c == '"':
                dquote = not dquote
            elif not dquote and c == "'":
                i = _single_quoted_end(s, i + 1, i > 0 and s[i - 1] == "$")
            elif c == "\\" and cc in ("'", EXPANSION_CHAR):
                i += 1
            i += 1
        return False


def _digits(s: str, i: int) -> tuple[int, int]:
    """The number at s[i:] and the index after it."""
    j = i
    while s[j : j + 1].isdigit():
        j += 1
    return int(s[i:j]), j


def _ends_search(s: str, i: int, start: int, substring: bool, qc: str) -> bool:
    """Whether s[i] ends an event's search string."""
    c = s[i]
    if c == "\n" or (substring and c == "?"):
        return True
    return not substring and (
        c in " \t:"
        or (i > start and c == "-")
        or (c != "-" and c in EVENT_DELIMITERS)
        or c in SEARCH_DELIMITERS
        or (bool(qc) and c == qc)
    )


def _inhibited(s: str, i: int) -> bool:
    """bash_history_inhibit_expansion(): `[!...]`, `${!...}` and `$!` are not
    history expansions (extglob's `!(...)` is bash's too; extglob is off here)."""
    if i > 0 and s[i - 1] == "[" and "]" in s[i + 1 :]:
        return True
    if i > 1 and s[i - 1] == "{" and s[i - 2] == "$" and "}" in s[i + 1 :]:
        return True
    return i > 0 and s[i - 1] == "$"


def _single_quoted_end(s: str, i: int, backslash_escapes: bool) -> int:
    """hist_string_extract_single_quoted(): the index of the closing quote (or the
    end of the line)."""
    while i < len(s) and s[i] != "'":
        if backslash_escapes and s[i] == "\\" and i + 1 < len(s):
            i += 1
        i += 1
    return i


def _hist_error(s: str, start: int, current: int, message: str) -> str:
    return f"{s[start:current]}: {message}"


def _word_specifier(s: str, line: str, i: int, st: HistoryState) -> tuple[str | None, int]:
    """get_history_word_specifier(): (the words, the index after the spec); None
    for no spec. Raises _BadWords for one that matches nothing."""
    expecting, at = s[i : i + 1] == ":", i
    i += expecting
    c = s[i : i + 1]
    if c == "%":
        return st.search_match or "", i + 1
    if c == "*":
        return _arg_extract(1, "$", line) or "", i + 1
    if c == "$":
        return _or_bad(_arg_extract("$", "$", line), i + 1), i + 1
    first: int | str
    if c == "-":
        first = 0
    elif c == "^":
        first, i = 1, i + 1
    elif c.isdigit() and expecting:
        first, i = _digits(s, i)
    else:
        return None, at  # no word specifier: a `:` is the modifiers'
    last, i = _range_end(s, i, first)
    ok = last == "$" or (isinstance(last, int) and (last < 0 or last >= int(first)))
    return _or_bad(_arg_extract(first, last, line) if ok else None, i), i


def _range_end(s: str, i: int, first: int | str) -> tuple[int | str, int]:
    """The last word of a `first[-last]` designator (`x*` is x-$, `x-` x-$ but the
    last word): (last, the index after it)."""
    c = s[i : i + 1]
    if c in ("^", "*") and c:
        return (1 if c == "^" else "$"), i + 1
    if c != "-":
        return first, i
    c = s[i + 1 : i + 2]
    if c.isdigit():
        return _digits(s, i + 1)
    if c in ("$", "^") and c:
        return ("$" if c == "$" else 1), i + 2
    return -1, i + 1


class _BadWords(Exception):
    def __init__(self, end: int) -> None:
        super().__init__(end)
        self.end = end


def _or_bad(words: str | None, end: int) -> str:
    if words is None:
        raise _BadWords(end)
    return words


def _arg_extract(first: int | str, last: int | str, line: str) -> str | None:
    """history_arg_extract(): words first..last of line (`$` the last; a negative
    one counts from the end)."""
    words = history_tokenize(line)
    n = len(words)
    lo = n - 1 if first == "$" else int(first)
    hi = n - 1 if last == "$" else int(last)
    if hi < 0:
        hi = n + hi - 1
    if lo < 0:
        lo = n + lo - 1
    hi += 1
    if lo >= n or hi > n or lo < 0 or hi < 0 or lo > hi:
        return None
    return " ".join(words[lo:hi])


def history_tokenize(line: str) -> list[str]:
    """history_tokenize(): line split into words as the shell would split it."""
    out, i = [], 0
    while i < len(line):
        while i < len(line) and line[i] in " \t\n":
            i += 1
        if i >= len(line) or line[i] == COMMENT_CHAR:
            break
        start = i
        i = _tokenize_word(line, start)
        if i == start:
            i += 1
            while i < len(line) and line[i] in WORD_DELIMITERS:
                i += 1
        out.append(line[start:i])
    return out


def _tokenize_word(s: str, i: int) -> int:
    """history_tokenize_word(): the end of the word (or operator) starting at i."""
    n = len(s)
    if i < n and s[i] in "()\n":
        return i + 1
    if i < n and s[i].isdigit():
        j = i
        while j < n and s[j].isdigit():
            j += 1
        if j == n:
            return j
        if s[j] in "<>":
            i = j
        else:
            return _word_end(s, j, "", "", 0)
    if i < n and s[i] in "<>;&|":
        return _operator_end(s, i)
    return _word_end(s, i, "", "", 0)


def _operator_end(s: str, i: int) -> int:
    """The end of the redirection or control operator at s[i]."""
    c, peek = s[i], s[i + 1 : i + 2]
    if peek == c:
        if peek == "<" and s[i + 2 : i + 3] in ("-", "<") and s[i + 2 : i + 3]:
            i += 1
        return i + 2
    if peek == "&" and c in "<>":
        j = i + 2
        while s[j : j + 1].isdigit():
            j += 1
        return j + (s[j : j + 1] == "-")
    if (peek == ">" and c == "&") or (peek == "|" and c == ">"):
        return i + 2
    if peek == "(" and c in "<>":
        return _word_end(s, i + 2, "(", ")", 1)
    return i + 1


def _word_end(s: str, i: int, opener: str, delimiter: str, nest: int) -> int:
    n = len(s)
    if not delimiter and i < n and s[i] in QUOTE_CHARACTERS:
        delimiter, i = s[i], i + 1
    while i < n:
        c = s[i]
        if c == "\\" and s[i + 1 : i + 2] == "\n":
            i += 2
            continue
        if c == "\\" and delimiter != "'" and (delimiter != '"' or c in SLASHIFY_IN_QUOTES):
            i += 2
            continue
        if nest and c == opener:
            nest += 1
        elif nest and c == delimiter:
            nest -= 1
            if nest == 0:
                delimiter = ""
        elif delimiter and c == delimiter:
            delimiter = ""
        elif not nest and not delimiter and c in "<>$!@?+*" and s[i + 1 : i + 2] == "(":
            i, opener, delimiter, nest = i + 2, "(", ")", 1
            continue
        elif not delimiter and c in WORD_DELIMITERS:
            break
        elif not delimiter and c in QUOTE_CHARACTERS:
            delimiter = c
        i += 1
    return i


def _find_word(line: str, at: int) -> str | None:
    """history_find_word(): the word of line that holds index at."""
    i = 0
    for word in history_tokenize(line):
        start = line.find(word, i)
        if start <= at < start + len(word):
            return word
        i = start + len(word)
    return None


def _path_modifier(c: str, temp: str) -> str:
    if c == "t":
        return temp.rsplit("/", 1)[-1] if "/" in temp else temp
    if c == "h":
        return temp.rsplit("/", 1)[0] if "/" in temp else temp
    if c == "r":
        return temp.rsplit(".", 1)[0] if "." in temp else temp
    return temp[temp.rfind(".") :] if "." in temp else temp  # e


def _subst_pattern(s: str, i: int, delim: str, *, is_rhs: bool) -> tuple[str | None, int]:
    """get_subst_pattern(): the text up to delim (a backslash quotes delim); None
    for an empty left-hand side."""
    si = i
    while si < len(s) and s[si] != delim:
        if s[si] == "\\" and s[si + 1 : si + 2] == delim:
            si += 1
        si += 1
    text = None
    if si > i or is_rhs:
        text = s[i:si].replace("\\" + delim, delim)
    return text, si + 1 if si < len(s) else si


def _rhs_with_amp(rhs: str, lhs: str) -> str:
    """postproc_subst_rhs(): `&` is the left-hand side, `\\&` a plain `&`."""
    out, i = [], 0
    while i < len(rhs):
        if rhs[i] == "\\" and rhs[i + 1 : i + 2] == "&":
            out.append("&")
            i += 2
            continue
        out.append(lhs if rhs[i] == "&" else rhs[i])
        i += 1
    return "".join(out)


def _quote_breaks(s: str) -> str:
    out = ["'"]
    for c in s:
        if c == "'":
            out.append("'\\''")
        elif c in " \t\n":
            out.append(f"'{c}'")
        else:
            out.append(c)
    return "".join(out) + "'"


def history_expand(
    line: str, history: list[str], state: HistoryState, base: int = 1
) -> HistoryExpansion:
    """Expand line against history (oldest first; the first entry is number base)."""
    return _Expander(line, history, base, state).expand()
