// Service contract section of the ERP's Contract: pick only the customer's own equipment and
// addresses; show the live allowance and the billing preview of a period.
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

	refresh(frm) {
		if (frm.doc.docstatus !== 1 || !frm.doc.b2b_billing_plan) return;
		frm.add_custom_button(__("Billing Preview"), () => b2b_billing_preview(frm), __("Service"));
		frm.add_custom_button(
			__("Act of Completed Work"),
			() =>
				frappe.prompt(
					{ fieldname: "day", fieldtype: "Date", label: __("Any Day of the Period"), reqd: 1 },
					({ day }) =>
						frappe
							.call("b2b_helpdesk.service_billing.acts.make_act", { contract: frm.doc.name, day })
							.then((r) => frappe.set_route("Form", "Service Act", r.message)),
					__("Make Act"),
					__("Make")
				),
			__("Service")
		);
		b2b_load_preview(frm).then((preview) => {
			if (!preview.allowance) return;
			const colour = preview.warning ? "orange" : "green";
			frm.dashboard.set_headline_alert(
				`<span class="indicator ${colour}">${__("Allowance {0} to {1}: {2} of {3} {4} used", [
					frappe.datetime.str_to_user(preview.from_date),
					frappe.datetime.str_to_user(preview.to_date),
					format_number(preview.allowance_used, null, 2),
					format_number(preview.allowance, null, 2),
					__(preview.unit).toLowerCase(),
				])}</span> ${preview.warning ? frappe.utils.escape_html(preview.warning) : ""}`
			);
		});
	},
});

function b2b_load_preview(frm, day) {
	return frappe
		.call("b2b_helpdesk.service_billing.statement.get_billing_preview", { contract: frm.doc.name, day })
		.then((r) => r.message);
}

function b2b_billing_preview(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Billing Preview"),
		size: "extra-large",
		fields: [
			{
				fieldname: "day",
				fieldtype: "Date",
				label: __("Any Day of the Period"),
				default: frappe.datetime.get_today(),
				change: () => render(),
			},
			{ fieldname: "body", fieldtype: "HTML" },
		],
	});
	const render = () =>
		b2b_load_preview(frm, dialog.get_value("day")).then((p) => {
			const money = (v) => format_currency(v, p.currency);
			const rows = p.lines
				.map(
					(l) => `<tr><td>${__(l.kind)}</td><td>${frappe.utils.escape_html(l.ticket || "")}</td>
					<td>${frappe.utils.escape_html(l.description)}</td>
					<td class="text-right">${format_number(l.qty, null, 2)} ${__(l.uom)}</td>
					<td class="text-right">${money(l.rate)}</td><td class="text-right">${money(l.amount)}</td></tr>`
				)
				.join("");
			dialog.fields_dict.body.$wrapper.html(`
				<p>${__("Period {0} to {1}, plan {2}", [
					frappe.datetime.str_to_user(p.from_date),
					frappe.datetime.str_to_user(p.to_date),
					p.plan,
				])}</p>
				<p>${__("Allowance: {0} used, {1} left of {2}; overage {3}", [
					format_number(p.allowance_used, null, 2),
					format_number(p.allowance_left, null, 2),
					format_number(p.allowance, null, 2),
					format_number(p.overage, null, 2),
				])}</p>
				${p.warning ? `<div class="alert alert-warning">${frappe.utils.escape_html(p.warning)}</div>` : ""}
				<table class="table table-bordered table-condensed"><thead><tr>
					<th>${__("Kind")}</th><th>${__("Ticket")}</th><th>${__("Description")}</th>
					<th class="text-right">${__("Quantity")}</th><th class="text-right">${__("Rate")}</th>
					<th class="text-right">${__("Amount")}</th></tr></thead>
				<tbody>${rows}</tbody>
				<tfoot><tr><th colspan="5" class="text-right">${__("Total")}</th>
					<th class="text-right">${money(p.total)}</th></tr></tfoot></table>`);
		});
	dialog.show();
	render();
}
