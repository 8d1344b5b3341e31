// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.query_reports["Service Act Annex"] = {
	filters: [
		{ fieldname: "act", label: __("Service Act"), fieldtype: "Link", options: "Service Act", reqd: 1 },
	],
};
