frappe.query_reports["BL Stock Rows"] = {
	filters: [{ fieldname: "zone", label: "Zone", fieldtype: "Data" }],
};
