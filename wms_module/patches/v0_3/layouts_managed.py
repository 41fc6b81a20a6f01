"""Warehouse Layout gained "Managed by the WMS" (is_active, default off). Before it, every
warehouse with a layout was managed and its stock already in its bins: keep them managed,
without an adoption (there is nothing to adopt), by setting the column directly."""

import frappe


def execute():
	frappe.db.sql("update `tabWarehouse Layout` set is_active = 1")
