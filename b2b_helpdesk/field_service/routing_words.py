"""The routing engine's reasons in the user's words (the engine gives codes and values only)."""

from decimal import Decimal

from frappe import _

from b2b_helpdesk.engine.routing import Reason, ReasonCode


def reason_text(reason: Reason) -> str:
	value = reason.value
	match reason.code:
		case ReasonCode.SKILL_CATEGORY:
			return _("knows {0}").format(_(value))
		case ReasonCode.SKILL_MODEL:
			return _("trained on model {0}").format(value)
		case ReasonCode.NO_SKILL_NEEDED:
			return _("no special skill needed")
		case ReasonCode.NO_SKILL:
			return _("lacks the skill")
		case ReasonCode.ON_DUTY:
			return _("on duty now")
		case ReasonCode.OFF_DUTY:
			return _("off duty now")
		case ReasonCode.SAME_TERRITORY:
			return _("based in {0}").format(_(value))
		case ReasonCode.SAME_ZONE:
			return _("travels to {0}").format(_(value))
		case ReasonCode.ELSEWHERE:
			return _("based elsewhere")
		case ReasonCode.SERVES_TIER:
			return _("serves {0} clients").format(_(value)) if value else _("serves every client tier")
		case ReasonCode.OTHER_TIER:
			return _("does not serve {0} clients").format(_(value))
		case ReasonCode.LOAD:
			return _("{0} h of open work").format(_hours(value))
	return str(reason.code.value)


def _hours(value: Decimal) -> str:
	return f"{value.normalize():f}" if value else "0"
