// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Bin Stock Reconciliation"] = {
	filters: [
		{ fieldname: "warehouse", label: __("Warehouse"), fieldtype: "Link", options: "Warehouse" },
	],
	onload(report) {
		report.page.add_inner_button(__("Repair through Unlocated Bins"), () => {
			frappe.confirm(__("Post every difference to the warehouse's unlocated bin?"), () => {
				frappe.call({
					method: "wms_module.api.reconciliation.repair",
					args: { warehouse: report.get_filter_value("warehouse") || null },
					callback: () => report.refresh(),
				});
			});
		});
	},
};
