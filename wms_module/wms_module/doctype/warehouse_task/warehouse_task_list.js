// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

const TASK_STATUS_COLOURS = {
	Open: "red",
	Assigned: "blue",
	"In Progress": "orange",
	"Awaiting Approval": "purple",
	Done: "green",
	Cancelled: "gray",
	Exception: "red",
};

frappe.listview_settings["Warehouse Task"] = {
	add_fields: ["status", "task_type"],
	get_indicator(doc) {
		// a filter link: clicking the indicator lists every task in that status
		return [__(doc.status), TASK_STATUS_COLOURS[doc.status] || "gray", "status,=," + doc.status];
	},
	onload(listview) {
		listview.page.add_inner_button(__("Counts Awaiting Approval"), () => {
			listview.filter_area.clear(false).then(() =>
				listview.filter_area.add([
					["Warehouse Task", "task_type", "=", "Count"],
					["Warehouse Task", "status", "=", "Awaiting Approval"],
				])
			);
		});
	},
};
