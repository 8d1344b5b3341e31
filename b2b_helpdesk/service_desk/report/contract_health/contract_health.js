// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.query_reports["Contract Health"] = {
	filters: [
		{ fieldname: "days", label: __("Ending Within (days)"), fieldtype: "Int", default: 90 },
		{ fieldname: "as_of", label: __("As Of"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "verdict" && data) {
			const colour = { Healthy: "green", Watch: "orange", "At Risk": "red" }[data.verdict_key || data.verdict];
			if (colour) return `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
