# benchless stand-in for frappe/geo/doctype/country/country.py (Frappe v15)
# Real Country.validate checks ``code`` with pycountry (ISO 3166 alpha-2); not modelled.

import frappe
from frappe.model.document import Document


class Country(Document):
	# NOTE: During installation country docs are bulk inserted (no validate).
	pass


def import_country_and_currency():
	"""What frappe/utils/install.py:after_install runs on a new site: one Country per entry of
	country_info.json, one Currency per distinct currency (named by its code), then the
	frequently used currencies enabled. Real Frappe bulk-inserts with ignore_duplicates; the
	stand-in inserts row by row with ``db_insert(ignore_if_duplicate=True)``, which the real
	test_country.py checks gives the same rows."""
	from frappe.geo.doctype.currency.currency import enable_default_currencies

	countries, currencies = get_countries_and_currencies()
	for doc in countries + currencies:
		doc.db_insert(ignore_if_duplicate=True)
	enable_default_currencies()


def get_countries_and_currencies():
	from frappe.geo.country_info import get_all as get_geo_data

	data = get_geo_data()

	countries = []
	currencies = []

	added_currencies = set()

	for name, country in data.items():
		country = frappe._dict(country)
		countries.append(
			frappe.get_doc(
				doctype="Country",
				name=name,
				country_name=name,
				code=country.code,
				date_format=country.date_format or "dd-mm-yyyy",
				time_format=country.time_format or "HH:mm:ss",
				time_zones="\n".join(country.timezones or []),
			)
		)
		if country.currency and country.currency not in added_currencies:
			added_currencies.add(country.currency)

			currencies.append(
				frappe.get_doc(
					doctype="Currency",
					name=country.currency,
					currency_name=country.currency,
					fraction=country.currency_fraction,
					symbol=country.currency_symbol,
					fraction_units=country.currency_fraction_units,
					smallest_currency_fraction_value=country.smallest_currency_fraction_value,
					number_format=country.number_format,
				)
			)

	return countries, currencies
