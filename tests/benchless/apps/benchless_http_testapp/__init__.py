"""A tiny Frappe app used only by tests/benchless/test_http_*.py: whitelisted methods,
a doctype, www pages and public assets for the HTTP side of the benchless stand-in."""

__version__ = "0.0.1"
