// Customer equipment: its service location is one of the owning customer's addresses.
frappe.ui.form.on("Asset", {
	setup(frm) {
		frm.set_query("b2b_service_location", () => ({
			query: "frappe.contacts.doctype.address.address.address_query",
			filters: { link_doctype: "Customer", link_name: frm.doc.customer },
		}));
	},
});
