// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

// What each state asks of the desk: Open waits for its inspection (orange), Awaiting Disposition
// holds rejected units in quarantine until they are returned, scrapped or reworked (red: the one to
// act on); Closed is done (green); Discontinued: the supplier's inspection was discontinued, the lot
// is not inspected until a manager resumes it (darkgrey: stopped, not to be worked); Cancelled grey.
const QC_CHECK_STATUS_COLOURS = {
	Open: "orange",
	"Awaiting Disposition": "red",
	Closed: "green",
	Discontinued: "darkgrey",
	Cancelled: "gray",
};

frappe.listview_settings["QC Check"] = {
	add_fields: ["status", "decision", "inspection_severity"],
	// opens on the work still to do; the indicator filters to one state, "x" on the filter shows all
	filters: [["status", "in", ["Open", "Awaiting Disposition"]]],
	get_indicator(doc) {
		// a filter link: clicking the indicator lists every check in that state
		return [__(doc.status), QC_CHECK_STATUS_COLOURS[doc.status] || "gray", "status,=," + doc.status];
	},
};
