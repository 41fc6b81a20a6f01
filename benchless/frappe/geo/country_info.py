# benchless stand-in for frappe/geo/country_info.py (Frappe v15)
# country_info.json here is a four-country subset of frappe/geo/country_info.json (same keys,
# same values; the real file lists every country, and only some timezones are kept for the US).

import json
import os


def get_all():
	"""{country name: {code, currency, currency_fraction, ..., timezones}} as in the real file."""
	with open(os.path.join(os.path.dirname(__file__), "country_info.json")) as local_info:
		return json.loads(local_info.read())
