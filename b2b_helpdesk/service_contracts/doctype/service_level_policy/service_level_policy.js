// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.ui.form.on("Service Level Policy", {
	setup(frm) {
		frappe.call("frappe.core.doctype.user.user.get_timezones").then(({ message }) => {
			frm.set_df_property("timezone", "options", message.timezones);
		});
	},
	onload(frm) {
		if (frm.is_new() && !frm.doc.timezone) {
			frm.set_value("timezone", frappe.boot.time_zone?.system || "");
		}
	},
});
