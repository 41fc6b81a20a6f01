// The "Lines Picked per Hour (today)" Dashboard Chart's source: Frappe's chart widget evaluates this
// file (dashboard_chart_source.get_config) and calls the method with the chart's arguments.
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Lines Picked per Hour"] = {
	method: "wms_module.api.floor_cards.lines_picked_per_hour",
	filters: [],
};
