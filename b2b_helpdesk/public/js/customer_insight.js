// Customer form: open the client at a glance (insight/client_overview.py)
frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Client Overview"), () => {
			frappe.route_options = { customer: frm.doc.name };
			frappe.set_route("client-overview");
		});
	},
});
