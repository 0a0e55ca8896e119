"""LTP (April 2008): the test library (tst_res) and the swap tests, installed under
/opt/ltp/testcases/bin as LTP's `make install` put them."""
