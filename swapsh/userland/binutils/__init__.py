"""GNU binutils 2.40 programs: strings."""
