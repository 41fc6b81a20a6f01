// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

// ISO 2859-1 switching state: Reduced is earned by a good record (green), Normal is the default
// (blue), Tightened follows rejected lots (orange), Discontinued stops inspection until a manager
// resumes it and the supplier has acted (red).
const INSPECTION_SEVERITY_COLOURS = {
	Normal: "blue",
	Tightened: "orange",
	Reduced: "green",
	Discontinued: "red",
};

frappe.listview_settings["WMS Inspection State"] = {
	add_fields: ["severity"],
	get_indicator(doc) {
		const severity = doc.severity || "Normal";
		return [
			__(severity),
			INSPECTION_SEVERITY_COLOURS[severity] || "gray",
			"severity,=," + severity,
		];
	},
};
