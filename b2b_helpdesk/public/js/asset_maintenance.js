// A preventive maintenance plan on a customer's equipment: warn when planned visits are not covered.
frappe.ui.form.on("Asset Maintenance", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Generate Planned Tickets"), () =>
			frappe
				.call("b2b_helpdesk.field_service.planned_maintenance.generate_now")
				.then(() => frappe.show_alert(__("Planned tickets are being generated")))
		);
		frm.add_custom_button(__("Maintenance Calendar"), () =>
			frappe.set_route("List", "Service Ticket", "Calendar", "Default", {
				maintenance_plan: frm.doc.name,
			})
		);
		frappe
			.call("b2b_helpdesk.field_service.planned_maintenance.plan_warnings", { plan: frm.doc.name })
			.then(({ message }) => {
				if (!message || !message.length) return;
				const visits = message.map((row) => row.name).join(", ");
				frm.dashboard.set_headline_alert(
					__("Planned visits on uncovered equipment: {0} ({1})", [visits, __(message[0].coverage)]),
					"red"
				);
			});
	},
});
