// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.query_reports["Third Party Hand-offs"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("Handed Over From"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.month_start(),
		},
		{
			fieldname: "to_date",
			label: __("Handed Over To"),
			fieldtype: "Date",
			reqd: 1,
			default: frappe.datetime.month_end(),
		},
		{ fieldname: "supplier", label: __("Third Party"), fieldtype: "Link", options: "Supplier" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "result" && data) {
			const colour = { Met: "green", Missed: "red", Pending: "orange" }[data.result];
			if (colour) value = `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
