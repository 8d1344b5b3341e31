// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

const COVERAGE_COLOURS = {
	Covered: "green",
	"Equipment Not Covered": "red",
	"Location Not Covered": "red",
	"No Active Contract": "orange",
};

const STATUS_COLOURS = {
	Open: "red",
	"In Progress": "blue",
	"Waiting for Customer": "orange",
	"Waiting for Third Party": "orange",
	Resolved: "green",
	Closed: "gray",
};

const INTAKE_HINTS_METHOD = "b2b_helpdesk.service_desk.intake_hints.get_intake_hints";

frappe.ui.form.on("Service Ticket", {
	setup(frm) {
		const of_customer = () => ({ link_doctype: "Customer", link_name: frm.doc.customer });
		frm.set_query("contact", () => ({
			query: "frappe.contacts.doctype.contact.contact.contact_query",
			filters: of_customer(),
		}));
		frm.set_query("service_location", () => ({
			query: "frappe.contacts.doctype.address.address.address_query",
			filters: of_customer(),
		}));
		frm.set_query("asset", () => ({
			filters: { asset_owner: "Customer", customer: frm.doc.customer, docstatus: ["!=", 2] },
		}));
		frm.set_query("contract", () => ({
			filters: { party_type: "Customer", party_name: frm.doc.customer, docstatus: 1, is_signed: 1 },
		}));
		frm.set_query("parent_ticket", () => ({
			filters: { customer: frm.doc.customer, name: ["!=", frm.doc.name] },
		}));
	},

	refresh(frm) {
		frm.trigger("show_coverage");
		frm.trigger("show_client_open_tickets");
		frm.trigger("show_intake_hints");
		frm.trigger("add_actions");
	},

	customer(frm) {
		["contact", "service_location", "asset", "parent_ticket"].forEach((f) => frm.set_value(f, null));
		frm.set_value("contract_set_manually", 0);
		frm.set_value("contract", null);
		frm.trigger("show_client_open_tickets");
		frm.trigger("show_intake_hints");
	},

	contact(frm) {
		frm.trigger("show_intake_hints");
	},

	asset(frm) {
		frm.trigger("show_intake_hints");
	},

	service_location(frm) {
		frm.trigger("show_intake_hints");
	},

	priority(frm) {
		frm.trigger("show_intake_hints");
	},

	show_intake_hints(frm) {
		// several fields change at once when the customer changes: ask once they settle
		clearTimeout(frm.__intake_hints_timer);
		frm.__intake_hints_timer = setTimeout(() => load_intake_hints(frm), 300);
	},

	contract(frm) {
		frm.set_value("contract_set_manually", frm.doc.contract ? 1 : 0);
	},

	show_coverage(frm) {
		if (!frm.doc.coverage) return;
		const colour = COVERAGE_COLOURS[frm.doc.coverage] || "blue";
		frm.dashboard.clear_headline();
		frm.dashboard.set_headline_alert(
			`<div class="row"><div class="col-xs-12">
				<span class="indicator ${colour}"><b>${__(frm.doc.coverage)}</b></span>
				<span class="text-muted">&nbsp;${frappe.utils.escape_html(frm.doc.contract_match_reason || "")}</span>
			</div></div>`
		);
	},

	show_client_open_tickets(frm) {
		const wrapper = frm.get_field("related_tickets_html").$wrapper;
		if (!frm.doc.customer) {
			wrapper.html("");
			return;
		}
		frappe
			.call("b2b_helpdesk.service_desk.client_tickets.get_client_open_tickets", {
				customer: frm.doc.customer,
				exclude: frm.is_new() ? null : frm.doc.name,
			})
			.then(({ message }) => wrapper.html(render_open_tickets(message)));
	},

	add_actions(frm) {
		if (frm.is_new()) return;
		if (["Resolved", "Closed"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Reopen"), () => {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("What is left to do?") },
					({ reason }) => frm.call("reopen", { reason }).then(() => frm.reload_doc()),
					__("Reopen Ticket"),
					__("Reopen")
				);
			});
		}
		frm.add_custom_button(
			__("Internal Note"),
			() => ask_text(__("Internal Note"), (content) => frm.call("add_internal_note", { content })),
			__("Add")
		);
		frm.add_custom_button(
			__("Reply to Customer"),
			() => ask_text(__("Reply to Customer"), (content) => frm.call("reply_to_customer", { content })),
			__("Add")
		);
		frm.add_custom_button(__("Log Time"), () => log_time(frm), __("Work"));
		frm.add_custom_button(
			__("Trip"),
			() => frappe.new_doc("Service Visit", { service_ticket: frm.doc.name }),
			__("Work")
		);
		frm.add_custom_button(__("Issue Materials"), () => issue_materials(frm), __("Work"));
		frm.add_custom_button(
			__("Sub-ticket"),
			() =>
				frappe.new_doc("Service Ticket", {
					parent_ticket: frm.doc.name,
					customer: frm.doc.customer,
					contact: frm.doc.contact,
					service_location: frm.doc.service_location,
					asset: frm.doc.asset,
				}),
			__("Add")
		);
	},
});

function log_time(frm) {
	frappe.prompt(
		[
			{ fieldname: "activity_type", fieldtype: "Link", options: "Activity Type", label: __("Work Type"), reqd: 1 },
			{ fieldname: "hours", fieldtype: "Float", label: __("Hours"), reqd: 1 },
			{ fieldname: "from_time", fieldtype: "Datetime", label: __("Started At") },
			{ fieldname: "employee", fieldtype: "Link", options: "Employee", label: __("Engineer") },
			{ fieldname: "billable", fieldtype: "Check", label: __("Billable"), default: 1 },
			{ fieldname: "description", fieldtype: "Small Text", label: __("What Was Done") },
		],
		(values) =>
			frappe
				.call("b2b_helpdesk.service_billing.log_work.log_time", { ticket: frm.doc.name, ...values })
				.then((r) => frappe.show_alert({ message: __("Logged in {0}", [r.message]), indicator: "green" })),
		__("Log Time"),
		__("Log")
	);
}

function issue_materials(frm) {
	frappe.prompt(
		[
			{ fieldname: "item_code", fieldtype: "Link", options: "Item", label: __("Item"), reqd: 1 },
			{ fieldname: "qty", fieldtype: "Float", label: __("Quantity"), reqd: 1 },
			{ fieldname: "warehouse", fieldtype: "Link", options: "Warehouse", label: __("From Warehouse"), reqd: 1 },
		],
		(values) =>
			frappe
				.call("b2b_helpdesk.service_billing.log_work.issue_materials", { ticket: frm.doc.name, items: [values] })
				.then((r) => frappe.show_alert({ message: __("Issued in {0}", [r.message]), indicator: "green" })),
		__("Issue Materials"),
		__("Issue")
	);
}

function ask_text(title, send) {
	frappe.prompt(
		{ fieldname: "content", fieldtype: "Text Editor", label: __("Message"), reqd: 1 },
		({ content }) => send(content).then(() => cur_frm.reload_doc()),
		title,
		__("Save")
	);
}

function render_open_tickets({ tickets, total, hidden }) {
	const unseen = hidden
		? `<p class="text-muted">${__("{0} more open ticket(s) of this client are not visible to you.", [hidden])}</p>`
		: "";
	if (!total) {
		if (hidden) return unseen;
		const none =
			hidden === 0
				? __("The client has no other open tickets.")
				: __("No other open tickets of this client that you can see.");
		return `<p class="text-muted">${none}</p>`;
	}
	const rows = tickets
		.map(
			(t) => `<tr>
				<td><a href="/app/service-ticket/${encodeURIComponent(t.name)}">${frappe.utils.escape_html(t.name)}</a></td>
				<td>${frappe.utils.escape_html(t.subject || "")}</td>
				<td>${__(t.status)}</td>
				<td>${__(t.priority)}</td>
				<td>${frappe.utils.escape_html(t.service_location || "")}</td>
				<td>${frappe.utils.escape_html(t.asset || "")}</td>
				<td>${frappe.datetime.str_to_user(t.opened_on)}</td>
			</tr>`
		)
		.join("");
	return `<p>${__("{0} other open ticket(s) of this client", [total])}</p>
		<table class="table table-bordered table-condensed"><thead><tr>
			<th>${__("Ticket")}</th><th>${__("Subject")}</th><th>${__("Status")}</th><th>${__("Priority")}</th>
			<th>${__("Service Location")}</th><th>${__("Equipment")}</th><th>${__("Opened On")}</th>
		</tr></thead><tbody>${rows}</tbody></table>${unseen}`;
}

// --- intake hints (R14, R20): contact authority, contract and SLA, covered equipment ---------------

function load_intake_hints(frm) {
	const field = frm.get_field("intake_hints_html");
	if (!field) return;
	const wrapper = field.$wrapper;
	if (!frm.doc.customer) {
		wrapper.html("");
		return;
	}
	const request = (frm.__intake_hints_request = (frm.__intake_hints_request || 0) + 1);
	const is_latest = () => request === frm.__intake_hints_request;
	frappe.call({
		method: INTAKE_HINTS_METHOD,
		args: {
			customer: frm.doc.customer,
			contact: frm.doc.contact || null,
			asset: frm.doc.asset || null,
			service_location: frm.doc.service_location || null,
			priority: frm.doc.priority || null,
			ticket: frm.is_new() ? null : frm.doc.name,
		},
		silent: true, // a refusal is shown in the hints, not as a pop-up while the dispatcher types
		callback: (r) => is_latest() && wrapper.html(render_intake_hints(r.message)),
		error: (r) => is_latest() && wrapper.html(render_intake_error(r)),
	});
}

function render_intake_error(r) {
	let message = __("The intake hints could not be loaded.");
	try {
		const messages = JSON.parse((r && r._server_messages) || "[]");
		if (messages.length) {
			const first = JSON.parse(messages[0]);
			message = frappe.utils.html2text(first.message || first);
		}
	} catch (e) {
		// keep the general message
	}
	return `<div class="alert alert-warning">${frappe.utils.escape_html(message)}</div>`;
}

function render_intake_hints(hints) {
	return `<div class="b2b-intake-hints">
		${render_intake_warnings(hints.warnings)}
		<div class="row">
			<div class="col-sm-5">${render_intake_contact(hints.contact)}</div>
			<div class="col-sm-7">${render_intake_contract(hints.contract)}${render_intake_sla(hints.sla)}</div>
		</div>
		${render_intake_equipment(hints)}
	</div>`;
}

function esc(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function doc_link(doctype, name, label) {
	const route = `/app/${frappe.router.slug(doctype)}/${encodeURIComponent(name)}`;
	return `<a href="${route}">${esc(label || name)}</a>`;
}

function pill(label, colour) {
	return `<span class="indicator-pill ${colour}">${esc(label)}</span>`;
}

function yes_no(flag, yes_colour, no_colour) {
	return flag ? pill(__("Yes"), yes_colour) : pill(__("No"), no_colour);
}

function render_intake_warnings(warnings) {
	return (warnings || [])
		.map((w) => `<div class="alert alert-warning" style="margin-bottom: var(--margin-sm)">${esc(w)}</div>`)
		.join("");
}

function render_intake_contact(contact) {
	const title = `<h6 class="text-muted">${__("Contact and Authority")}</h6>`;
	if (!contact) {
		return `${title}<p class="text-muted">${__("Pick the contact who is calling to see its authority.")}</p>`;
	}
	return `${title}
		<p><b>${doc_link("Contact", contact.name, contact.full_name)}</b>
			<span class="text-muted">&middot; ${esc(contact.portal_user || __("no portal user"))}</span>
		</p>
		<table class="table table-condensed" style="margin-bottom: var(--margin-sm)"><tbody>
			<tr><td>${__("Sees on the Portal")}</td>
				<td><b>${esc(__(contact.portal_access))}</b>
				<div class="text-muted small">${esc(contact.scope_text)}</div></td></tr>
			<tr><td>${__("May Raise Tickets")}</td><td>${yes_no(contact.may_raise_tickets, "green", "red")}</td></tr>
			<tr><td>${__("May Accept Acts of Completed Work")}</td><td>${yes_no(contact.may_accept_acts, "green", "gray")}</td></tr>
		</tbody></table>`;
}

function render_intake_contract(contract) {
	const title = `<h6 class="text-muted">${__("Contract")}</h6>`;
	const colour = COVERAGE_COLOURS[contract.coverage] || "blue";
	if (!contract.name) {
		const verdict = pill(__(contract.coverage), colour);
		return `${title}<p>${verdict} <span class="text-muted">${esc(contract.reason)}</span></p>`;
	}
	const [start, end] = [contract.start_date, contract.end_date].map((d) => frappe.datetime.str_to_user(d));
	const period = contract.end_date ? __("{0} to {1}", [start, end]) : __("from {0}, open-ended", [start]);
	const plan = contract.billing_plan
		? ` &middot; ${__("Billing Plan")}: ${doc_link("Service Billing Plan", contract.billing_plan)}`
		: "";
	return `${title}
		<p><b>${doc_link("Contract", contract.name)}</b> ${pill(__(contract.coverage), colour)}
			<span class="text-muted">${esc(period)}</span>${plan}</p>
		<p class="text-muted small">${esc(contract.reason)}</p>`;
}

function render_intake_sla(sla) {
	const title = `<h6 class="text-muted">${__("Service Level")}</h6>`;
	if (!sla) {
		const none = __("No service level policy applies: the ticket has no SLA targets.");
		return `${title}<p class="text-muted">${none}</p>`;
	}
	const source = sla.from_contract ? __("from the contract") : __("the default policy");
	const by_category = sla.targets.some((t) => t.category);
	const rows = sla.targets
		.map(
			(t) => `<tr${t.is_current ? ' style="font-weight: bold"' : ""}>
				<td>${esc(__(t.priority))}${t.is_current ? ` ${pill(__("this ticket"), "blue")}` : ""}</td>
				${by_category ? `<td>${esc(t.category || "")}</td>` : ""}
				<td>${esc(t.first_response)}</td>
				<td>${esc(t.resolution)}</td>
			</tr>`
		)
		.join("");
	return `${title}
		<p><b>${doc_link("Service Level Policy", sla.policy)}</b> <span class="text-muted">(${esc(source)})</span><br>
			<span class="text-muted small">${__("Business hours")}: ${esc(sla.calendar)} (${esc(sla.timezone || "")})</span></p>
		<table class="table table-bordered table-condensed"><thead><tr>
			<th>${__("Priority")}</th>${by_category ? `<th>${__("Ticket Category")}</th>` : ""}
			<th>${__("First Response Within")}</th><th>${__("Resolution Within")}</th>
		</tr></thead><tbody>${rows}</tbody></table>`;
}

function render_intake_equipment(hints) {
	const title = hints.covers_all_equipment
		? __("Covered Equipment (the contract covers all of the customer's equipment)")
		: __("Covered Equipment");
	if (!hints.covered_assets.length) {
		return `<h6 class="text-muted">${title}</h6><p class="text-muted">${__("No covered equipment.")}</p>`;
	}
	const rows = hints.covered_assets.map(render_intake_asset).join("");
	const more = hints.more_assets
		? `<p class="text-muted small">${__("{0} more not shown", [hints.more_assets])}</p>`
		: "";
	return `<h6 class="text-muted">${title}</h6>
		<table class="table table-bordered table-condensed"><thead><tr>
			<th>${__("Equipment")}</th><th>${__("Equipment Model")}</th><th>${__("Service Location")}</th>
			<th>${__("Covered")}</th><th>${__("Recent Tickets")}</th>
		</tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function render_recent_tickets(asset) {
	if (!asset.recent_tickets.length) {
		return `<span class="text-muted">${__("No tickets yet")}</span>`;
	}
	const rows = asset.recent_tickets
		.map(
			(t) => `<div>${doc_link("Service Ticket", t.name)}
				${pill(__(t.status), STATUS_COLOURS[t.status] || "gray")}
				<span class="text-muted small">${esc(frappe.datetime.str_to_user(t.opened_on))}</span>
				${esc(t.subject || "")}</div>`
		)
		.join("");
	const all =
		asset.ticket_count > asset.recent_tickets.length
			? `<div class="text-muted small">${__("{0} tickets in all", [asset.ticket_count])}</div>`
			: "";
	return rows + all;
}

function render_intake_asset(asset) {
	const selected = asset.selected ? ` ${pill(__("on this ticket"), "blue")}` : "";
	return `<tr${asset.selected ? ' style="background: var(--highlight-color, var(--bg-light-gray))"' : ""}>
		<td>${doc_link("Asset", asset.name)}${selected}<div class="text-muted small">${esc(asset.asset_name)}</div></td>
		<td>${esc(asset.item_code || "")}</td>
		<td>${esc(asset.service_location || "")}</td>
		<td>${yes_no(asset.covered, "green", "red")}</td>
		<td>${render_recent_tickets(asset)}</td>
	</tr>`;
}
