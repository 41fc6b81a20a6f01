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

Hold / Close / Resume / Re-open: ``on_change``. What fires in v15 (files read: ERPNext
erpnext/selling/doctype/sales_order/sales_order.py and sales_order.js,
erpnext/controllers/status_updater.py; Frappe frappe/model/document.py, all version-15
copies): the form's buttons call the whitelisted module function
``erpnext.selling.doctype.sales_order.sales_order.update_status(status, name)`` with
status "On Hold" (Hold), "Closed" (Close) or "Draft" (Resume and Re-open); the list
view's bulk Close / Re-open, ``close_or_unclose_sales_orders(names, status)``, calls the
same ``SalesOrder.update_status(status)``. That method runs ``check_modified_date``,
``StatusUpdater.set_status(update=True, status=status)``, a credit-limit check on
re-open, ``update_reserved_qty``, ``notify_update`` and ``clear_doctype_notifications``:
no save, so no validate / on_update / on_update_after_submit and no other doc_event.
``set_status`` writes with ``db_set`` twice: first the requested status, then the status
its status_map derives (On Hold and Closed stay; "Draft" on a submitted order becomes
"To Deliver and Bill" / "To Bill" / ...). ``Document.db_set`` runs
``run_method("before_change")`` and, after the UPDATE, ``run_method("on_change")``, and
``run_method`` composes ``Document.hook``: the controller method, then the
``doc_events`` handlers of the doctype and of "*". So ``doc_events["Sales Order"]
["on_change"]`` fires twice per status change, with ``doc.status`` already the new value
(on re-open the first call still shows "Draft"), and ``get_doc_before_save()`` is the order
as it was in the database before the first ``db_set`` (``db_set`` loads it when unset).

Why on_change and not ``override_whitelisted_methods``: an override of ``update_status``
would only see the form's buttons, not the bulk list action nor any other code that
closes an order through ``update_status`` / ``set_status(update=True)``, and it would
replace ERPNext's function for every app. on_change sees every path and is the standard
hook. It also fires after every save, submit and cancel and after every other ``db_set``
of the order (per_delivered, per_picked, ...), so the handler does nothing, without a
query, unless the status moves into On Hold / Closed, or out of them; the status it acted
on is kept in ``doc.flags`` so the second ``db_set`` of the same change does nothing
either. What the WMS does then: services/order_status.py.
"""

from wms_module.services import allocation, order_status
from wms_module.services.managed import touches_managed_warehouse
from wms_module.services.outbound_settings import ON_SUBMIT, get_outbound_settings

WMS_LINKED_DOCTYPES = ("Warehouse Task", "Pick Wave", "Pick Wave Order")


def on_submit(doc, method=None):
	if not touches_managed_warehouse(doc):
		return  # an order of warehouses the WMS does not manage: ERPNext's alone
	settings = get_outbound_settings()
	if settings.pick_task_creation == ON_SUBMIT:
		allocation.allocate_sales_order(sales_order=doc, settings=settings).notify()


def on_update_after_submit(doc, method=None):
	if doc.status in order_status.STOPPED_STATUSES:
		return  # picked again on Resume / Re-open (on_change)
	if not touches_managed_warehouse(doc) and not allocation.has_pick_tasks(doc.name):
		return  # (a line moved out of a managed warehouse still has its tasks taken back)
	settings = get_outbound_settings()
	if settings.pick_task_creation == ON_SUBMIT or allocation.has_pick_tasks(doc.name):
		allocation.allocate_sales_order(sales_order=doc, settings=settings).notify()


def on_cancel(doc, method=None):
	ignore_wms_links(doc)
	allocation.release_sales_order(sales_order=doc)


STATUS_APPLIED = "wms_status_applied"
"""doc.flags key: the status the WMS last acted on for this document object."""


def on_change(doc, method=None):
	"""Hold / Close release the order's floor work; Resume / Re-open allocate it again."""
	if doc.docstatus != 1 or doc.status == "Draft":
		return  # not submitted, or set_status's first db_set of a Resume / Re-open
	applied = doc.flags.get(STATUS_APPLIED)
	if applied == doc.status:
		return
	before = doc.get_doc_before_save()
	was = applied or (before.status if before else None)
	if doc.status in order_status.STOPPED_STATUSES:
		doc.flags[STATUS_APPLIED] = doc.status
		order_status.stop_sales_order(sales_order=doc, status=doc.status).notify()
	elif was in order_status.STOPPED_STATUSES:
		doc.flags[STATUS_APPLIED] = doc.status
		order_status.resume_sales_order(sales_order=doc).notify()


def ignore_wms_links(doc) -> None:
	current = doc.get("ignore_linked_doctypes") or ()
	missing = [d for d in WMS_LINKED_DOCTYPES if d not in current]
	if isinstance(current, list):
		doc.ignore_linked_doctypes = current + missing
	else:
		doc.ignore_linked_doctypes = tuple(current) + tuple(missing)
