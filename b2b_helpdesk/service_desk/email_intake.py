"""E-mail into tickets through the ERP's Email Account (append to Service Ticket)."""


def on_communication(communication, method=None) -> None:
	"""An inbound e-mail on a ticket (placeholder, filled in by the e-mail channel work)."""
