// Copyright (c) 2026, wms_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Warehouse Layout", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Generate Bins"), () => generate_bins_dialog(frm));
		if (frm.doc.is_active) show_go_live(frm);
	},
});

function plan_go_live_count(frm) {
	// one blind sweep per bin, for the operators' handhelds; by zone or aisle, or the whole warehouse
	const d = new frappe.ui.Dialog({
		title: __("Plan Go-Live Count for {0}", [frm.doc.warehouse]),
		fields: [
			{
				fieldname: "zone",
				label: __("Zone"),
				fieldtype: "Link",
				options: "Storage Zone",
				get_query: () => ({ filters: { warehouse: frm.doc.warehouse } }),
			},
			{ fieldname: "aisle", label: __("Aisle"), fieldtype: "Data" },
		],
		primary_action_label: __("Plan"),
		primary_action(values) {
			frappe
				.call({
					method: "wms_module.api.going_live.plan_count",
					type: "POST",
					args: { warehouse: frm.doc.warehouse, zone: values.zone, aisle: values.aisle },
				})
				.then((r) => {
					d.hide();
					frappe.show_alert({
						message: __("{0} bins to count ({1} already open)", [r.message.created, r.message.already_open]),
						indicator: "green",
					});
					frm.reload_doc();
				});
		},
	});
	d.show();
}

// Going live (wms_module.api.going_live): what the unlocated bin still holds since the stock was
// adopted, and the open orders submitted before the warehouse was managed, allocated in bulk.
function show_go_live(frm) {
	frappe.call({
		method: "wms_module.api.going_live.status",
		type: "GET",
		args: { warehouse: frm.doc.warehouse },
	}).then((r) => {
		const s = r.message || {};
		if (s.unlocated_units) {
			frm.dashboard.set_headline(
				__("{0} units on {1} lines are still in the unlocated bin; go-live count: {2} bins counted, {3} to count.", [
					s.unlocated_units,
					s.unlocated_lines,
					s.bins_counted,
					s.bins_to_count,
				])
			);
		}
		frm.add_custom_button(__("Plan Go-Live Count"), () => plan_go_live_count(frm));
		if (!s.open_orders) return;
		frm.add_custom_button(__("Allocate {0} Open Sales Orders", [s.open_orders]), () =>
			frappe
				.call({
					method: "wms_module.api.going_live.allocate_open_orders",
					type: "POST",
					args: { warehouse: frm.doc.warehouse },
					freeze: true,
				})
				.then((res) =>
					frappe.show_alert({
						message: __("{0} orders are being allocated in the background", [res.message.queued_orders]),
						indicator: "green",
					})
				)
		);
	});
}

// The one door for bin generation is the REST API (wms_module.api.bins: roles checked there);
// the dialog calls it for this layout.
function bins_api(frm, method, args, type = "POST") {
	return frappe.call({ method: "wms_module.api.bins." + method, type, args: { layout: frm.doc.name, ...args } });
}

function generate_bins_dialog(frm) {
	const last_aisle = String.fromCharCode("A".charCodeAt(0) + Math.max(0, (frm.doc.n_aisles || 1) - 1));
	const range_args = (values) => ({
		aisle_from: values.aisle_from,
		aisle_to: values.aisle_to,
		bay_from: values.bay_from,
		bay_to: values.bay_to,
		level_from: values.level_from,
		level_to: values.level_to,
		positions: values.positions || 0,
	});
	const show_preview = (d, r) => {
		const p = r.message;
		d.fields_dict.preview.$wrapper.html(
			`<p>${frappe.utils.escape_html(p.summary)}</p>` +
				(p.sample.length
					? `<p class="text-muted small">${p.sample.map(frappe.utils.escape_html).join(", ")}</p>`
					: "")
		);
	};
	const d = new frappe.ui.Dialog({
		title: __("Generate Bins for {0}", [frm.doc.warehouse]),
		fields: [
			{
				fieldname: "zone",
				label: __("Zone"),
				fieldtype: "Link",
				options: "Storage Zone",
				reqd: 1,
				get_query: () => ({ filters: { warehouse: frm.doc.warehouse } }),
			},
			{ fieldname: "bin_type", label: __("Bin Type"), fieldtype: "Select", default: "Shelf",
				options: ["Shelf", "Pallet Rack", "Floor", "Flow Rack", "Staging Lane", "Dock", "Virtual"].join("\n") },
			{ fieldtype: "Section Break", label: __("Range") },
			{ fieldname: "aisle_from", label: __("Aisle From"), fieldtype: "Data", default: "A", reqd: 1 },
			{ fieldname: "bay_from", label: __("Bay From"), fieldtype: "Int", default: 1, reqd: 1 },
			{ fieldname: "level_from", label: __("Level From"), fieldtype: "Int", default: 1, reqd: 1 },
			{ fieldtype: "Column Break" },
			{ fieldname: "aisle_to", label: __("Aisle To"), fieldtype: "Data", default: last_aisle, reqd: 1 },
			{ fieldname: "bay_to", label: __("Bay To"), fieldtype: "Int", default: frm.doc.bays_per_aisle || 1, reqd: 1 },
			{ fieldname: "level_to", label: __("Level To"), fieldtype: "Int", default: 1, reqd: 1 },
			{ fieldname: "positions", label: __("Positions per Level"), fieldtype: "Int", default: 0,
				description: __("0: no position in the code") },
			{ fieldtype: "Section Break", label: __("Capacity (0 = no limit)") },
			{ fieldname: "max_qty", label: __("Max Qty"), fieldtype: "Float", default: 0 },
			{ fieldtype: "Column Break" },
			{ fieldname: "max_volume", label: __("Max Volume"), fieldtype: "Float", default: 0 },
			{ fieldtype: "Column Break" },
			{ fieldname: "max_weight", label: __("Max Weight"), fieldtype: "Float", default: 0 },
			{ fieldtype: "Section Break" },
			{ fieldname: "preview", fieldtype: "HTML" },
		],
		secondary_action_label: __("Preview"),
		secondary_action() {
			bins_api(frm, "preview_bins", range_args(d.get_values(true)), "GET").then((r) => show_preview(d, r));
		},
		primary_action_label: __("Create Bins"),
		primary_action(values) {
			bins_api(frm, "preview_bins", range_args(values), "GET").then((r) => {
				show_preview(d, r);
				if (!r.message.to_create) {
					frappe.msgprint(__("Nothing to create: every bin of this range exists already."));
					return;
				}
				frappe.confirm(__("Create {0} bins?", [r.message.to_create]), () => {
					bins_api(frm, "generate_bins", {
						...range_args(values),
						zone: values.zone,
						bin_type: values.bin_type,
						max_qty: values.max_qty || 0,
						max_volume: values.max_volume || 0,
						max_weight: values.max_weight || 0,
					}).then((res) => {
						d.hide();
						frappe.show_alert({
							message: __("{0} bins created, {1} existed already", [res.message.created, res.message.existing]),
							indicator: "green",
						});
					});
				});
			});
		},
	});
	d.show();
}
