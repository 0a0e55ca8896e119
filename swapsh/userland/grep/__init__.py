"""GNU grep 3.8."""
