"""Seed the demo on a real site: the apps' before_tests hooks first (on a new site ERPNext's completes
the setup wizard, without which no Company can be made), then wms_module.demo.seed.seed, committed.
Run from the bench's sites/ folder: ../env/bin/python seed_demo.py SITE"""

import sys

import frappe

frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
try:
	frappe.set_user("Administrator")
	if not frappe.db.a_row_exists("Company"):
		for hook in frappe.get_hooks("before_tests"):
			frappe.get_attr(hook)()
	from wms_module.demo.seed import seed

	summary = seed()
	frappe.db.commit()
	print(
		{
			k: v
			for k, v in summary.items()
			if k in ("company", "warehouse", "storage_bins", "sales_orders", "wave")
		}
	)
finally:
	frappe.destroy()
