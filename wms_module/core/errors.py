"""The core layer's exception tree.

Core code raises these; the Frappe layer (services/api) translates them into
``frappe.ValidationError`` subclasses with ``frappe.throw``. Every message names
the offending input and what was expected, so it can be shown to an operator
as it is.
"""

from __future__ import annotations


class WmsError(Exception):
	"""Base of every error raised by ``wms_module.core``."""


class InvalidInput(WmsError, ValueError):
	"""An argument has the wrong shape or value (names the argument)."""


class CapacityExceeded(WmsError):
	"""A move or receipt would put more into a storage bin than it holds."""


class MixPolicyViolation(WmsError):
	"""A bin's single-item / single-batch rule forbids the move."""


class InsufficientStock(WmsError):
	"""More was asked for than is on hand (or available) in a bin."""


class BinNotUsable(WmsError):
	"""The bin is blocked or being counted."""


class ScanMismatch(WmsError):
	"""A scan does not match what the task expects (wrong bin, item or batch)."""
