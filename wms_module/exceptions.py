"""The app's Frappe-side exception tree.

Core raises ``wms_module.core.errors.WmsError`` subclasses; services translate
them into these ``frappe.ValidationError`` subclasses (HTTP 417 over REST, with
``exc_type`` naming the class so a handheld can react to the kind of failure).
"""

from __future__ import annotations

import contextlib

import frappe

from wms_module.core import errors as core_errors


class WMSValidationError(frappe.ValidationError):
	pass


class InsufficientBinStockError(WMSValidationError):
	pass


class BinCapacityError(WMSValidationError):
	pass


class BinMixPolicyError(WMSValidationError):
	pass


class BinNotUsableError(WMSValidationError):
	pass


class ScanMismatchError(WMSValidationError):
	pass


class TaskNotAvailableError(WMSValidationError):
	"""The task is finished, cancelled, or not of the kind the request works on."""


class TaskAssignedToOtherError(frappe.PermissionError):
	"""The task is assigned to another operator (HTTP 403)."""


class CountNotAvailableError(WMSValidationError):
	"""The Count task is not waiting for what the request does (counted, approved, recounted)."""


class WaveError(WMSValidationError):
	"""A Pick Wave cannot be filled, planned or released as asked."""


class NoWarehouseLayoutError(WMSValidationError):
	"""The warehouse has no Warehouse Layout (or no staging bin), so the WMS cannot pick from it."""


class OrderNotOpenError(WMSValidationError):
	"""The Sales Order is on hold or closed."""


class LabelError(frappe.ValidationError):
	"""A label cannot be made from the input (unknown bin/item/batch, bad value)."""


class IdempotencyKeyConflictError(frappe.DuplicateEntryError):
	"""An idempotency key sent again with other arguments, to another endpoint or by another user
	(HTTP 409): the key belongs to another request, so nothing is done or replayed."""


_TRANSLATION = {
	core_errors.InsufficientStock: InsufficientBinStockError,
	core_errors.CapacityExceeded: BinCapacityError,
	core_errors.MixPolicyViolation: BinMixPolicyError,
	core_errors.BinNotUsable: BinNotUsableError,
	core_errors.ScanMismatch: ScanMismatchError,
}


@contextlib.contextmanager
def core_errors_as_validation():
	"""Re-raise a core error as the matching ValidationError through ``frappe.throw``.

	The core message already names the input and what was expected, so it is shown as is.
	"""
	try:
		yield
	except core_errors.WmsError as e:
		exc = next((v for k, v in _TRANSLATION.items() if isinstance(e, k)), WMSValidationError)
		frappe.throw(str(e), exc=exc, title=frappe._("Not possible"))


class OverrideReasonMissingError(WMSValidationError):
	"""A Putaway task confirmed into another bin than its suggested one without a reason."""
