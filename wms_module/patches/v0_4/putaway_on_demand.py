"""WMS Settings gained Create Putaway Tasks (default "On Receipt Submit"). A site that used the app
before it received stock into the receiving bin and moved it on by its own means: a migrate keeps
it that way ("On Demand": the Purchase Receipt's Putaway button makes the tasks) until a manager
chooses otherwise. A fresh install never runs this patch (Frappe marks an app's patches done when
it installs it: frappe/installer.py install_app -> set_all_patches_as_completed), so it gets the
default."""

import frappe


def execute():
	if (frappe.db.get_singles_dict("WMS Settings") or {}).get("putaway_task_creation"):
		return  # chosen already
	frappe.db.set_single_value("WMS Settings", "putaway_task_creation", "On Demand")
