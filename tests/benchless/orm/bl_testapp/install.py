import frappe

INSTALL_LOG = []


def after_install():
	INSTALL_LOG.append(frappe.local.site)
	frappe.get_doc({"doctype": "BL Customer", "customer_name": "Installed Customer"}).insert()
