// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.query_reports["Service KPIs"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Engineer", "Team", "Category", "Client"],
			default: "Engineer",
			reqd: 1,
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Link",
			options: "Service Ticket Category",
		},
	],
	// on target green, off target red: the row carries <kpi>_on_target from the targets in Service Desk Settings
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const verdict = data && data[`${column.fieldname}_on_target`];
		if (verdict === 1) return `<span style="color: var(--green-600); font-weight: 600">${value}</span>`;
		if (verdict === 0) return `<span style="color: var(--red-600); font-weight: 600">${value}</span>`;
		return value;
	},
};
