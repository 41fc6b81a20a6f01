// The "Putaway Backlog by Age" Dashboard Chart's source: Frappe's chart widget evaluates this file
// (dashboard_chart_source.get_config) and calls the method with the chart's arguments.
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Putaway Backlog by Age"] = {
	method: "wms_module.api.putaway_planning.putaway_backlog_by_age",
	filters: [],
};
