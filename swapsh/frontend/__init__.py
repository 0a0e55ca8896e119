"""Front-ends: the terminal side of the machine's consoles."""
