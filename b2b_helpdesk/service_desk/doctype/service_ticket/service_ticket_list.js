frappe.listview_settings["Service Ticket"] = {
	add_fields: ["status", "coverage"],
	get_indicator(doc) {
		const colours = {
			Open: "red",
			"In Progress": "blue",
			"Waiting for Customer": "orange",
			"Waiting for Third Party": "orange",
			Resolved: "green",
			Closed: "gray",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
