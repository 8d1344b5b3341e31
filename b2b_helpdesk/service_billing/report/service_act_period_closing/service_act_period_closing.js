// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.query_reports["Service Act Period Closing"] = {
	filters: [
		{
			fieldname: "day",
			label: __("Any Day of the Period"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -1),
		},
		{
			fieldname: "view",
			label: __("Show"),
			fieldtype: "Select",
			options: ["Contracts", "Unbilled Earlier Lines"].join("\n"),
			default: "Contracts",
		},
	],
	onload(report) {
		report.page.add_inner_button(__("Generate Acts for the Period"), () => {
			const day = report.get_filter_value("day");
			frappe
				.call("b2b_helpdesk.service_billing.acts_batch.enqueue_acts_for_period", { day })
				.then(() => frappe.show_alert({ message: __("Generating acts in the background"), indicator: "blue" }));
		});
	},
};
