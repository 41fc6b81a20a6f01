"""doc_events for Sales Order: one service call each.

Cancelling: Frappe checks back-links *after* ``on_cancel`` (frappe/model/document.py
run_post_save_methods: ``run_method("on_cancel")`` then ``check_no_back_links_exist()``,
and doc_events run inside run_method). ``check_if_doc_is_linked`` /
``check_if_doc_is_dynamically_linked`` (frappe/model/delete_doc.py) skip any doctype
listed in ``doc.ignore_linked_doctypes`` when the method is "Cancel"; ERPNext's
SalesOrder.on_cancel sets it to ("GL Entry", "Stock Ledger Entry", "Payment Ledger
Entry"). Warehouse Task refers to the order through a Dynamic Link, so the static
link check never sees it, but the dynamic-link check does; in v15 only *submitted*
linking documents block a cancel, and Warehouse Task / Pick Wave are not
submittable, so they would not block. Newer Frappe (develop) also counts drafts, so
``on_cancel`` appends the WMS doctypes to ``ignore_linked_doctypes`` (keeping the
tuple/list type ERPNext chose) to never block the order's cancel.
"""

from wms_module.services import allocation
from wms_module.services.outbound_settings import ON_SUBMIT, get_outbound_settings

WMS_LINKED_DOCTYPES = ("Warehouse Task", "Pick Wave", "Pick Wave Order")


def on_submit(doc, method=None):
	settings = get_outbound_settings()
	if settings.pick_task_creation == ON_SUBMIT:
		allocation.allocate_sales_order(sales_order=doc, settings=settings).notify()


def on_update_after_submit(doc, method=None):
	settings = get_outbound_settings()
	if settings.pick_task_creation == ON_SUBMIT or allocation.has_pick_tasks(doc.name):
		allocation.allocate_sales_order(sales_order=doc, settings=settings).notify()


def on_cancel(doc, method=None):
	ignore_wms_links(doc)
	allocation.release_sales_order(sales_order=doc)


def ignore_wms_links(doc) -> None:
	current = doc.get("ignore_linked_doctypes") or ()
	missing = [d for d in WMS_LINKED_DOCTYPES if d not in current]
	if isinstance(current, list):
		doc.ignore_linked_doctypes = current + missing
	else:
		doc.ignore_linked_doctypes = tuple(current) + tuple(missing)
