"""frappe/monitor.py (v15), the part reports call: ``add_data_to_monitor`` adds key-value
pairs to the request's monitor log when ``conf.monitor`` started one. The stand-in never
starts a monitor (no ``frappe.local.monitor``), so the call does nothing, as on a site
without ``monitor`` in site_config."""

import frappe


def add_data_to_monitor(**kwargs) -> None:
	"""Add additional custom key-value pairs along with monitor log.
	Note: Key-value pairs should be simple JSON exportable types."""
	if hasattr(frappe.local, "monitor"):
		frappe.local.monitor.add_custom_data(**kwargs)
