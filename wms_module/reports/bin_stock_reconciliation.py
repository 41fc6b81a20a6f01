"""Bin Stock Reconciliation: every (warehouse, item, batch) whose bins differ from ERPNext."""

from __future__ import annotations

from typing import TypedDict

import frappe
from frappe import _

from wms_module.reports.columns import column, stock_key_columns
from wms_module.services.reconciliation import find_drift


class Filters(TypedDict, total=False):
	warehouse: str


COLUMNS = [
	*stock_key_columns(),
	column(_("ERPNext Qty"), "erp_qty", "Float", 120),
	column(_("Qty in Bins"), "bin_qty", "Float", 120),
	column(_("Difference"), "difference", "Float", 120),
]


def execute(filters: Filters | None = None):
	filters = frappe._dict(filters or {})
	drift = find_drift(filters.get("warehouse"))
	data = [d.as_row() for d in drift]
	chart = {
		"data": {
			"labels": [f"{d.item_code} ({d.warehouse})" for d in drift[:20]],
			"datasets": [{"name": _("Difference"), "values": [d.difference for d in drift[:20]]}],
		},
		"type": "bar",
	}
	message = _("Bins agree with ERPNext") if not drift else _("{0} lines differ").format(len(drift))
	return COLUMNS, data, message, chart
