"""The WMS workspace's floor cards and chart: Frappe v15 "Custom" Number Cards call these methods with
``filters`` (number_card_widget.js), and the "Lines Picked per Hour" Dashboard Chart Source calls
``lines_picked_per_hour`` with the chart's arguments (chart_widget.js). Each figure has its own fixed
window, so those arguments are accepted and not used; see ``services.floor_cards``."""

import frappe
from frappe.utils import add_to_date, now_datetime

from wms_module.roles import WMS_ROLES, require_roles
from wms_module.services import floor_cards

CARD_ROLES = (*WMS_ROLES, "Stock User", "Stock Manager")
OPEN_STATUSES = ["Open", "Assigned", "In Progress"]


@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def lines_picked_last_hour(filters: str | dict | list | None = None) -> dict:
	"""Number Card "Lines Picked (last hour)": Pick lines finished in the last 60 minutes."""
	return floor_cards.number(floor_cards.lines_picked_last_hour(), "Int")


@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def open_tasks_older_than_1_hour(filters: str | dict | list | None = None) -> dict:
	"""Number Card "Open Tasks Older Than 1 Hour": tasks on the floor created over an hour ago."""
	cutoff = add_to_date(now_datetime(), hours=-1)
	return floor_cards.number(
		floor_cards.open_tasks_older_than(60),
		"Int",
		route=["List", "Warehouse Task"],
		route_options={"status": ["in", OPEN_STATUSES], "creation": ["<=", str(cutoff)]},
	)


@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def count_accuracy_30_days(filters: str | dict | list | None = None) -> dict:
	"""Number Card "Count Accuracy (30 days)": % of the counts posted in 30 days that found the books."""
	figure = floor_cards.count_accuracy(30)
	return {**floor_cards.number(figure["percent"] or 0, "Percent"), **figure}


# chart_widget.js passes these nine arguments, as to any Dashboard Chart Source's method
@frappe.whitelist(methods=["GET", "POST"])
@require_roles(*CARD_ROLES)
def lines_picked_per_hour(
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
	"""Dashboard Chart "Lines Picked per Hour (today)": lines finished in each hour of today."""
	return floor_cards.lines_picked_per_hour()
