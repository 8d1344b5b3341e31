"""Contract health before renewal (R31): a 0–100 score from five parts, each part shown. No frappe.

Each part is scored 0–100; the score is their weighted mean over the parts that have data (a contract
without ratings is judged on the rest):
- SLA met % (weight 30): the percentage itself;
- satisfaction (25): the recent mean rating on 0–100 ((r - 1) / 4), moved by 25 points per rating point
  it rose or fell against the earlier half of the window (at most ±25);
- margin % (20): 50 + 2.5 x margin % (20 % margin scores 100, -20 % scores 0);
- reopen rate (15): 100 - 5 x reopen % (20 % reopened scores 0);
- ticket trend (10): 100 while tickets do not rise; 50 points less per doubling of the earlier volume.
Every part is clamped to 0–100. 70 and up is Healthy, 50 and up Watch, below At Risk.
"""

from dataclasses import dataclass

WEIGHTS = {"sla": 30, "satisfaction": 25, "margin": 20, "reopen": 15, "ticket_trend": 10}
HEALTHY, WATCH = 70.0, 50.0


@dataclass(frozen=True)
class HealthFacts:
	sla_met_percent: float | None = None
	recent_rating: float | None = None
	earlier_rating: float | None = None
	margin_percent: float | None = None
	reopen_percent: float | None = None
	recent_tickets: int = 0
	earlier_tickets: int = 0


@dataclass(frozen=True)
class Health:
	parts: dict[str, float | None]
	score: float | None
	verdict: str


def clamp(value: float) -> float:
	return max(0.0, min(100.0, value))


def satisfaction_part(recent: float | None, earlier: float | None) -> float | None:
	if recent is None:
		return None
	move = max(-25.0, min(25.0, 25.0 * (recent - earlier))) if earlier is not None else 0.0
	return clamp(100.0 * (recent - 1) / 4 + move)


def ticket_trend_part(recent: int, earlier: int) -> float | None:
	if not recent and not earlier:
		return None
	if not earlier:
		return 50.0
	return clamp(100.0 - 50.0 * max(0.0, recent / earlier - 1))


def parts_of(f: HealthFacts) -> dict[str, float | None]:
	return {
		"sla": clamp(f.sla_met_percent) if f.sla_met_percent is not None else None,
		"satisfaction": satisfaction_part(f.recent_rating, f.earlier_rating),
		"margin": clamp(50.0 + 2.5 * f.margin_percent) if f.margin_percent is not None else None,
		"reopen": clamp(100.0 - 5.0 * f.reopen_percent) if f.reopen_percent is not None else None,
		"ticket_trend": ticket_trend_part(f.recent_tickets, f.earlier_tickets),
	}


def verdict_of(score: float | None) -> str:
	if score is None:
		return "No Data"
	return "Healthy" if score >= HEALTHY else "Watch" if score >= WATCH else "At Risk"


def health(f: HealthFacts) -> Health:
	parts = parts_of(f)
	known = {k: v for k, v in parts.items() if v is not None}
	if not known:
		return Health({k: None for k in parts}, None, verdict_of(None))
	weight = sum(WEIGHTS[k] for k in known)
	score = round(sum(WEIGHTS[k] * v for k, v in known.items()) / weight, 1)
	return Health(
		{k: (round(v, 1) if v is not None else None) for k, v in parts.items()}, score, verdict_of(score)
	)


def renewal_thresholds_due(days_left: int, thresholds: tuple[int, ...], already: set[int]) -> list[int]:
	"""The notice thresholds (e.g. 60 and 30 days) reached and not yet notified: each once, even if a day was missed."""
	return [
		t for t in sorted(thresholds, reverse=True) if days_left <= t and t not in already and days_left >= 0
	]
