// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.listview_settings["Storage Bin"] = {
	onload(listview) {
		listview.page.add_actions_menu_item(__("Print Labels (ZPL)"), () => {
			const names = listview.get_checked_items(true);
			if (!names.length) {
				frappe.msgprint(__("Select the storage bins to print labels for."));
				return;
			}
			const args = new URLSearchParams({ storage_bins: JSON.stringify(names) });
			window.open(`/api/method/wms_module.api.labels.bin_labels_zpl?${args}`);
		});
	},
};
