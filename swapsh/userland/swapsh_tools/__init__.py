"""swapsh's own programs on the machine (no Linux package ships them)."""
