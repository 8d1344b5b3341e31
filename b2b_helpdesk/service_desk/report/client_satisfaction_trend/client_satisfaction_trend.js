// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.query_reports["Client Satisfaction Trend"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "change" && data && data.change < 0) return `<span style="color: var(--red-600)">${value}</span>`;
		if (column.fieldname === "low" && data && data.low > 0) return `<span style="color: var(--red-600)">${value}</span>`;
		return value;
	},
};
