// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Warehouse Layout", {});
