"""The words of an SLA escalation (one translatable sentence per level, plus why)."""

from frappe import _


def escalation_subject(level: int, ticket: str, subject: str, reason: str = "") -> str:
	if level == 1:
		text = _("SLA at risk on {0}: {1}").format(ticket, subject)
	elif level == 2:
		text = _("SLA breached on {0}: {1}").format(ticket, subject)
	else:
		text = _("SLA breached and still open on {0}: {1}").format(ticket, subject)
	return f"{text} ({reason})" if reason else text


def stage_reason(level: int, status: str, limit_seconds: int) -> str:
	"""Why a stage escalates: "In Progress for longer than 4 h" (at risk: it may last at most that)."""
	if level == 1:
		return _("{0} may last at most {1}").format(_(status), duration_text(limit_seconds))
	return _("{0} for longer than {1}").format(_(status), duration_text(limit_seconds))


def third_party_subject(ticket: str, subject: str, supplier: str) -> str:
	return _("Third party {0} is overdue on {1}: {2}").format(supplier, ticket, subject)


def duration_text(seconds: int) -> str:
	"""4 h, 1 h 30 min, 45 min: business time as people say it."""
	hours, minutes = divmod(int(seconds) // 60, 60)
	if hours and minutes:
		return _("{0} h {1} min").format(hours, minutes)
	if hours:
		return _("{0} h").format(hours)
	return _("{0} min").format(minutes)
