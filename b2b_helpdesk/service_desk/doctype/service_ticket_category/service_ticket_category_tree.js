frappe.treeview_settings["Service Ticket Category"] = {
	breadcrumb: "Service Desk",
	title: __("Service Ticket Categories"),
	get_tree_root: false,
	root_label: "All Service Ticket Categories",
	get_tree_nodes: "frappe.desk.treeview.get_children",
	add_tree_node: "frappe.desk.treeview.add_node",
};
