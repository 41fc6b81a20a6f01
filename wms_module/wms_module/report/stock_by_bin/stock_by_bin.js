// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.query_reports["Stock by Bin"] = {
	filters: [
		{ fieldname: "warehouse", label: __("Warehouse"), fieldtype: "Link", options: "Warehouse" },
		{ fieldname: "zone", label: __("Zone"), fieldtype: "Link", options: "Storage Zone" },
		{ fieldname: "item_code", label: __("Item"), fieldtype: "Link", options: "Item" },
		{ fieldname: "batch_no", label: __("Batch"), fieldtype: "Link", options: "Batch" },
		{ fieldname: "storage_bin", label: __("Storage Bin"), fieldtype: "Link", options: "Storage Bin" },
	],
};
