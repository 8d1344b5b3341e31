// Copyright (c) 2026, b2b_helpdesk developers
// For license information, please see license.txt

// The dispatcher's board (R20): engineers × the days of a week; visits, tickets due, and beside
// the grid the unassigned and at-risk tickets. Drag a ticket onto a cell to plan a visit (and
// assign it), drag a visit to move it; click a visit to change it in a dialog.

const BOARD = "b2b_helpdesk.field_service.board.";

frappe.pages["dispatch-board"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Dispatch Board"), single_column: true });
	wrapper.board = new DispatchBoard(page);
};

frappe.pages["dispatch-board"].on_page_show = function (wrapper) {
	wrapper.board && wrapper.board.refresh();
};

class DispatchBoard {
	constructor(page) {
		this.page = page;
		const asked = frappe.utils.get_query_params().week; // a link to a given week: ?week=2026-12-07
		this.week_start = monday_of(asked || frappe.datetime.get_today());
		this.week_field = page.add_field({
			fieldname: "week_start",
			fieldtype: "Date",
			label: __("Week of"),
			default: this.week_start,
			change: () => {
				const value = this.week_field.get_value();
				if (value && value !== this.week_start) {
					this.week_start = monday_of(value);
					this.refresh();
				}
			},
		});
		page.add_inner_button(__("Previous Week"), () => this.shift(-7));
		page.add_inner_button(__("Next Week"), () => this.shift(7));
		page.set_primary_action(__("Refresh"), () => this.refresh(), "refresh");
		this.$body = $(`<div class="b2b-board"></div>`).appendTo(page.main);
		add_styles();
	}

	shift(days) {
		this.week_start = frappe.datetime.add_days(this.week_start, days);
		this.week_field.set_value(this.week_start);
		this.refresh();
	}

	refresh() {
		frappe.call(BOARD + "get_board", { week_start: this.week_start }).then(({ message }) => {
			this.data = message;
			this.render();
		});
	}

	render() {
		const { days, engineers, unassigned, at_risk } = this.data;
		const head = days.map((d) => `<th>${frappe.datetime.str_to_user(d)}<br><small>${moment(d).format("dddd")}</small></th>`).join("");
		const rows = engineers
			.map(
				(e) => `<tr>
				<th class="b2b-eng"><a href="/app/service-engineer/${encodeURIComponent(e.engineer)}">${esc(e.engineer_name)}</a>
					<div class="text-muted small">${__("{0} h open", [e.load_hours])}${e.on_duty ? "" : " · " + __("off duty")}</div></th>
				${days.map((d) => `<td class="b2b-cell" data-engineer="${esc(e.engineer)}" data-day="${d}">${e.cells[d].map(item_html).join("")}</td>`).join("")}
			</tr>`
			)
			.join("");
		this.$body.html(`
			<div class="b2b-board-grid">
				<table class="table table-bordered b2b-week"><thead><tr><th>${__("Engineer")}</th>${head}</tr></thead>
				<tbody>${rows || `<tr><td colspan="8" class="text-muted">${__("No Service Engineers take jobs yet.")}</td></tr>`}</tbody></table>
			</div>
			<div class="b2b-board-side">
				<h6>${__("Unassigned")} (${unassigned.length})</h6>${unassigned.map(side_html).join("") || `<p class="text-muted small">${__("None")}</p>`}
				<h6 class="mt-3">${__("At Risk or Breached")} (${at_risk.length})</h6>${at_risk.map(side_html).join("") || `<p class="text-muted small">${__("None")}</p>`}
			</div>`);
		this.bind();
	}

	bind() {
		this.$body.find("[draggable=true]").on("dragstart", (e) => {
			const el = e.currentTarget;
			e.originalEvent.dataTransfer.setData("text/plain", JSON.stringify({ kind: el.dataset.kind, name: el.dataset.name }));
		});
		this.$body.find(".b2b-cell").on("dragover", (e) => e.preventDefault()).on("drop", (e) => {
			e.preventDefault();
			const cell = e.currentTarget.dataset;
			const moved = JSON.parse(e.originalEvent.dataTransfer.getData("text/plain") || "{}");
			if (moved.kind === "visit") this.move_visit(moved.name, cell.engineer, cell.day);
			else if (moved.name) this.plan_dialog(moved.name, cell.engineer, cell.day);
		});
		this.$body.find(".b2b-item[data-kind=visit]").on("click", (e) => this.visit_dialog(e.currentTarget.dataset.name));
		this.$body.find(".b2b-side-item").on("click", (e) => {
			if (!$(e.target).is("a")) this.plan_dialog(e.currentTarget.dataset.name, null, this.week_start);
		});
	}

	find_visit(name) {
		for (const e of this.data.engineers)
			for (const d of this.data.days) {
				const v = e.cells[d].find((i) => i.kind === "visit" && i.name === name);
				if (v) return { visit: v, engineer: e.engineer };
			}
	}

	move_visit(name, engineer, day) {
		const { visit } = this.find_visit(name) || {};
		if (!visit) return;
		const time = visit.at.split(" ")[1];
		this.call_reschedule(name, `${day} ${time}`, null, engineer);
	}

	call_reschedule(visit, planned_start, planned_end, engineer) {
		frappe
			.call({ method: BOARD + "reschedule_visit", args: { visit, planned_start, planned_end, engineer }, freeze: true })
			.then(() => {
				frappe.show_alert({ message: __("Visit moved: the client is asked to confirm again"), indicator: "green" });
				this.refresh();
			});
	}

	plan_dialog(ticket, engineer, day) {
		const d = new frappe.ui.Dialog({
			title: __("Plan a Visit for {0}", [ticket]),
			fields: [
				{ fieldname: "engineer", fieldtype: "Link", options: "Service Engineer", label: __("Engineer"), reqd: 1, default: engineer },
				{ fieldname: "planned_start", fieldtype: "Datetime", label: __("Planned Start"), reqd: 1, default: `${day} 09:00:00` },
				{ fieldname: "hours", fieldtype: "Float", label: __("Hours on Site"), default: 2 },
			],
			primary_action_label: __("Plan and Assign"),
			primary_action: (values) => {
				const end = values.hours ? moment(values.planned_start).add(values.hours, "hours").format("YYYY-MM-DD HH:mm:ss") : null;
				frappe
					.call({ method: BOARD + "plan_visit", args: { ticket, engineer: values.engineer, planned_start: values.planned_start, planned_end: end }, freeze: true })
					.then(() => {
						d.hide();
						this.refresh();
					});
			},
		});
		d.show();
	}

	visit_dialog(name) {
		const found = this.find_visit(name);
		if (!found) return;
		const { visit, engineer } = found;
		const d = new frappe.ui.Dialog({
			title: __("Visit {0}", [name]),
			fields: [
				{ fieldtype: "HTML", options: `<p><a href="/app/service-ticket/${encodeURIComponent(visit.ticket)}">${esc(visit.ticket)}</a> · ${esc(visit.subject)}<br>${answer_html(visit)}</p>` },
				{ fieldname: "engineer", fieldtype: "Link", options: "Service Engineer", label: __("Engineer"), reqd: 1, default: engineer },
				{ fieldname: "planned_start", fieldtype: "Datetime", label: __("Planned Start"), reqd: 1, default: visit.at },
				{ fieldname: "planned_end", fieldtype: "Datetime", label: __("Planned End"), default: visit.until },
			],
			primary_action_label: __("Reschedule"),
			primary_action: (values) => {
				d.hide();
				this.call_reschedule(name, values.planned_start, values.planned_end, values.engineer);
			},
		});
		d.show();
	}
}

const CONFIRMATION_COLOUR = { Proposed: "orange", "Confirmed by Client": "green", "Other Time Asked": "red" };
const SLA_COLOUR = { "On Track": "green", "At Risk": "orange", Breached: "red", Paused: "gray", Met: "blue" };

function item_html(item) {
	const time = item.at ? item.at.slice(11, 16) : "";
	const kind = { visit: __("Visit"), ticket: __("Due"), planned: __("Planned") }[item.kind];
	const colour = item.kind === "visit" ? CONFIRMATION_COLOUR[item.confirmation] : SLA_COLOUR[item.sla_state] || "gray";
	const due = item.resolution_by ? `<div class="small text-muted">${__("SLA due {0}", [frappe.datetime.str_to_user(item.resolution_by)])}</div>` : "";
	return `<div class="b2b-item indicator-pill ${colour}" data-kind="${item.kind}" data-name="${esc(item.name)}" draggable="${item.kind === "visit" && !item.made}">
		<div><b>${time}</b> ${kind} · <a href="/app/service-ticket/${encodeURIComponent(item.ticket)}">${esc(item.ticket)}</a></div>
		<div class="b2b-item-text">${esc(item.customer_name || "")}: ${esc(item.subject || "")}</div>
		${item.kind === "visit" ? answer_html(item) : due}
	</div>`;
}

function answer_html(visit) {
	const answer = visit.client_answer ? `: “${esc(visit.client_answer)}”` : "";
	return `<span class="small">${visit.confirmation ? __(visit.confirmation) : __("Proposed")}${answer}</span>`;
}

function side_html(t) {
	const due = t.resolution_by ? __("due {0}", [frappe.datetime.str_to_user(t.resolution_by)]) : __("no SLA deadline");
	const names = t.assignee_names || t.assignees;
	const who = names.length ? ` · ${names.map(esc).join(", ")}` : "";
	return `<div class="b2b-side-item" draggable="true" data-kind="ticket" data-name="${esc(t.name)}">
		<span class="indicator ${SLA_COLOUR[t.sla_state] || "gray"}"></span>
		<a href="/app/service-ticket/${encodeURIComponent(t.name)}">${esc(t.name)}</a> · ${__(t.priority)}
		<div class="small">${esc(t.customer_name || "")}: ${esc(t.subject || "")}</div>
		<div class="small text-muted">${t.sla_state ? __(t.sla_state) : __("No SLA")} · ${due}${who}</div>
	</div>`;
}

function monday_of(day) {
	return moment(day).isoWeekday(1).format("YYYY-MM-DD");
}

function esc(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function add_styles() {
	if (document.getElementById("b2b-board-style")) return;
	$(`<style id="b2b-board-style">
		.b2b-board { display: flex; gap: 12px; align-items: flex-start; }
		.b2b-board-grid { flex: 1; overflow-x: auto; }
		.b2b-week th, .b2b-week td { min-width: 120px; vertical-align: top; font-size: 12px; }
		.b2b-week .b2b-eng { min-width: 140px; }
		.b2b-cell { min-height: 60px; }
		.b2b-item { display: block; white-space: normal; height: auto; text-align: left; margin-bottom: 4px; padding: 4px 6px; border-radius: 6px; cursor: grab; }
		.b2b-item::before { display: none; }
		.b2b-item-text { overflow: hidden; text-overflow: ellipsis; }
		.b2b-board-side { width: 260px; flex: none; }
		.b2b-side-item { border: 1px solid var(--border-color); border-radius: 6px; padding: 6px; margin-bottom: 6px; cursor: grab; font-size: 12px; }
	</style>`).appendTo("head");
}
