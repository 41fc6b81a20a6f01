"""Directed putaway on the desk: the Purchase Receipt's Putaway button and progress, and the WMS
workspace's Inbound cards and chart (Custom Number Cards / Dashboard Chart Source methods, called
with the arguments Frappe's widgets pass, as in api/floor_cards.py)."""

import frappe
from frappe.utils import add_to_date, now_datetime

from wms_module.api.floor_cards import CARD_ROLES, OPEN_STATUSES
from wms_module.roles import WMS_MANAGER, WMS_ROLES, WMS_SUPERVISOR, require_roles
from wms_module.services import floor_cards, inbound_figures, putaway_planning
from wms_module.services.deadlocks import retry_on_deadlock


@frappe.whitelist(methods=["POST"])
@require_roles(WMS_MANAGER, WMS_SUPERVISOR, "Stock Manager", "Stock User")
@retry_on_deadlock
def create_putaway(purchase_receipt: str) -> dict:
	"""Putaway tasks for a submitted Purchase Receipt now (WMS Settings > Create Putaway Tasks = On
	Demand, or again after making room: its "no space" tasks are planned again). Idempotent:
	what its tasks already cover gets none. Returns the new task names and what found no space."""
	return putaway_planning.create_receipt_putaway(purchase_receipt)


@frappe.whitelist(methods=["GET"])
@require_roles(*WMS_ROLES, "Stock Manager", "Stock User")
def progress(purchase_receipt: str) -> dict:
	"""Units of the receipt put away / received, open, with no space, and the percentage."""
	return putaway_planning.putaway_progress(purchase_receipt)


@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def receipts_waiting(filters: str | dict | list | None = None) -> dict:
	"""Number Card "Receipts Waiting for Putaway": submitted receipts with open Putaway tasks."""
	return floor_cards.number(
		inbound_figures.receipts_waiting(),
		"Int",
		route=["List", "Warehouse Task"],
		route_options={"task_type": "Putaway", "status": ["in", OPEN_STATUSES]},
	)


@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def putaway_backlog_over_4_hours(filters: str | dict | list | None = None) -> dict:
	"""Number Card "Putaway Backlog Older Than 4 Hours": open Putaway tasks made over 4 hours ago."""
	cutoff = add_to_date(now_datetime(), hours=-inbound_figures.BACKLOG_CARD_HOURS)
	return floor_cards.number(
		inbound_figures.backlog_older_than(inbound_figures.BACKLOG_CARD_HOURS),
		"Int",
		route=["List", "Warehouse Task"],
		route_options={
			"task_type": "Putaway",
			"status": ["in", OPEN_STATUSES],
			"creation": ["<=", str(cutoff)],
		},
	)


# chart_widget.js passes these nine arguments, as to any Dashboard Chart Source's method
@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def putaway_backlog_by_age(
	chart_name: str | None = None,
	filters: str | dict | list | None = None,
	refresh: int | str | None = None,
	time_interval: str | None = None,
	timespan: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	heatmap_year: str | None = None,
	chart: str | dict | None = None,
) -> dict:
	"""Dashboard Chart "Putaway Backlog by Age": open Putaway tasks (and units) by age."""
	return inbound_figures.backlog_by_age()
