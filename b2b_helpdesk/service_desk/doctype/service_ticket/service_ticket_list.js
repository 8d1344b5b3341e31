// The ticket list for triage: status, SLA state with "due in / overdue", coverage in colour, and
// the dispatcher's filters (My Team, Unassigned, At Risk) one click away.
// One source for the colours: service_desk/colours.py, sent with the desk's boot.
const b2b_colour = (kind, value, fallback) => (frappe.boot.b2b_colours || {})[kind]?.[value] || fallback;
const OPEN_STATES = ["Resolved", "Closed"];

frappe.listview_settings["Service Ticket"] = {
	add_fields: ["status", "coverage", "sla_state", "resolution_by", "_assign"],
	filters: [["status", "not in", OPEN_STATES]],
	// the subject opens the ticket; its number is one column too many at 1440 px (the ID filter stays)
	hide_name_column: true,

	get_indicator(doc) {
		return [__(doc.status), b2b_colour("status", doc.status, "gray"), `status,=,${doc.status}`];
	},

	formatters: {
		sla_state(value, df, doc) {
			if (!value) return "";
			const colour = b2b_colour("sla", value, "gray");
			const due = sla_due(doc);
			const title = frappe.utils.escape_html(due ? `${__(value)}: ${due}` : __(value));
			return `<span class="b2b-sla" title="${title}"><span class="indicator-pill ${colour} filterable" data-filter="sla_state,=,${value}">${__(value)}</span>${due ? ` <span class="small ${due_class(doc)}">${due}</span>` : ""}</span>`;
		},
		coverage(value) {
			if (!value) return "";
			const colour = value === "Covered" ? "green" : "red";
			return `<span class="indicator-pill ${colour} filterable" data-filter="coverage,=,${value}">${__(value)}</span>`;
		},
	},

	refresh(listview) {
		// the SLA state with "overdue 3 d" needs more room than a plain column, the pills less: sized to
		// their content, the subject and the client get the rest
		listview.$result.addClass("b2b-ticket-list");
		widen_column(listview, "[data-filter^='status,=']", "b2b-col-status");
		widen_column(listview, ".b2b-sla", "b2b-col-sla");
		widen_column(listview, "[data-filter^='coverage,=']", "b2b-col-coverage");
	},

	onload(listview) {
		add_list_styles();
		const set = (filters) => listview.filter_area.clear(false).then(() => listview.filter_area.add(filters));
		const open = ["Service Ticket", "status", "not in", OPEN_STATES];
		listview.page.add_inner_button(__("Unassigned"), () => set([open, ["Service Ticket", "_assign", "in", ["", "[]"]]]), __("Triage"));
		listview.page.add_inner_button(__("At Risk"), () => set([open, ["Service Ticket", "sla_state", "in", ["At Risk", "Breached"]]]), __("Triage"));
		listview.page.add_inner_button(
			__("My Team"),
			() =>
				frappe.call("b2b_helpdesk.field_service.triage.my_team_tickets").then(({ message }) =>
					set([["Service Ticket", "name", "in", message.length ? message : [""]]])
				),
			__("Triage")
		);
	},
};

function sla_due(doc) {
	if (!doc.resolution_by || OPEN_STATES.includes(doc.status) || ["Met", "Paused"].includes(doc.sla_state)) return "";
	const words = span_words(frappe.datetime.str_to_obj(doc.resolution_by) - new Date());
	return is_overdue(doc) ? __("overdue {0}", [words]) : __("due in {0}", [words]);
}

function is_overdue(doc) {
	return frappe.datetime.str_to_obj(doc.resolution_by) < new Date();
}

function due_class(doc) {
	return is_overdue(doc) ? "text-danger" : "text-muted";
}

function span_words(ms) {
	const minutes = Math.round(Math.abs(ms) / 60000);
	if (minutes < 60) return __("{0} min", [minutes]);
	const hours = Math.round(minutes / 60);
	return hours < 48 ? __("{0} h", [hours]) : __("{0} d", [Math.round(hours / 24)]);
}

function widen_column(listview, marker, css_class) {
	const cell = listview.$result.find(`.list-row .list-row-col:has(${marker})`).first();
	if (!cell.length) return;
	const index = cell.index();
	listview.$result.find(".list-row-head .list-header-subject, .list-row .level-left").each(function () {
		$(this).children().eq(index).addClass(css_class);
	});
}

function add_list_styles() {
	if (document.getElementById("b2b-ticket-list-style")) return;
	$(`<style id="b2b-ticket-list-style">
		.b2b-ticket-list .list-row-col.list-subject { flex: 2; }
		.b2b-ticket-list .list-row-col.b2b-col-status { flex: 0 0 80px; }
		.b2b-ticket-list .list-row-col.b2b-col-sla { flex: 0 0 180px; }
		.b2b-ticket-list .list-row-col.b2b-col-coverage { flex: 0 0 100px; }
	</style>`).appendTo("head");
}
