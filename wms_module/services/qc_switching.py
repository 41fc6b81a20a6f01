"""ISO 2859-1 switching state per (supplier, item), kept in WMS Inspection State.

``core.sampling`` decides (``next_state``); this module reads the states a receipt's lots need (one
query for any number of lines) and writes one lot's outcome under a row lock, so two inspectors
deciding lots of the same supplier and item one after the other both count, in the order they
commit. Only original inspection counts: a lot inspected again after rework (a resubmitted lot)
leaves the state alone, as the standard says.
"""

from __future__ import annotations

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from wms_module.core import sampling
from wms_module.core.qc_checks import SEVERITY_LABELS, SEVERITY_OF_LABEL
from wms_module.core.sampling import SwitchingState
from wms_module.exceptions import WMSValidationError, core_errors_as_validation
from wms_module.services.service_doors import SERVICE_FLAG

STATE = "WMS Inspection State"
STATE_FIELDS = (
	"name supplier item_code severity recent_on_normal accepted_in_a_row not_accepted_on_tightened "
	"switching_score lots_inspected lots_rejected"
).split()


def states_of(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], SwitchingState]:
	"""{(supplier, item): state} for ``pairs`` (normal inspection where none is stored). One query."""
	pairs = {p for p in pairs if p[0] and p[1]}
	if not pairs:
		return {}
	rows = frappe.get_all(
		STATE,
		filters={
			"item_code": ["in", sorted({p[1] for p in pairs})],
			"supplier": ["in", sorted({p[0] for p in pairs})],
		},
		fields=STATE_FIELDS,
	)
	stored = {(r.supplier, r.item_code): as_state(r) for r in rows}
	return {p: stored.get(p, sampling.START) for p in pairs}


def severity_of(supplier: str, item_code: str) -> str:
	"""The severity one (supplier, item) is on now (``states_of`` of one pair)."""
	return states_of([(supplier, item_code)]).get((supplier, item_code), sampling.START).severity


def record_lot(supplier: str, item_code: str, lot: sampling.Lot, check: str) -> SwitchingState:
	"""The state after one more lot on original inspection, written (row locked first)."""
	row = _locked(supplier, item_code)
	with core_errors_as_validation():
		after = sampling.next_state(as_state(row) if row else sampling.START, lot)
	values = as_values(after)
	values.update(
		lots_inspected=cint(row.lots_inspected if row else 0) + 1,
		lots_rejected=cint(row.lots_rejected if row else 0) + (0 if lot.accepted else 1),
		last_check=check,
		last_decided_on=now_datetime(),
	)
	_write(row, supplier, item_code, values)
	return after


def resume(supplier: str, item_code: str) -> SwitchingState:
	"""Resume a discontinued inspection (the supplier has acted): it restarts on tightened."""
	row = _locked(supplier, item_code)
	if not row or row.severity != SEVERITY_LABELS[sampling.DISCONTINUED]:
		frappe.throw(
			_(
				"Inspection of {0} from {1} is {2}, not discontinued; only a discontinued inspection is resumed"
			).format(
				item_code,
				supplier,
				(row.severity if row else SEVERITY_LABELS[sampling.NORMAL_SEVERITY]).lower(),
			),
			WMSValidationError,
		)
	with core_errors_as_validation():
		after = sampling.resume(as_state(row))
	_write(row, supplier, item_code, as_values(after))
	return after


def as_state(row) -> SwitchingState:
	return SwitchingState(
		severity=SEVERITY_OF_LABEL.get(row.severity, sampling.NORMAL_SEVERITY),
		recent_on_normal=tuple(c == "A" for c in (row.recent_on_normal or "")),
		accepted_in_a_row=cint(row.accepted_in_a_row),
		not_accepted_on_tightened=cint(row.not_accepted_on_tightened),
		switching_score=cint(row.switching_score),
	)


def as_values(state: SwitchingState) -> dict:
	return {
		"severity": SEVERITY_LABELS[state.severity],
		"recent_on_normal": "".join("A" if a else "R" for a in state.recent_on_normal),
		"accepted_in_a_row": state.accepted_in_a_row,
		"not_accepted_on_tightened": state.not_accepted_on_tightened,
		"switching_score": state.switching_score,
	}


def _locked(supplier: str, item_code: str):
	# on the (supplier, item_code) unique index: a pair without a row yet is gap-locked, so two
	# first lots of a pair serialize too (the second waits, then finds the first's row)
	rows = frappe.db.sql(
		"select {} from `tab{}` where supplier=%s and item_code=%s for update".format(
			", ".join(f"`{f}`" for f in STATE_FIELDS), STATE
		),
		(supplier, item_code),
		as_dict=True,
	)
	return rows[0] if rows else None


def _write(row, supplier: str, item_code: str, values: dict) -> None:
	doc = frappe.get_doc(STATE, row.name) if row else frappe.new_doc(STATE)
	if not row:
		doc.update({"supplier": supplier, "item_code": item_code})
	doc.update(values)
	doc.flags[SERVICE_FLAG] = True
	doc.save(ignore_permissions=True)
