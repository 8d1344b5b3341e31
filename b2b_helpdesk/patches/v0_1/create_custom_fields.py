from b2b_helpdesk.setup.install import make_custom_fields


def execute():
	make_custom_fields()
