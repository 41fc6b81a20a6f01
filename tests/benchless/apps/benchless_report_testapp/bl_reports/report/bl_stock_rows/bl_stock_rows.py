"""Rows of BL Stock Row, optionally for one zone / one row. Old-style string columns and
list rows on purpose: the desk turns them into dicts."""

import frappe


def execute(filters=None):
	assert isinstance(filters, frappe._dict), type(filters)
	conditions, values = [], {}
	if filters.get("zone"):
		conditions.append("zone = %(zone)s")
		values["zone"] = filters.zone
	if filters.get("row"):
		conditions.append("name = %(row)s")
		values["row"] = filters.row
	where = f"where {' and '.join(conditions)}" if conditions else ""
	rows = frappe.db.sql(f"select item, zone, qty from `tabBL Stock Row` {where} order by item", values)
	columns = ["Item:Data:140", "Zone:Data:100", {"label": "Qty", "fieldname": "qty", "fieldtype": "Float"}]
	data = [list(r) for r in rows]
	chart = {
		"data": {"labels": [r[0] for r in rows], "datasets": [{"values": [r[2] for r in rows]}]},
		"type": "bar",
	}
	summary = [{"label": "Rows", "value": len(rows), "datatype": "Int"}]
	return columns, data, f"{len(rows)} rows", chart, summary
