"""The KPI scheme (R12): one group's KPIs from its tickets' stored facts, and whether each meets its target.

Definitions (the tickets are those opened in the period):
- first response / resolution: medians of the business seconds stored on each ticket, in hours;
- SLA met %: Met over Met + Breached (undecided and No SLA tickets are not rated);
- first-time fix %: of the resolved (or closed) tickets, those fixed with exactly one visit and never reopened;
- reopen %: of the tickets resolved at least once (done now, or reopened), those reopened at least once;
- backlog: tickets still open, opened up to the period's end (any period); its age is the mean days
  from opening to the period's end (or now, if earlier);
- utilisation %: hours logged on Timesheets over the engineer's working hours in the period;
- satisfaction: the mean client rating (1–5).
No frappe here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean, median

DONE = ("Resolved", "Closed")
LOWER_IS_BETTER = {
	"median_first_response",
	"median_resolution",
	"reopen_percent",
	"backlog",
	"backlog_age_days",
}
KPI_LABELS = {
	"median_first_response": "Median First Response (business h)",
	"median_resolution": "Median Resolution (business h)",
	"sla_met_percent": "SLA Met %",
	"first_time_fix_percent": "First-Time Fix %",
	"reopen_percent": "Reopen %",
	"backlog": "Backlog",
	"backlog_age_days": "Backlog Age (days)",
	"utilisation_percent": "Utilisation %",
	"satisfaction": "Satisfaction",
}


@dataclass(frozen=True)
class TicketFacts:
	status: str
	sla_state: str | None = None
	first_response_seconds: float | None = None
	resolution_seconds: float | None = None
	reopen_count: int = 0
	visits: int = 0
	rating: int | None = None


@dataclass
class GroupKpis:
	tickets: int = 0
	median_first_response: float | None = None
	median_resolution: float | None = None
	sla_met_percent: float | None = None
	first_time_fix_percent: float | None = None
	reopen_percent: float | None = None
	backlog: int = 0
	backlog_age_days: float | None = None
	utilisation_percent: float | None = None
	satisfaction: float | None = None
	ratings: int = 0
	on_target: dict = field(default_factory=dict)


def percent(part: int, whole: int) -> float | None:
	return round(100 * part / whole, 1) if whole else None


def hours_median(seconds: list[float]) -> float | None:
	return round(median(seconds) / 3600, 2) if seconds else None


def first_time_fixed(t: TicketFacts) -> bool:
	return t.status in DONE and t.visits == 1 and not t.reopen_count


def group_kpis(tickets: list[TicketFacts], backlog_opened_on: list[datetime], as_of: datetime) -> GroupKpis:
	met = sum(1 for t in tickets if t.sla_state == "Met")
	breached = sum(1 for t in tickets if t.sla_state == "Breached")
	resolved = [t for t in tickets if t.status in DONE]
	ever_resolved = [t for t in tickets if t.status in DONE or t.reopen_count]
	ratings = [t.rating for t in tickets if t.rating]
	ages = [(as_of - opened).total_seconds() / 86400 for opened in backlog_opened_on]
	return GroupKpis(
		tickets=len(tickets),
		median_first_response=hours_median(
			[t.first_response_seconds for t in tickets if t.first_response_seconds is not None]
		),
		median_resolution=hours_median(
			[t.resolution_seconds for t in tickets if t.resolution_seconds is not None]
		),
		sla_met_percent=percent(met, met + breached),
		first_time_fix_percent=percent(sum(1 for t in resolved if first_time_fixed(t)), len(resolved)),
		reopen_percent=percent(sum(1 for t in ever_resolved if t.reopen_count), len(ever_resolved)),
		backlog=len(backlog_opened_on),
		backlog_age_days=round(mean(ages), 1) if ages else None,
		satisfaction=round(mean(ratings), 2) if ratings else None,
		ratings=len(ratings),
	)


def utilisation(logged_hours: float, working_hours: float) -> float | None:
	return round(100 * logged_hours / working_hours, 1) if working_hours else None


def meets(kpi: str, value: float | None, target: float) -> bool | None:
	"""Whether a KPI's value meets its target; None when there is no value to judge."""
	if value is None:
		return None
	return value <= target if kpi in LOWER_IS_BETTER else value >= target


def judge(kpis: GroupKpis, targets: dict[str, float]) -> GroupKpis:
	kpis.on_target = {
		kpi: verdict
		for kpi, target in targets.items()
		if (verdict := meets(kpi, getattr(kpis, kpi, None), target)) is not None
	}
	return kpis
