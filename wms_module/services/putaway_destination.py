"""Where a Putaway task's units may go: the destination a scan names, whether it overrides the
suggested bin (and may), and whether the bin takes the units now.

The rules (``core.bins.check_put``: status, mix policy, quantity / volume / weight limits) are
checked over what the bin holds plus what other open Putaway tasks are bringing to it, so two
pallets suggested for one bin never both overfill it. ``services.putaway`` asks these before it
moves anything (the contents then read locked, under the destination's Storage Bin row lock), and
the handheld asks them through ``api.putaway.check_destination`` before confirming.
"""

from __future__ import annotations

from dataclasses import replace

import frappe
from frappe import _
from frappe.utils import flt

from wms_module import erp
from wms_module.core import errors as core_errors
from wms_module.core.bins import BinContent, Put, check_put
from wms_module.core.scan import ScanKind, classify_scan
from wms_module.core.tasks import ACTIVE, TaskType
from wms_module.exceptions import OverrideReasonMissingError, ScanMismatchError, WMSValidationError
from wms_module.services.qc import QC_HOLD_RULE
from wms_module.services.quarantine import QUARANTINE
from wms_module.services.rows import lock_row
from wms_module.services.storage import BIN_FIELDS, as_core_bin

PUTAWAY = TaskType.PUTAWAY.value
PUT_BIN_FIELDS = (*BIN_FIELDS, "barcode")
"""Storage Bin columns a putaway reads: the rules' (status, mix, limits) and the scan's (code, barcode)."""


def planned_bin(t) -> str | None:
	"""Where the task should go: its suggested bin (the engine's choice; for a staged pick's return
	the bin it came from), else its destination (a task made before suggestions existed)."""
	return t.suggested_bin or t.destination_bin


def bins_of(names) -> dict[str, frappe._dict]:
	"""Storage Bin rows by name (``PUT_BIN_FIELDS``). One query (none without names)."""
	names = sorted(set(filter(None, names)))
	if not names:
		return {}
	rows = frappe.get_all("Storage Bin", filters={"name": ["in", names]}, fields=list(PUT_BIN_FIELDS))
	return {r.name: r for r in rows}


def find_destination(t, bins: dict, scan: str) -> frappe._dict:
	"""The Storage Bin the destination scan names (its name, code or barcode), in the task's
	warehouse; none matching: refused naming the scan (and, for a misread barcode, why). No query
	when it is the planned bin, else one (two when it is a bin of another warehouse)."""
	found, problem = match_destination(t, bins, scan)
	if found is None:
		frappe.throw(problem, ScanMismatchError, title=_("Unknown destination"))
	return found


def match_destination(t, bins: dict, scan: str) -> tuple[frappe._dict | None, str | None]:
	"""(the bin, None) or (None, why not) for a destination scan (``find_destination``)."""
	value = (scan or "").strip()
	forms = {value.upper()}
	planned = bins.get(planned_bin(t))
	if planned and forms & {(planned.barcode or "").upper(), planned.bin_code.upper(), planned.name.upper()}:
		return planned, None
	rows = []
	if value:
		rows = frappe.get_all(
			"Storage Bin",
			or_filters=[
				["name", "=", value],
				["bin_code", "in", sorted({value, *forms})],
				["barcode", "in", sorted({value, *forms})],
			],
			fields=list(PUT_BIN_FIELDS),
			order_by="name asc",
		)
	here = [r for r in rows if r.warehouse == t.warehouse]
	if here:
		return here[0], None
	if rows:
		return None, _("Destination {0} is bin {1} of {2}; task {3} puts away in {4}").format(
			value, rows[0].bin_code, rows[0].warehouse, t.name, t.warehouse
		)
	message = _("Destination {0}: no Storage Bin of {1} has this code or barcode (task {2})").format(
		value or _("(empty)"), t.warehouse, t.name
	)
	unread = classify_scan(value).error_for(ScanKind.BIN) if value else None
	return None, f"{message}. {unread}" if unread else message


def lock_bin_row(name: str) -> frappe._dict:
	"""The Storage Bin row, locked (the first lock: see the module doc), as it is now."""
	return lock_row("Storage Bin", name, PUT_BIN_FIELDS)


def override_problem(t, bins: dict, target, reason: str | None) -> tuple[bool, str | None, type]:
	"""(is an override, why it cannot be one, the error to raise) for putting task ``t`` into
	``target``: the planned bin is no override; another bin must not be the source or the unlocated
	bin, and needs a reason (OverrideReasonMissingError without one)."""
	if target.name == planned_bin(t):
		return False, None, WMSValidationError
	if (t.get("putaway_rule") or "").startswith(QC_HOLD_RULE) and target.zone_type != QUARANTINE:
		return (
			True,
			_("Task {0} takes a lot on QC hold to quarantine: {1} is not a Quarantine bin").format(
				t.name, target.bin_code
			),
			WMSValidationError,
		)
	if target.name == t.source_bin:
		return (
			True,
			_("Destination {0} is the bin task {1} takes the stock from").format(target.bin_code, t.name),
			WMSValidationError,
		)
	if target.is_unlocated:
		return (
			True,
			_("Destination {0} is the unlocated bin of {1}; put the stock in a real bin").format(
				target.bin_code, t.warehouse
			),
			WMSValidationError,
		)
	if not (reason or "").strip():
		planned = bins.get(planned_bin(t))
		return (
			True,
			_(
				"Destination {0} is not the suggested bin {1} of task {2}: give a reason to put it elsewhere"
			).format(target.bin_code, planned.bin_code if planned else planned_bin(t), t.name),
			OverrideReasonMissingError,
		)
	return True, None, WMSValidationError


def check_override(t, bins: dict, target, reason: str | None) -> bool:
	"""Whether ``target`` overrides the suggested bin; refused when it cannot (``override_problem``)."""
	override, problem, exc = override_problem(t, bins, target, reason)
	if problem:
		title = _("Reason required") if exc is OverrideReasonMissingError else _("Not possible")
		frappe.throw(problem, exc, title=title)
	return override


def room_refusal(t, target, qty: float, *, lock: bool) -> core_errors.WmsError | None:
	"""Why ``target`` cannot take ``qty`` of the task's item now (None if it can): its status, its
	mix policy and its limits, over what it holds plus what other open Putaway tasks bring to it.
	Three queries (the contents locked with ``lock``)."""
	held = destination_contents(target.name, lock=lock)
	coming = incoming(target.name, exclude=t.name)
	units = erp.get_item_units([t.item_code, *(r.item_code for r in held), *(r.item_code for r in coming)])

	def content(item: str, batch: str | None, q: float) -> BinContent:
		u = units.get(item) or frappe._dict()
		return BinContent(
			item, batch or None, q, volume=q * flt(u.unit_volume), weight=q * flt(u.weight_per_unit)
		)

	contents = [content(r.item_code, r.batch_no, flt(r.qty)) for r in [*held, *coming]]
	mine = units.get(t.item_code) or frappe._dict()
	put = Put(t.item_code, t.batch_no or None, qty, flt(mine.unit_volume), flt(mine.weight_per_unit))
	try:
		check_put(replace(as_core_bin(target), code=target.bin_code), contents, put)  # the code on its label
	except core_errors.WmsError as e:
		return e
	return None


def destination_contents(storage_bin: str, *, lock: bool) -> list:
	"""What the bin holds, per item and batch (its Bin Stock rows; locked with ``lock``). One query."""
	return frappe.db.sql(
		"""select item_code, batch_no, on_hand_qty as qty from `tabBin Stock`
		where storage_bin=%s and on_hand_qty > 0 order by name {}""".format("for update" if lock else ""),
		(storage_bin,),
		as_dict=True,
	)


def incoming(storage_bin: str, *, exclude: str | None = None) -> list:
	"""What open Putaway tasks (other than ``exclude``) are bringing to the bin, per item and batch.
	One query (on the destination_bin index)."""
	return frappe.db.sql(
		"""select item_code, batch_no, sum(qty - picked_qty) as qty from `tabWarehouse Task`
		where destination_bin=%s and task_type=%s and status in %s and name != %s
		group by item_code, batch_no""",
		(storage_bin, PUTAWAY, tuple(s.value for s in ACTIVE), exclude or ""),
		as_dict=True,
	)
