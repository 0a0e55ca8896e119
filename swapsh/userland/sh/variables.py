"""Shell variables and their attributes (models bash 5.2's variables.c; the values
of arrays are arrays.py's, what declare -p prints varprint.py's).

A variable is a ShellVar: a name, attributes (bash's att_* flags) and a value that
is a string, an IndexedArray (sparse, ordered by index) or an AssocArray (ordered
as bash's hash table walks its buckets, which is the order `${!m[@]}` and
`declare -p` show). VarStore holds the shell's variables with dynamic scope, as
bash's chain of variable contexts does: `local` saves the variable it shadows in
the frame of the running function, and the frame's return puts it back.

VarStore is also a MutableMapping of scalar values (an array's element 0), so the
shell's everyday code reads and sets variables as a dict; assignments through it
obey the attributes (-i, -l, -u, -r, -n) as bash's bind_variable does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Final

from swapsh.userland.sh.arrays import AssocArray, IndexedArray
from swapsh.userland.sh.brand import BashRandom, seed_value

__all__ = [
    "DECLARATION_BUILTINS",
    "NAMEREF_MAX",
    "Attr",
    "DiscardLine",
    "ExportedView",
    "ShellVar",
    "VarError",
    "VarStore",
    "legal_identifier",
    "split_subscript",
]

# builtins whose name=value arguments are assignments (not split, `=( )` allowed)
DECLARATION_BUILTINS = frozenset(["declare", "typeset", "local", "readonly", "export"])
NAMEREF_MAX = 8  # bash's limit on a chain of namerefs


class VarError(Exception):
    """An assignment or unset bash refuses ("x: readonly variable"): the message
    after bash's prefix; the command fails with status 1 and the shell goes on."""

    def __init__(self, message: str, bare: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.bare = bare  # said without the builtin's name (a bad subscript)


class DiscardLine(VarError):
    """An assignment statement failed (its message said): bash's
    jump_to_top_level(DISCARD) drops the rest of the command line, and a shell
    that is not interactive goes on with the next one (status 1)."""

    def __init__(self) -> None:
        super().__init__("")


class Attr:
    """bash's att_* flags (variables.h), as plain ints: they are tested on every
    variable access, where an IntFlag's operators would cost more than the rest."""

    EXPORTED: Final = 0x1
    READONLY: Final = 0x2
    ARRAY: Final = 0x4
    INTEGER: Final = 0x10
    LOCAL: Final = 0x20
    ASSOC: Final = 0x40
    TRACE: Final = 0x80
    UPPERCASE: Final = 0x100
    LOWERCASE: Final = 0x200
    CAPCASE: Final = 0x400
    NAMEREF: Final = 0x800
    INVISIBLE: Final = 0x1000  # declared, never given a value
    TEMPVAR: Final = 0x100000  # NAME=value before a function or builtin
    PROPAGATE: Final = 0x200000  # a temporary one declare/export made lasting


def legal_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii()


Value = str | IndexedArray | AssocArray | None


@dataclass(slots=True, eq=False)
class ShellVar:
    """bash's SHELL_VAR (variables.h): the value is None while the variable is
    declared without one (att_invisible)."""

    name: str  # as declared
    value: Value  # str, IndexedArray, AssocArray, or None
    attrs: int = 0  # Attr flags
    context: int = 0  # the function depth that made it (0: global)

    def is_array(self) -> bool:
        return bool(self.attrs & (Attr.ARRAY | Attr.ASSOC))

    def scalar(self) -> str | None:
        """The value $name gives: a scalar, or an array's element 0."""
        v = self.value
        if isinstance(v, IndexedArray):
            return v.items.get(0)
        if isinstance(v, AssocArray):
            return v.get("0")
        return v

    def copy(self) -> ShellVar:
        v = self.value
        return ShellVar(
            self.name, v.copy() if not isinstance(v, str | None) else v, self.attrs, self.context
        )


# Evaluates an integer variable's assigned text (bash's evalexp on att_integer).
ArithFn = Callable[[str], int]


def _no_arith(text: str) -> int:
    return int(text) if text.lstrip("-").isdigit() else 0


@dataclass(slots=True, eq=False)
class VarStore(MutableMapping[str, str]):
    """The shell's variables: one visible table plus, per running function, the
    variables its `local`s shadow (bash's shell_variables chain of contexts)."""

    table: dict[str, ShellVar] = field(default_factory=dict)  # visible variables
    frames: list[dict[str, ShellVar | None]] = field(default_factory=list)  # per call
    arith: ArithFn = _no_arith  # set by the shell: evaluates -i assignments
    rng: BashRandom | None = None  # $RANDOM while it keeps its special meaning
    seconds: tuple[int, int] | None = None  # $SECONDS: (since, value then), while special
    funcnames: list[str] = field(default_factory=list)  # FUNCNAME: running functions

    @classmethod
    def from_environ(cls, environ: dict[str, str]) -> VarStore:
        store = cls()
        for name, value in environ.items():
            store.table[name] = ShellVar(name, value, Attr.EXPORTED)
        return store

    def copy(self) -> VarStore:
        """A forked shell's copy (arrays copied, not shared)."""
        new = VarStore(arith=self.arith, seconds=self.seconds)
        if self.rng is not None:  # the child's generator is its own
            new.rng = BashRandom(self.rng.rseed)
            new.rng.last = self.rng.last
        new.table = {n: v.copy() for n, v in self.table.items()}
        new.frames = [dict(f) for f in self.frames]
        new.funcnames = list(self.funcnames)
        return new

    # -- lookup ------------------------------------------------------------------------------
    def find_noref(self, name: str) -> ShellVar | None:
        return self.table.get(name)

    def resolve(self, name: str) -> str:
        """The name a chain of namerefs ends at (possibly "a[sub]"); a chain longer
        than bash's NAMEREF_MAX ends where it is."""
        for _ in range(NAMEREF_MAX):
            var = self.table.get(name)
            if var is None or not var.attrs & Attr.NAMEREF or not isinstance(var.value, str):
                return name
            name = var.value
        return name

    def find(self, name: str) -> ShellVar | None:
        """find_variable: through namerefs."""
        return self.table.get(self.resolve(name))

    def __getitem__(self, name: str) -> str:
        target = self.resolve(name)
        if target == "RANDOM" and self.rng is not None:
            return self.rng.get()
        base, sub = split_subscript(target)
        var = self.table.get(base)
        value = None
        if var is not None and sub is not None:
            value = self.element(var, sub)
        elif var is not None:
            value = var.scalar()
        if value is None:
            raise KeyError(name)
        return value

    def element(self, var: ShellVar, sub: str) -> str | None:
        """An element by literal subscript (a nameref's "a[1]", test -v's): a
        decimal index or an associative key; [@] and [*] all of them, joined."""
        v = var.value
        if sub in ("@", "*") and not isinstance(v, AssocArray):  # (A[@] is key "@" to bash)
            values = v.values() if isinstance(v, IndexedArray) else [] if v is None else [v]
            return " ".join(values) if values else None
        if isinstance(v, AssocArray):
            return v.get(sub)
        try:
            i = int(sub)
        except ValueError:
            return None
        if isinstance(v, IndexedArray):
            return v.items.get(i)
        return v if i == 0 else None

    def __iter__(self) -> Iterator[str]:
        return iter([n for n, v in self.table.items() if v.scalar() is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    # -- assignment --------------------------------------------------------------------------
    def __setitem__(self, name: str, value: str) -> None:
        self.bind(name, value)

    def __delitem__(self, name: str) -> None:
        self.unbind(name)

    def bind(self, name: str, value: str, append: bool = False) -> ShellVar:
        """bind_variable: set a scalar (an array's element 0), through namerefs,
        obeying -r -i -l -u. Raises VarError for a readonly variable. FUNCNAME
        cannot be assigned (bash ignores it)."""
        ref = self.table.get(name)
        if ref is not None and ref.attrs & Attr.NAMEREF and ref.value is None:
            if not legal_identifier(split_subscript(value)[0]):  # it would name its target
                raise VarError(f"`{value}': not a valid identifier")
            ref.value, ref.attrs = value, ref.attrs & ~Attr.INVISIBLE
            return ref
        target = self.resolve(name)
        if target == "FUNCNAME":
            return self.table.get(target) or ShellVar(target, None)
        base, sub = split_subscript(target)
        if sub is not None:
            var = self.table.get(base)
            if var is not None and isinstance(var.value, AssocArray):
                return self.assign_element(base, sub, value, append)
            return self.assign_element(base, str(self.arith(sub)), value, append)
        var = self.table.get(target)
        if var is None:
            var = self.table[target] = ShellVar(target, None)
        self.check_writable(var)
        if target == "RANDOM" and self.rng is not None:  # assign_random
            self.rng.sbrand(seed_value(value))
        if isinstance(var.value, IndexedArray | AssocArray):
            return self.assign_element(target, "0", value, append)
        old = var.value or ""
        var.value = self.converted(var, value, old if append else None)
        var.attrs &= ~Attr.INVISIBLE
        return var

    def converted(self, var: ShellVar, value: str, old: str | None) -> str:
        """A value as the attributes make it: += appends (adds, for -i)."""
        if var.attrs & Attr.INTEGER:
            n = self.arith(value)
            if old is not None:
                n = _wrap(self.arith(old or "0") + n)
            return str(n)
        if old is not None:
            value = old + value
        if var.attrs & Attr.UPPERCASE:
            return value.upper()
        if var.attrs & Attr.LOWERCASE:
            return value.lower()
        if var.attrs & Attr.CAPCASE:
            return value[:1].upper() + value[1:].lower()
        return value

    @staticmethod
    def check_writable(var: ShellVar) -> None:
        if var.attrs & Attr.READONLY:
            raise VarError(f"{var.name}: readonly variable")

    def assign_element(self, name: str, key: str, value: str, append: bool = False) -> ShellVar:
        """a[key]=value (key: an index already evaluated, in decimal, or an
        associative key); a scalar becomes an array whose element 0 it was."""
        var = self.table.get(name)
        if var is None:
            var = self.table[name] = ShellVar(name, None, Attr.ARRAY)
        v = var.value
        i = 0 if isinstance(v, AssocArray) else int(key)
        if i < 0:
            i += (v.max_index() if isinstance(v, IndexedArray) else -1 if v is None else 0) + 1
            if i < 0:
                raise VarError(f"{name}[{key}]: bad array subscript")
        self.check_writable(var)
        var.attrs &= ~Attr.INVISIBLE
        if isinstance(v, AssocArray):
            v.set(key, self.converted(var, value, (v.get(key) or "") if append else None))
            return var
        arr = self.as_indexed(var)
        arr.items[i] = self.converted(var, value, arr.items.get(i, "") if append else None)
        return var

    def assign_array(self, name: str, values: list[str]) -> ShellVar:
        """name=(values...) with values already expanded: what `read -a` and
        `mapfile` assign. Raises VarError for a readonly variable or an
        associative array (bash: "cannot convert associative to indexed array")."""
        target, _ = split_subscript(self.resolve(name))
        var = self.table.get(target)
        if var is None:
            var = self.table[target] = ShellVar(target, None)
        self.check_writable(var)
        if isinstance(var.value, AssocArray):
            raise VarError(f"{target}: cannot convert associative to indexed array")
        var.value = IndexedArray({})
        var.attrs = (var.attrs | Attr.ARRAY) & ~Attr.INVISIBLE
        for i, value in enumerate(values):
            var.value.items[i] = self.converted(var, value, None)
        return var

    @staticmethod
    def as_indexed(var: ShellVar) -> IndexedArray:
        """convert_var_to_array: a scalar becomes element 0."""
        if not isinstance(var.value, IndexedArray):
            old = var.value
            var.value = IndexedArray({0: old} if isinstance(old, str) else {})
            var.attrs |= Attr.ARRAY  # declared without a value, it stays invisible
        return var.value

    @staticmethod
    def as_assoc(var: ShellVar) -> AssocArray:
        """convert_var_to_assoc: a scalar becomes key "0"."""
        if not isinstance(var.value, AssocArray):
            old = var.value
            var.value = AssocArray()
            if isinstance(old, str):
                var.value.set("0", old)
            var.attrs = (var.attrs | Attr.ASSOC) & ~Attr.ARRAY
        return var.value

    # -- unset -------------------------------------------------------------------------------
    def unbind(self, name: str, noref: bool = False) -> bool:
        """unbind_variable: False when there was no such variable. A local one stays
        local to its function (unset, but still shadowing the caller's)."""
        target = name if noref else self.resolve(name)
        var = self.table.get(target)
        if target == "RANDOM" and self.rng is not None and var is None:
            self.rng = None  # unset, it is an ordinary name from now on
            return True
        if target == "SECONDS" and self.seconds is not None:
            self.seconds = None
            if var is None:
                return True
        if var is None:
            return False
        if var.attrs & Attr.READONLY:
            raise VarError(f"{target}: cannot unset: readonly variable")
        if target == "RANDOM":  # unset, it is an ordinary name from now on
            self.rng = None
        if var.context and self.frames and target in self.frames[-1]:
            self.table[target] = ShellVar(target, None, Attr.LOCAL | Attr.INVISIBLE, var.context)
        else:
            del self.table[target]
        return True

    # -- function scopes ---------------------------------------------------------------------
    def push_context(self, funcname: str = "", main: bool = False) -> None:
        """A function starts: a frame for its locals, its name on top of FUNCNAME
        (a script's functions have "main" at the bottom)."""
        self.frames.append({})
        if funcname:
            self.funcnames.insert(0, funcname)
            self._set_funcname(main)

    def pop_context(self, main: bool = False) -> None:
        """The function returns: its locals go, the variables they shadowed return.
        An exported local's value is the caller's again, as in bash."""
        for name, old in reversed(list(self.frames.pop().items())):
            if old is None:
                self.table.pop(name, None)
            else:
                self.table[name] = old
        if self.funcnames:
            self.funcnames.pop(0)
            self._set_funcname(main)

    def _set_funcname(self, main: bool) -> None:
        if not self.funcnames:
            self.table.pop("FUNCNAME", None)
            return
        names = self.funcnames + (["main"] if main else [])
        arr = IndexedArray(dict(enumerate(names)))
        self.table["FUNCNAME"] = ShellVar("FUNCNAME", arr, Attr.ARRAY)

    def push_temp(self, assigns: dict[str, str]) -> dict[str, ShellVar | None]:
        """NAME=value before a function or builtin: exported variables for its
        duration (bash's temporary environment). Returns what pop_temp restores.
        Raises VarError for a readonly variable."""
        saved: dict[str, ShellVar | None] = {}
        if not assigns:
            return saved
        for name, value in assigns.items():
            old = self.table.get(name)
            if old is not None:
                self.check_writable(old)
            saved.setdefault(name, old)
            self.table[name] = ShellVar(name, value, Attr.EXPORTED | Attr.TEMPVAR)
        return saved

    def pop_temp(self, saved: dict[str, ShellVar | None]) -> None:
        """The temporary variables go, but for those export or declare marked to
        propagate (`foo= export foo`), which stay as they are now."""
        for name, old in saved.items():
            cur = self.table.get(name)
            if cur is not None and cur.attrs & Attr.PROPAGATE:
                cur.attrs &= ~(Attr.PROPAGATE | Attr.TEMPVAR)
                continue
            if old is None:
                self.table.pop(name, None)
            else:
                self.table[name] = old

    def make_local(self, name: str) -> ShellVar:
        """make_local_variable: a new variable in the running function's frame
        (the caller's stays saved); declared again, the same one."""
        frame = self.frames[-1]
        old = self.table.get(name)
        if name in frame and old is not None:
            return old
        if old is not None and old.attrs & Attr.READONLY:
            raise VarError(f"{name}: readonly variable")
        frame[name] = old
        keep = old.attrs & Attr.EXPORTED if old is not None else 0
        var = ShellVar(name, None, Attr.LOCAL | Attr.INVISIBLE | keep, len(self.frames))
        self.table[name] = var
        return var

    # -- export ------------------------------------------------------------------------------
    def exported_names(self) -> list[str]:
        return [n for n, v in self.table.items() if v.attrs & Attr.EXPORTED]

    def environ(self) -> dict[str, str]:
        """The environment a command gets: exported scalars (arrays are not
        exported, as in bash)."""
        env: dict[str, str] = {}
        for n, v in self.table.items():
            if v.attrs & Attr.EXPORTED and isinstance(v.value, str):
                env[n] = v.value
        return env


class ExportedView(MutableMapping[str, None]):
    """Shell.exported as it was before variables had attributes: the names with
    the export attribute (setting one exports it, even before it has a value)."""

    def __init__(self, store: VarStore) -> None:
        self.store = store

    def __getitem__(self, name: str) -> None:
        var = self.store.table.get(name)
        if var is None or not var.attrs & Attr.EXPORTED:
            raise KeyError(name)

    def __setitem__(self, name: str, _: None) -> None:
        var = self.store.table.get(name)
        if var is None:
            var = self.store.table[name] = ShellVar(name, None, Attr.INVISIBLE)
        var.attrs |= Attr.EXPORTED

    def __delitem__(self, name: str) -> None:
        var = self.store.table.get(name)
        if var is None or not var.attrs & Attr.EXPORTED:
            raise KeyError(name)
        var.attrs &= ~Attr.EXPORTED

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.exported_names())

    def __len__(self) -> int:
        return len(self.store.exported_names())


def split_subscript(name: str) -> tuple[str, str | None]:
    """ "a[sub]" -> ("a", "sub"); a plain name -> (name, None)."""
    if name.endswith("]"):
        i = name.find("[")
        if i > 0:
            return name[:i], name[i + 1 : -1]
    return name, None


def _wrap(n: int) -> int:
    n &= 0xFFFFFFFFFFFFFFFF
    return n - (1 << 64) if n >= 1 << 63 else n
