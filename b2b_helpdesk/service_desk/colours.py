"""One source for the colours of a ticket's status, coverage and SLA state (desk list, form, hints).

The desk reads them from `frappe.boot.b2b_colours` (see `extend_bootinfo`); server-rendered
hints use them directly.
"""

STATUS_COLOURS = {
	"Open": "red",
	"In Progress": "blue",
	"Waiting for Customer": "orange",
	"Waiting for Third Party": "orange",
	"Resolved": "green",
	"Closed": "gray",
}
COVERAGE_COLOURS = {
	"Covered": "green",
	"Equipment Not Covered": "red",
	"Location Not Covered": "red",
	"No Active Contract": "red",
}
SLA_COLOURS = {
	"On Track": "green",
	"At Risk": "orange",
	"Paused": "blue",
	"Met": "green",
	"Breached": "red",
	"No SLA": "gray",
}


def extend_bootinfo(bootinfo) -> None:
	"""Hook `extend_bootinfo`: the colours for the desk's scripts."""
	bootinfo.b2b_colours = {"status": STATUS_COLOURS, "coverage": COVERAGE_COLOURS, "sla": SLA_COLOURS}
