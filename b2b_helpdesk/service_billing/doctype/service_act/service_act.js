// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

frappe.ui.form.on("Service Act", {
	refresh(frm) {
		const status = frm.doc.act_status;
		if (frm.doc.docstatus === 1 && ["Submitted", "Disputed"].includes(status)) {
			frm.add_custom_button(__("Signed on Paper"), () => record_paper_acceptance(frm));
		}
		if (frm.doc.docstatus === 1 && status === "Accepted" && !frm.doc.sales_invoice) {
			frm.add_custom_button(__("Sales Invoice"), () =>
				frappe
					.call("b2b_helpdesk.service_billing.act_lifecycle.make_sales_invoice", { act: frm.doc.name })
					.then((r) => frappe.set_route("Form", "Sales Invoice", r.message)),
				__("Create")
			);
		}
		const colours = { Draft: "red", Submitted: "blue", Accepted: "green", Disputed: "orange", Invoiced: "green", Cancelled: "gray" };
		frm.page.set_indicator(__(status), colours[status] || "gray");
	},
});

function record_paper_acceptance(frm) {
	frappe.prompt(
		[
			{
				fieldname: "contact",
				fieldtype: "Link",
				options: "Contact",
				label: __("Signed by"),
				reqd: 1,
				get_query: () => ({
					query: "frappe.contacts.doctype.contact.contact.contact_query",
					filters: { link_doctype: "Customer", link_name: frm.doc.customer },
				}),
			},
			{ fieldname: "signed_scan", fieldtype: "Attach", label: __("Scan of the Signed Act"), reqd: 1 },
		],
		(values) =>
			frappe
				.call("b2b_helpdesk.service_billing.act_lifecycle.record_paper_acceptance", { act: frm.doc.name, ...values })
				.then(() => frm.reload_doc()),
		__("Act Signed on Paper"),
		__("Record")
	);
}
