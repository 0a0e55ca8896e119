"""python -m swapsh."""

import sys

from swapsh.cli import main

sys.exit(main())
