// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Pick Accuracy"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -30),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "warehouse", label: __("Warehouse"), fieldtype: "Link", options: "Warehouse" },
		{
			fieldname: "view",
			label: __("Show"),
			fieldtype: "Select",
			options: ["Operators", "Blamed Picks"],
			default: "Operators",
		},
		{ fieldname: "operator", label: __("Operator"), fieldtype: "Link", options: "User" },
	],
	onload(report) {
		// drill-down: from the operators to the picks blamed (on the operator filtered, if any)
		report.page.add_inner_button(__("Show blamed picks"), () => {
			report.set_filter_value({ view: "Blamed Picks" });
		});
	},
};
