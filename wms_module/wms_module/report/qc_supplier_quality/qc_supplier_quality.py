# Copyright (c) 2026, wms_module developers and contributors
# For license information, please see license.txt

from wms_module.reports.qc_supplier_quality import execute  # noqa: F401  (Frappe calls <report>.execute(filters))
