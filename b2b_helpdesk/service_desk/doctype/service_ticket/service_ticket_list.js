frappe.listview_settings["Service Ticket"] = {
	add_fields: ["status", "coverage"],
	get_indicator(doc) {
		// one source for the colours: service_desk/colours.py, sent with the desk's boot
		const colour = (frappe.boot.b2b_colours || {}).status?.[doc.status] || "gray";
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
