// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

// one source for the colours: service_desk/colours.py, sent with the desk's boot
const colour_of = (kind, value, fallback) => (frappe.boot.b2b_colours || {})[kind]?.[value] || fallback;

const INTAKE_HINTS_METHOD = "b2b_helpdesk.service_desk.intake_hints.get_intake_hints";
const DISPATCH = "b2b_helpdesk.field_service.dispatch.";
const DISPATCH_ROLES = ["Service Dispatcher", "Service Manager", "System Manager"];

// the next deadline of an open ticket: "Resolution due in 3 hours" or "Resolution overdue since …"
function sla_due_text(doc) {
	if (["Resolved", "Closed"].includes(doc.status)) return null;
	const [label, due] =
		!doc.first_responded_on && doc.response_by
			? [__("First response"), doc.response_by]
			: [__("Resolution"), doc.resolution_by];
	if (!due) return null;
	const minutes = (frappe.datetime.str_to_obj(due) - frappe.datetime.now_datetime(true)) / 60000;
	const when = frappe.datetime.str_to_user(due);
	if (minutes < 0) return { overdue: true, text: __("{0} overdue since {1}", [label, when]) };
	const left =
		minutes < 60
			? __("{0} min", [Math.floor(minutes)])
			: minutes < 48 * 60
			? __("{0} h", [Math.floor(minutes / 60)])
			: __("{0} days", [Math.floor(minutes / 1440)]);
	return { overdue: false, text: __("{0} due in {1} ({2})", [label, left, when]) };
}

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
		frm.trigger("show_candidates");
		frm.trigger("add_actions");
	},

	show_candidates(frm) {
		frm.__routing_section && frm.__routing_section.remove();
		frm.__routing_section = null;
		if (frm.is_new() || ["Resolved", "Closed"].includes(frm.doc.status)) return;
		if (!DISPATCH_ROLES.some((role) => frappe.user.has_role(role))) return;
		frappe.call({ method: DISPATCH + "get_candidates", args: { ticket: frm.doc.name }, silent: true }).then(({ message }) => {
			if (!message || !message.length || frm.__routing_section) return;
			frm.__routing_section = frm.dashboard.add_section(candidates_html(message), __("Who Should Take It"));
			frm.__routing_section.find("[data-assign]").on("click", (e) => assign_to_engineer(frm, e.currentTarget.dataset.assign));
		});
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
		// what matters first: coverage, the SLA with its next deadline, who has the ticket
		if (!frm.doc.coverage && !frm.doc.sla_state) return;
		const esc = frappe.utils.escape_html;
		const parts = [];
		if (frm.doc.coverage) {
			const colour = colour_of("coverage", frm.doc.coverage, "blue");
			parts.push(`<span class="indicator ${colour}"><b>${__(frm.doc.coverage)}</b></span>
				<span class="text-muted">&nbsp;${esc(frm.doc.contract_match_reason || "")}</span>`);
		}
		const due = sla_due_text(frm.doc);
		if (frm.doc.sla_state) {
			const colour = colour_of("sla", frm.doc.sla_state, "blue");
			parts.push(`<span class="indicator ${colour}"><b>${__("SLA")}: ${__(frm.doc.sla_state)}</b></span>
				${due ? `<span class="${due.overdue ? "text-danger" : "text-muted"}">&nbsp;${esc(due.text)}</span>` : ""}`);
		}
		// the form's docinfo holds the open assignments (the doc's `_assign` cache is not sent to the form)
		const assignments = frm.get_docinfo()?.assignments;
		const assignees = assignments ? assignments.map((a) => a.owner) : JSON.parse(frm.doc._assign || "[]");
		parts.push(`<span class="text-muted">${__("Assigned to")}: </span><b>${
			assignees.length ? assignees.map((u) => esc(frappe.user.full_name(u))).join(", ") : __("nobody yet")
		}</b>`);
		frm.dashboard.clear_headline();
		frm.dashboard.set_headline_alert(
			`<div class="row"><div class="col-xs-12">${parts.join("<br>")}</div></div>`
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
			.then(({ message }) => wrapper.html(message.html));
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

// --- routing (R6, R10): the top candidates with their reasons; one click assigns through Assign To ---

function candidates_html(candidates) {
	const esc = frappe.utils.escape_html;
	const rows = candidates
		.map(
			(c, i) => `<tr>
				<td class="text-muted">${i + 1}</td>
				<td><b>${esc(c.engineer_name)}</b>${c.skilled ? "" : ` <span class="indicator-pill red">${__("No Skill")}</span>`}</td>
				<td>${c.reasons.map(esc).join(" · ")}</td>
				<td class="text-right">${
					c.assigned
						? `<span class="indicator-pill green">${__("Assigned")}</span>`
						: `<button class="btn btn-xs btn-default" data-assign="${esc(c.user)}">${__("Assign")}</button>`
				}</td>
			</tr>`
		)
		.join("");
	return `<table class="table table-sm b2b-candidates" style="margin: 0">${rows}</table>`;
}

function assign_to_engineer(frm, user) {
	frappe
		.call({ method: DISPATCH + "assign", args: { ticket: frm.doc.name, user }, freeze: true })
		.then(() => {
			frappe.show_alert({ message: __("Assigned"), indicator: "green" });
			frm.reload_doc();
		});
}

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
		callback: (r) => is_latest() && wrapper.html(r.message.html),
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
