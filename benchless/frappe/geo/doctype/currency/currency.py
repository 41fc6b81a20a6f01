# benchless stand-in for frappe/geo/doctype/currency/currency.py (Frappe v15)

import frappe
from frappe.model.document import Document

DEFAULT_ENABLED_CURRENCIES = ("INR", "USD", "GBP", "EUR", "AED", "AUD", "JPY", "CNY", "CHF")


class Currency(Document):
	# NOTE: During installation currency docs are bulk inserted (no validate).
	pass


def enable_default_currencies():
	frappe.db.set_value("Currency", {"name": ("in", DEFAULT_ENABLED_CURRENCIES)}, "enabled", 1)
