// Customer equipment: its service location is one of the owning customer's addresses, and the
// company-asset parts of the form (value chart, depreciation, finance books, insurance) are hidden:
// the machine belongs to the client, not to us.
const B2B_COMPANY_ASSET_PARTS = [
	"calculate_depreciation",
	"opening_accumulated_depreciation",
	"opening_number_of_booked_depreciations",
	"is_fully_depreciated",
	"finance_books",
	"depreciation_method",
	"value_after_depreciation",
	"total_number_of_depreciations",
	"frequency_of_depreciation",
	"next_depreciation_date",
	"depreciation_schedule_view",
	"section_break_23",
	"section_break_33",
	"section_break_36",
	"depreciation_schedule_sb",
	"insurance_details",
	"accounting_dimensions_section",
];
// connections that only a company's own asset has
const B2B_COMPANY_ASSET_LINKS = [
	"Asset Value Adjustment",
	"Asset Depreciation Schedule",
	"Journal Entry",
	"Asset Capitalization",
];

frappe.ui.form.on("Asset", {
	setup(frm) {
		frm.set_query("b2b_service_location", () => ({
			query: "frappe.contacts.doctype.address.address.address_query",
			filters: { link_doctype: "Customer", link_name: frm.doc.customer },
		}));
	},
	refresh(frm) {
		b2b_customer_equipment_view(frm);
	},
	customer(frm) {
		b2b_customer_equipment_view(frm);
	},
});

function b2b_customer_equipment_view(frm) {
	const theirs = !!frm.doc.customer;
	frm.page.wrapper.toggleClass("b2b-customer-equipment", theirs);
	B2B_COMPANY_ASSET_PARTS.forEach((field) => {
		if (frm.fields_dict[field]) frm.toggle_display(field, !theirs);
	});
	$(frm.dashboard.transactions_area)
		.find(".document-link")
		.each(function () {
			if (B2B_COMPANY_ASSET_LINKS.includes($(this).attr("data-doctype"))) {
				$(this).closest(".col-md-4").toggle(!theirs);
			}
		});
	if (theirs) frm.set_intro(__("Customer equipment: serviced by us, owned by {0}.", [frm.doc.customer]), "blue");
}

// the asset value chart is drawn after an asynchronous load: hidden by a style, not after the fact
frappe.dom.set_style(`.b2b-customer-equipment .form-graph { display: none !important; }`, "b2b-customer-equipment");

// ERPNext draws that chart of a submitted asset through a document method (get_manual_depreciation_entries),
// which Frappe lets only users who may submit an Asset call: a dispatcher or engineer reading a client's
// machine got "Not permitted". A customer's machine has no value to chart: its chart is not drawn at all.
(frappe.ui.form.handlers.Asset?.setup_chart_and_depr_schedule_view || []).forEach((draw, i, handlers) => {
	handlers[i] = (frm, ...rest) => (frm.doc.customer ? undefined : draw(frm, ...rest));
});
