// Service contract section of the ERP's Contract: pick only the customer's own equipment and addresses.
frappe.ui.form.on("Contract", {
	setup(frm) {
		frm.set_query("asset", "b2b_covered_assets", () => ({
			filters: { asset_owner: "Customer", customer: frm.doc.party_name, docstatus: ["!=", 2] },
		}));
		frm.set_query("address", "b2b_covered_locations", () => ({
			query: "frappe.contacts.doctype.address.address.address_query",
			filters: { link_doctype: "Customer", link_name: frm.doc.party_name },
		}));
	},
});
