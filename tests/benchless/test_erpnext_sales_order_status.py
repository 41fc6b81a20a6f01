"""Hold / Close / Resume / Re-open of a Sales Order in the ERPNext stand-in, as in v15.

erpnext/selling/doctype/sales_order/sales_order.py: the whitelisted module function
``update_status(status, name)`` and the list's ``close_or_unclose_sales_orders(names,
status)`` call ``SalesOrder.update_status`` -> ``check_modified_date`` ->
``StatusUpdater.set_status(update=True, status=...)`` (erpnext/controllers/status_updater.py),
which ``db_set``s the requested status, then the status its status_map derives; no save.
frappe/model/document.py ``db_set`` runs ``before_change`` and ``on_change`` through
``run_method`` (controller, then doc_events). The tests record the doc_events a status
change fires, with the status each one sees.
"""

import json

import pytest

from tests import factories as f
from tests.benchless import erpnext_fixtures
from tests.benchless.erpnext_fixtures import bin_qty

erp_site_info = erpnext_fixtures.erp_site_info  # pytest fixtures
erp = erpnext_fixtures.erp

RECORDER = "erpnext.recorded_doc_event"
EVENTS = (
	"before_validate",
	"validate",
	"on_update",
	"before_update_after_submit",
	"on_update_after_submit",
	"before_change",
	"on_change",
)


@pytest.fixture
def fired(erp, monkeypatch):
	"""Sales Order doc_events fired, as (event, status, status before) tuples."""
	frappe = erp
	calls = []

	def record(doc, method):
		before = doc.get_doc_before_save()
		calls.append((method, doc.status, before.status if before else None))

	real_get_attr = frappe.get_attr
	monkeypatch.setattr(frappe, "get_attr", lambda path: record if path == RECORDER else real_get_attr(path))
	hooks = dict(frappe.get_doc_hooks())
	hooks["Sales Order"] = {event: [RECORDER] for event in EVENTS}
	monkeypatch.setattr(frappe.local, "doc_events_hooks", hooks)
	return calls


def _order(lines=((5, 10),)):
	wh = f.make_warehouse()
	items = []
	for qty, stock in lines:
		item = f.make_item()
		f.receive_stock(item, wh, stock)
		items.append({"item_code": item, "qty": qty, "warehouse": wh})
	return f.make_sales_order(items=items), wh


def test_hold_fires_on_change_twice_and_nothing_a_save_would(erp, fired):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import update_status

	so, wh = _order()
	fired.clear()
	update_status("On Hold", so.name)

	assert fired == [
		("before_change", "On Hold", "To Deliver and Bill"),
		("on_change", "On Hold", "To Deliver and Bill"),
		("before_change", "On Hold", "To Deliver and Bill"),
		("on_change", "On Hold", "To Deliver and Bill"),
	]
	assert frappe.db.get_value("Sales Order", so.name, "status") == "On Hold"
	assert bin_qty(frappe, so.items[0].item_code, wh, "reserved_qty") == 0  # held orders reserve nothing


def test_resume_fires_draft_first_then_the_derived_status(erp, fired):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import update_status

	so, wh = _order()
	update_status("On Hold", so.name)
	fired.clear()
	update_status("Draft", so.name)  # the form's Resume and Re-open buttons send "Draft"

	assert [(e, s) for e, s, _ in fired] == [
		("before_change", "Draft"),
		("on_change", "Draft"),
		("before_change", "To Deliver and Bill"),
		("on_change", "To Deliver and Bill"),
	]
	assert {b for _, _, b in fired} == {"On Hold"}  # the order as it was before the first db_set
	assert frappe.db.get_value("Sales Order", so.name, "status") == "To Deliver and Bill"
	assert bin_qty(frappe, so.items[0].item_code, wh, "reserved_qty") == 5


def test_close_and_reopen_from_the_list_fire_the_same_events(erp, fired):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import close_or_unclose_sales_orders

	so, _ = _order()
	other, _ = _order()
	fired.clear()
	close_or_unclose_sales_orders(json.dumps([so.name, other.name]), "Closed")
	assert [s for e, s, _ in fired if e == "on_change"] == ["Closed"] * 4
	assert frappe.db.get_value("Sales Order", so.name, "status") == "Closed"

	fired.clear()
	close_or_unclose_sales_orders(json.dumps([so.name]), "Closed")  # already Closed: nothing
	assert fired == []

	close_or_unclose_sales_orders(json.dumps([so.name]), "Re-open")  # any other status re-opens
	assert [s for e, s, _ in fired if e == "on_change"] == ["Draft", "To Deliver and Bill"]


def test_a_status_change_on_a_stale_copy_is_refused(erp):
	frappe = erp
	so, _ = _order()
	stale = frappe.get_doc("Sales Order", so.name)
	frappe.get_doc("Sales Order", so.name).update_status("On Hold")
	with pytest.raises(frappe.ValidationError, match="has been modified"):
		stale.update_status("Closed")
	assert frappe.db.get_value("Sales Order", so.name, "status") == "On Hold"


def test_a_reopened_order_can_be_cancelled_a_closed_one_cannot(erp):
	frappe = erp
	from erpnext.selling.doctype.sales_order.sales_order import update_status

	so, _ = _order()
	update_status("Closed", so.name)
	update_status("Draft", so.name)
	frappe.get_doc("Sales Order", so.name).cancel()
	assert frappe.db.get_value("Sales Order", so.name, "status") == "Cancelled"

	closed, _ = _order()
	update_status("Closed", closed.name)
	with pytest.raises(frappe.ValidationError, match="Unclose to cancel"):
		frappe.get_doc("Sales Order", closed.name).cancel()
