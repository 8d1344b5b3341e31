"""What a ticket must have before it may move into a status (R16, R32).

A rule names the status it guards, optionally a category (it then covers that category and every
category under it) and a handling path, and asks for fields to be filled in and/or the checklist
to be complete. Every rule that fits the move applies; the answer names everything missing, in
the rules' order, each item once, so the person moving the ticket fixes it all in one go.
One rule is built in: a ticket waits for a third party only when it names the third party.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WAITING_FOR_THIRD_PARTY = "Waiting for Third Party"


@dataclass(frozen=True)
class StatusRule:
	to_status: str
	required_fields: tuple[str, ...] = ()
	checklist_complete: bool = False
	category: str | None = None
	handling_path: str | None = None


BUILT_IN = (StatusRule(WAITING_FOR_THIRD_PARTY, required_fields=("third_party",)),)


@dataclass(frozen=True)
class ChecklistItem:
	item: str
	mandatory: bool
	done: bool


@dataclass(frozen=True)
class Move:
	to_status: str
	category_lineage: tuple[str, ...]  # the ticket's category and its ancestors, nearest first
	handling_path: str | None
	filled: frozenset[str]  # the ticket's fields that hold a value
	checklist: tuple[ChecklistItem, ...] = ()


@dataclass(frozen=True)
class Missing:
	fields: tuple[str, ...] = ()
	checklist: tuple[str, ...] = ()  # mandatory items not done yet

	def __bool__(self) -> bool:
		return bool(self.fields or self.checklist)


def applies(rule: StatusRule, move: Move) -> bool:
	return (
		rule.to_status == move.to_status
		and (rule.category is None or rule.category in move.category_lineage)
		and (rule.handling_path is None or rule.handling_path == move.handling_path)
	)


def missing_for(rules: Iterable[StatusRule], move: Move) -> Missing:
	fitting = [rule for rule in rules if applies(rule, move)]
	fields = _unique(f for rule in fitting for f in rule.required_fields if f not in move.filled)
	checklist: tuple[str, ...] = ()
	if any(rule.checklist_complete for rule in fitting):
		checklist = _unique(row.item for row in move.checklist if row.mandatory and not row.done)
	return Missing(fields, checklist)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
	return tuple(dict.fromkeys(values))


def with_built_in(rules: Sequence[StatusRule]) -> tuple[StatusRule, ...]:
	return (*BUILT_IN, *rules)
