"""The words of an SLA escalation (one translatable sentence per level)."""

from frappe import _


def escalation_subject(level: int, ticket: str, subject: str) -> str:
	if level == 1:
		return _("SLA at risk on {0}: {1}").format(ticket, subject)
	if level == 2:
		return _("SLA breached on {0}: {1}").format(ticket, subject)
	return _("SLA breached and still open on {0}: {1}").format(ticket, subject)
