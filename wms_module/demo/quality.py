"""The demo's QC: a Quarantine zone, WMS QC Plans for two items, and a received lot waiting in
quarantine for its inspection, so the handheld's QC screen has work from the first login (and receiving the demo
delivery's duct tape makes another). Idempotent like the rest of the seed."""

import frappe

from wms_module.demo import floor

QUARANTINE_ZONE = ("QUA", "Quarantine", 9)
QUARANTINE_BINS = ("QUA-01", "QUA-02")
PLANS = [
	# plan name, item, level, AQL, check list
	("Demo: Cordless Drill", "WMS-DEMO-005", "II", "1.0", ("Housing", "Runs", "Charger")),
	("Demo: Duct Tape", "WMS-DEMO-010", "II", "2.5", ("Width", "Adhesion")),
]
LOT_REMARK = "WMS demo lot in quarantine to inspect"
LOT = ("WMS-DEMO-005", 60)


def quality(company, supplier, warehouse, new_receipt, receipt_with_remark):
	"""Zone, bins, plans, and the lot to inspect (a submitted receipt, made once); returns the QC
	Checks waiting. ``new_receipt`` / ``receipt_with_remark``: the seed's receipt helpers."""
	zone = floor._zone(warehouse, *QUARANTINE_ZONE)
	for code in QUARANTINE_BINS:
		floor._bin(warehouse, code, zone, "Pallet Rack")
	for name, item, level, aql, checks in PLANS:
		if not frappe.db.exists("WMS QC Plan", name):
			frappe.get_doc(
				{
					"doctype": "WMS QC Plan",
					"plan_name": name,
					"applies_to": "Item",
					"item_code": item,
					"inspection_level": level,
					"aql": aql,
					"characteristics": [{"characteristic": c} for c in checks],
				}
			).insert(ignore_permissions=True)
	receipt = receipt_with_remark(company, LOT_REMARK, docstatus=1)
	if not receipt:
		item, qty = LOT
		row = {"item_code": item, "qty": qty, "received_qty": qty, "rate": 80, "warehouse": warehouse}
		receipt = new_receipt(company, supplier, LOT_REMARK, [row])
		receipt.submit()
		receipt = receipt.name
	_to_quarantine(receipt)  # again on a rerun: a lot still on the dock goes on to quarantine
	return frappe.get_all("QC Check", filters={"warehouse": warehouse, "status": "Open"}, pluck="name")


def _to_quarantine(receipt):
	"""Plan the lot's putaway (whatever WMS Settings say: a site may plan On Demand) and confirm its
	hold tasks (dock -> the quarantine bin chosen), as an operator would."""
	from wms_module.services.putaway import ConfirmPutaway, confirm_putaway
	from wms_module.services.putaway_planning import create_receipt_putaway

	create_receipt_putaway(receipt)  # idempotent: a line already planned gets no second task
	for t in frappe.get_all(
		"Warehouse Task",
		filters={"reference_doctype": "Purchase Receipt", "reference_name": receipt, "status": "Open"},
		fields=["name", "source_bin", "item_code", "qty", "destination_bin"],
	):
		confirm_putaway(ConfirmPutaway(t.name, t.source_bin, t.item_code, t.qty, t.destination_bin))
