# benchless stand-in for erpnext/accounts/doctype/shipping_rule/shipping_rule.py (ERPNext v15)
# The shipping method a Sales Order names (Sales Order.shipping_rule); ERPNext's charge
# calculation (conditions, countries, account, cost center) is accounting and not modelled.

from frappe.model.document import Document


class ShippingRule(Document):
	pass
