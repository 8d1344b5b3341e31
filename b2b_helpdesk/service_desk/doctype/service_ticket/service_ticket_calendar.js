// The maintenance calendar: planned tickets by their planned visit; filter by service location,
// customer, or (sidebar "Assigned To") the engineer.
frappe.views.calendar["Service Ticket"] = {
	field_map: {
		start: "planned_for",
		end: "planned_until",
		id: "name",
		title: "subject",
		allDay: "all_day",
	},
	filters: [
		{
			fieldtype: "Link",
			fieldname: "service_location",
			options: "Address",
			label: __("Service Location"),
		},
		{ fieldtype: "Link", fieldname: "customer", options: "Customer", label: __("Customer") },
	],
	// red: a visit on equipment no contract covers; grey: done; blue: planned
	get_css_class(data) {
		if (data.coverage && data.coverage !== "Covered") return "danger";
		if (["Resolved", "Closed"].includes(data.status)) return "gray";
		return "default";
	},
	get_events_method: "b2b_helpdesk.field_service.planned_maintenance.calendar_events",
};
