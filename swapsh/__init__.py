"""swapsh: a shell on a simulated Linux 2.6.25 machine with the 2008 swap namespaces patch."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
