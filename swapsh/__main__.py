"""python -m swapsh."""

from swapsh.cli import entry

entry()
