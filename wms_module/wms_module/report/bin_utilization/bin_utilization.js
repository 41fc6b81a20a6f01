// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Bin Utilization"] = {
	filters: [
		{ fieldname: "warehouse", label: __("Warehouse"), fieldtype: "Link", options: "Warehouse" },
		{ fieldname: "zone", label: __("Zone"), fieldtype: "Link", options: "Storage Zone" },
	],
};
