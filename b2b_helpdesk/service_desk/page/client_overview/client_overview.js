// One client at a glance (R22, R24, R25): the server renders it (insight/client_overview.py); here it is placed.
frappe.pages["client-overview"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Client Overview"), single_column: true });
	const body = $('<div class="b2b-client-overview-body"></div>').appendTo(page.main);
	const customer = page.add_field({
		fieldname: "customer",
		label: __("Customer"),
		fieldtype: "Link",
		options: "Customer",
		change: () => show(customer.get_value()),
	});
	function show(name) {
		if (!name) return body.html(`<p class="text-muted">${__("Pick a customer")}</p>`);
		frappe.call({ method: "b2b_helpdesk.insight.client_overview.get_client_overview", args: { customer: name } })
			.then((r) => body.html(r.message.html));
	}
	wrapper.b2b_show = (name) => {
		if (customer.get_value() !== name) customer.set_value(name);
		else show(name);
	};
};

frappe.pages["client-overview"].on_page_show = function (wrapper) {
	const name = frappe.route_options && frappe.route_options.customer;
	frappe.route_options = null;
	if (name) wrapper.b2b_show(name);
};
