"""GNU coreutils 9.1 programs of the simulated machine, one module per program."""
