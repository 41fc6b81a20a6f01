"""Where the stand-in once differed from a real Frappe v15 / ERPNext v15 site, pinned.

Each test here is marked ``real_behaviour``: it runs against the stand-in and, in site mode,
against the real site, so the pin itself is checked against the real thing
(benchless/README.md keeps the table of differences found and the real source of each).
"""

from __future__ import annotations

import frappe
import pytest

from tests.factories import unique

pytestmark = pytest.mark.real_behaviour


def _user(*roles: str) -> frappe.model.document.Document:
	user = frappe.get_doc(
		{"doctype": "User", "email": f"{unique('u').lower()}@diff.example", "first_name": "Diff"}
	)
	for role in roles:
		user.append("roles", {"role": role})
	return user.insert(ignore_permissions=True)


def _role(desk_access: int) -> str:
	return (
		frappe.get_doc({"doctype": "Role", "role_name": unique("Role"), "desk_access": desk_access})
		.insert(ignore_permissions=True)
		.name
	)


def test_user_type_follows_the_desk_access_of_the_roles():
	"""frappe/core/doctype/user/user.py: set_system_user (validate): System User when any role
	has desk access, else Website User, whatever user_type was sent."""
	assert _user(_role(0)).user_type == "Website User"
	assert _user(_role(0), _role(1)).user_type == "System User"
	assert _user().user_type == "Website User"
	website = _user(_role(0))
	website.append("roles", {"role": _role(1)})
	website.save(ignore_permissions=True)
	assert website.user_type == "System User"


def _stock_site():
	from tests.factories import make_company, make_warehouse

	return make_warehouse(company=make_company())


def _ledger(item: str) -> list[tuple]:
	return [
		(r.voucher_type, r.actual_qty, r.qty_after_transaction, r.is_cancelled)
		for r in frappe.get_all(
			"Stock Ledger Entry",
			filters={"item_code": item},
			fields=["voucher_type", "actual_qty", "qty_after_transaction", "is_cancelled"],
			order_by="creation asc",
		)
	]


def test_a_stock_reconciliation_sets_the_balance_with_actual_qty_zero():
	"""erpnext/stock/doctype/stock_reconciliation/stock_reconciliation.py: get_sle_for_items writes a
	non-batch row's entry with actual_qty 0 and the count in qty_after_transaction; the Bin follows."""
	from tests.app.storage_setup import make_stock_reconciliation
	from tests.factories import make_item, receive_stock

	warehouse, item = _stock_site(), make_item()
	receive_stock(item, warehouse, 10)
	make_stock_reconciliation(item, warehouse, 7)
	assert _ledger(item) == [("Purchase Receipt", 10, 10, 0), ("Stock Reconciliation", 0, 7, 0)]
	assert frappe.db.get_value("Bin", {"item_code": item, "warehouse": warehouse}, "actual_qty") == 7


@pytest.mark.parametrize("counted", [7, 15])
def test_cancelling_a_receipt_before_a_count_keeps_the_counted_balance(counted):
	"""erpnext/stock/stock_ledger.py: a cancel marks the voucher's entries cancelled, writes its
	reversal (cancelled too) and reposts; the later count still sets the balance, so the Bin stays
	at the count, and a count below the receipt does not make the cancel "negative stock"."""
	from tests.app.storage_setup import make_stock_reconciliation
	from tests.factories import make_item, receive_stock

	warehouse, item = _stock_site(), make_item()
	receipt = receive_stock(item, warehouse, 10)
	make_stock_reconciliation(item, warehouse, counted)
	receipt.reload()
	receipt.cancel()
	assert frappe.db.get_value("Bin", {"item_code": item, "warehouse": warehouse}, "actual_qty") == counted
	live = [row for row in _ledger(item) if not row[3]]
	assert live == [("Stock Reconciliation", 0, counted, 0)]


def test_a_batch_item_keeps_its_batches_in_serial_and_batch_bundles():
	"""v15 (erpnext/stock/serial_batch_bundle.py): a batch item's ledger entry names a Serial and
	Batch Bundle whose entries carry batch and signed qty. Reading ERPNext's batch balances through
	the app's seam gives the same figures either way."""
	from tests.factories import make_batch, make_delivery_note, make_item, receive_stock
	from wms_module import erp

	warehouse, item = _stock_site(), make_item(has_batch_no=1)
	b1, b2 = make_batch(item), make_batch(item)
	receive_stock(item, warehouse, 5, batch_no=b1)
	receive_stock(item, warehouse, 4, batch_no=b2)
	make_delivery_note(
		items=[{"item_code": item, "qty": 2, "warehouse": warehouse, "batch_no": b1, "rate": 5}]
	)
	assert erp.get_actual_qty_by_batch([warehouse], [item]) == {
		(warehouse, item, b1): 3,
		(warehouse, item, b2): 4,
	}


def test_a_sales_return_without_return_against_cannot_be_submitted():
	"""erpnext/stock/doctype/delivery_note/delivery_note.py: a return's status_updater updates
	per_returned through ``percent_join_field_parent: return_against``; with none,
	controllers/status_updater.py _update_percent_field calls frappe.get_doc("Delivery Note", None)
	and the submit fails, before any stock is posted."""
	from tests.factories import make_delivery_note, make_item, receive_stock

	warehouse, item = _stock_site(), make_item()
	receive_stock(item, warehouse, 5)
	row = {"item_code": item, "qty": -1, "warehouse": warehouse, "rate": 5}
	sales_return = make_delivery_note(items=[row], is_return=1, submit=False)
	with pytest.raises(frappe.DoesNotExistError):
		sales_return.submit()
	assert frappe.db.get_value("Bin", {"item_code": item, "warehouse": warehouse}, "actual_qty") == 5


def test_a_batch_document_submitted_with_ignore_permissions_still_needs_a_stock_role():
	"""erpnext/controllers/stock_controller.py make_bundle_using_old_serial_batch_fields (on submit)
	-> stock/serial_batch_bundle.py make_serial_and_batch_bundle: the Serial and Batch Bundle is
	saved without ignore_permissions, so a user with none of its roles (Stock User, Delivery User,
	...) cannot submit a batch row even when the voucher carries ignore_permissions. As the system
	(wms_module.erp.submit_on_behalf) it goes through."""
	from tests import factories
	from wms_module import erp

	warehouse, item = _stock_site(), factories.make_item(has_batch_no=1)
	batch = factories.make_batch(item)
	factories.receive_stock(item, warehouse, 5, batch_no=batch)
	row = {"item_code": item, "qty": 1, "warehouse": warehouse, "batch_no": batch, "rate": 5}
	notes = [
		factories.make_delivery_note(items=[{**row, "use_serial_batch_fields": 1}], submit=False)
		for _ in "ab"
	]
	frappe.set_user(_user(_role(1)).name)
	try:
		notes[0].reload()
		notes[0].flags.ignore_permissions = True
		with pytest.raises(frappe.PermissionError):
			notes[0].submit()
		notes[1].reload()
		erp.submit_on_behalf(notes[1])
	finally:
		frappe.set_user("Administrator")
	assert frappe.db.get_value("Bin", {"item_code": item, "warehouse": warehouse}, "actual_qty") == 4


@pytest.mark.parametrize("micro", ["000000", "002294"])
def test_a_second_save_of_a_document_saved_on_a_whole_second_is_a_timestamp_mismatch(micro):
	"""frappe/model/document.py check_if_latest compares cstr(modified read back) with the modified the
	document object kept from its last save, a string from frappe.utils.now() ("...35.000000").
	MariaDB hands a datetime back, and str() of a datetime on a whole second drops the microseconds
	("...35"): so a document object saved twice fails its second save with TimestampMismatchError
	when its first save fell on a whole second (one save in a million). This is Frappe's own
	comparison (the flaky Hypothesis failure seen once in CI); the stand-in does the same."""
	from tests.factories import unique

	doc = frappe.get_doc({"doctype": "UOM", "uom_name": unique("UOM")}).insert(ignore_permissions=True)
	stamp = f"2026-01-01 10:00:00.{micro}"
	frappe.db.set_value("UOM", doc.name, "modified", stamp, update_modified=False)
	doc.modified = stamp  # what the object holds after a save at that instant
	doc.must_be_whole_number = 1
	if micro == "000000":
		with pytest.raises(frappe.TimestampMismatchError, match=r"\(2026-01-01 10:00:00, "):
			doc.save(ignore_permissions=True)
	else:
		doc.save(ignore_permissions=True)


def test_a_user_beyond_the_hourly_creation_limit_is_throttled():
	"""frappe/core/doctype/user/user.py: throttle_user_creation (before_insert) refuses a new User
	when more than ``throttle_user_limit`` (site config, default 60) were made in the last hour."""
	_user()
	made = frappe.db.get_creation_count("User", 60)
	limit = frappe.local.conf.get("throttle_user_limit")
	frappe.local.conf["throttle_user_limit"] = made - 1
	try:
		with pytest.raises(frappe.ValidationError, match="Throttled"):
			_user()
		frappe.local.conf["throttle_user_limit"] = made
		assert _user().name
	finally:
		if limit is None:
			frappe.local.conf.pop("throttle_user_limit", None)
		else:
			frappe.local.conf["throttle_user_limit"] = limit


def test_a_value_with_a_nul_character_is_just_a_value():
	"""MariaDB takes a NUL inside a string (pymysql escapes it); a name lookup with one finds nothing
	and a selected value comes back whole. The stand-in answered a NUL in a filter with a server
	error (SQLite refuses query text with a NUL), which the API fuzz test found."""
	assert frappe.get_all("Storage Bin", filters={"name": ["in", ["\x00", "a\x00b"]]}) == []
	assert frappe.db.sql("select %s", ("a\x00b",))[0][0] == "a\x00b"
	assert not frappe.db.exists("Item", "x\x00y")


def test_user_permissions_filter_lists_and_documents_on_their_link_fields():
	"""frappe/model/db_query.py: build_match_conditions → add_user_permissions filters a list on the
	doctype's own name and on each Link field to an allowed doctype without
	``ignore_user_permissions`` (an empty link passes: apply_strict_user_permissions is off);
	frappe/permissions.py: get_doc_permissions → has_user_permission refuses a document whose
	Link field holds another value. ``applicable_for`` limits a permission to one doctype.
	The stand-in ignored User Permissions."""
	from tests.app.storage_setup import make_zone
	from tests.factories import make_warehouse

	wa, wb, wc = make_warehouse(), make_warehouse(), make_warehouse()
	za, zb, zc = (make_zone(w, unique("Z"), "Reserve") for w in (wa, wb, wc))
	log = "WMS Labor Log"
	rows = {}
	for key, warehouse, zone in (("a", wa, za), ("b", wb, zb), ("c", wc, zc), ("empty", None, zb)):
		rows[key] = (
			frappe.get_doc(
				{
					"doctype": log,
					"operator": "Administrator",
					"activity": "Cleaning",
					"started_on": frappe.utils.now_datetime(),
					"warehouse": warehouse,
					"zone": zone,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	supervisor = _user("WMS Supervisor").name
	frappe.permissions.add_user_permission("Warehouse", wa, supervisor, ignore_permissions=True)
	frappe.permissions.add_user_permission(
		"Warehouse", wc, supervisor, applicable_for="Storage Zone", ignore_permissions=True
	)
	frappe.permissions.add_user_permission("Storage Zone", za, supervisor, ignore_permissions=True)
	mine = {"name": ["in", list(rows.values())]}
	previous = frappe.session.user
	frappe.set_user(supervisor)
	try:
		# Warehouse on the log: A only (C is for Storage Zone only), the empty one passes;
		# the zone field ignores user permissions, so the zone-B rows are not dropped for it
		assert set(frappe.get_list(log, filters=mine, pluck="name")) == {rows["a"], rows["empty"]}
		assert frappe.has_permission(log, "read", doc=frappe.get_doc(log, rows["a"])) is True
		assert frappe.has_permission(log, "read", doc=frappe.get_doc(log, rows["empty"])) is True
		assert frappe.has_permission(log, "read", doc=frappe.get_doc(log, rows["b"])) is False
		assert frappe.has_permission(log, "read", doc=frappe.get_doc(log, rows["c"])) is False
		# Storage Zone: its own name (D == L) and its warehouse (A, or C applicable for it)
		zones = {"name": ["in", [za, zb, zc]]}
		assert frappe.get_list("Storage Zone", filters=zones, pluck="name") == [za]
		assert frappe.has_permission("Storage Zone", "read", doc=frappe.get_doc("Storage Zone", zb)) is False
	finally:
		frappe.set_user(previous)
	# through the documents: deleting one clears the user's cached permissions (a raw delete would
	# leave Frappe answering from its cache)
	for name in frappe.get_all("User Permission", filters={"user": supervisor}, pluck="name"):
		frappe.delete_doc("User Permission", name, ignore_permissions=True)
	frappe.permissions.add_user_permission(
		"Warehouse", wc, supervisor, applicable_for="Storage Zone", ignore_permissions=True
	)
	frappe.set_user(supervisor)
	try:
		# only a permission applicable for Storage Zone: the log is not filtered, the zones are
		assert set(frappe.get_list(log, filters=mine, pluck="name")) == set(rows.values())
		assert frappe.get_list("Storage Zone", filters=zones, pluck="name") == [zc]
	finally:
		frappe.set_user(previous)


def test_every_time_field_of_a_new_document_is_the_current_time_whatever_its_default():
	"""frappe/model/create_new.py set_dynamic_default_values (v15) sets each Time field of a new
	document to nowtime(), outside the check for a default: WMS Settings' shift, defaults 06:00 and
	14:00, comes out of frappe.new_doc as the current time (and installer.init_singles saves it so
	on a fresh site). The stand-in gave Time fields their static default."""
	doc = frappe.new_doc("WMS Settings")
	start, end = str(doc.labor_shift_start), str(doc.labor_shift_end)
	assert start not in ("06:00:00", "") and end not in ("14:00:00", "")
	now = frappe.utils.get_time(frappe.utils.nowtime())
	got = frappe.utils.get_time(start)
	assert (
		abs(
			(now.hour * 3600 + now.minute * 60 + now.second)
			- (got.hour * 3600 + got.minute * 60 + got.second)
		)
		<= 2
	)
