# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from zoneinfo import available_timezones

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_system_timezone

from b2b_helpdesk.engine.business_time import Problem, find_problems
from b2b_helpdesk.service_contracts.service_level import as_time, calendar_of

PRIORITIES = ("Low", "Medium", "High", "Urgent")


class ServiceLevelPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from b2b_helpdesk.service_contracts.doctype.service_level_stage_limit.service_level_stage_limit import (
			ServiceLevelStageLimit,
		)
		from b2b_helpdesk.service_contracts.doctype.service_level_target.service_level_target import (
			ServiceLevelTarget,
		)
		from b2b_helpdesk.service_contracts.doctype.service_level_working_hours.service_level_working_hours import (
			ServiceLevelWorkingHours,
		)
		from frappe.types import DF

		always_on: DF.Check
		at_risk_percent: DF.Percent
		description: DF.SmallText | None
		enabled: DF.Check
		escalate_to_manager_after: DF.Duration | None
		holiday_list: DF.Link | None
		pause_on_waiting_for_customer: DF.Check
		pause_on_waiting_for_third_party: DF.Check
		policy_name: DF.Data
		stage_limits: DF.Table[ServiceLevelStageLimit]
		targets: DF.Table[ServiceLevelTarget]
		third_party_ola: DF.Duration | None
		timezone: DF.Autocomplete
		working_hours: DF.Table[ServiceLevelWorkingHours]

	# end: auto-generated types
	def validate(self) -> None:
		self.timezone = self.timezone or get_system_timezone()
		self.check_windows()
		self.check_calendar()
		self.check_targets()
		self.check_stage_limits()
		self.check_at_risk_percent()

	def check_windows(self) -> None:
		if self.always_on:
			self.working_hours = []
			return
		if not self.working_hours:
			frappe.throw(_("Add working hours, or tick 24 × 7"), title=_("No Working Time"))
		for row in self.working_hours:
			start, end = as_time(row.start_time), as_time(row.end_time)
			if end <= start and not row.past_midnight:
				frappe.throw(
					_(
						"Working hours row {0}: {1} ends at {2}, before it starts at {3}. "
						"Tick 'Ends Next Day' for a window past midnight."
					).format(row.idx, _(row.weekday), end.strftime("%H:%M"), start.strftime("%H:%M")),
					title=_("Window Ends Before It Starts"),
				)
			if end > start and row.past_midnight:
				frappe.throw(
					_(
						"Working hours row {0}: {1} to {2} does not run past midnight; untick 'Ends Next Day'"
					).format(row.idx, start.strftime("%H:%M"), end.strftime("%H:%M")),
					title=_("Invalid Window"),
				)

	def check_calendar(self) -> None:
		if self.timezone not in available_timezones():
			frappe.throw(
				_("Unknown time zone {0}").format(frappe.bold(self.timezone)), title=_("Invalid Time Zone")
			)
		problems = find_problems(calendar_of(self))
		if problems:
			frappe.throw(
				[self.describe(problem) for problem in problems],
				title=_("Invalid Service Calendar"),
				as_list=True,
			)

	def describe(self, problem: Problem) -> str:
		windows = ", ".join(
			f"{_(('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')[w.weekday])} "
			f"{w.start.strftime('%H:%M')}–{w.end.strftime('%H:%M')}"
			for w in problem.windows
		)
		messages = {
			"no_windows": _("The calendar has no working hours"),
			"bad_timezone": _("Unknown time zone {0}").format(self.timezone),
			"empty_window": _("A window starts and ends at the same time: {0}").format(windows),
			"overlap": _("Working hours overlap: {0}").format(windows),
			"no_working_time": _(
				"There is no working time left: the holiday list {0} covers every working day"
			).format(self.holiday_list or ""),
		}
		return messages.get(problem.code, problem.code)

	def check_targets(self) -> None:
		seen = set()
		for row in self.targets:
			key = (row.priority, row.category or None)
			if key in seen:
				frappe.throw(
					_("Targets row {0}: priority {1} {2} is set twice").format(
						row.idx,
						_(row.priority),
						_("in category {0}").format(row.category) if row.category else "",
					),
					title=_("Duplicate Target"),
				)
			seen.add(key)
			for field in ("first_response_time", "resolution_time"):
				if row.get(field) is not None and row.get(field) < 0:
					frappe.throw(
						_("Targets row {0}: {1} cannot be negative").format(
							row.idx, _(row.meta.get_label(field))
						),
						title=_("Invalid Target"),
					)
			if not (row.first_response_time or row.resolution_time):
				frappe.throw(
					_("Targets row {0}: set a first response or a resolution time above zero").format(
						row.idx
					),
					title=_("Invalid Target"),
				)
		missing = [p for p in PRIORITIES if (p, None) not in seen]
		if missing:
			frappe.throw(
				_("Set targets without a category for every priority; missing: {0}").format(
					", ".join(_(p) for p in missing)
				),
				title=_("Missing Targets"),
			)

	def check_stage_limits(self) -> None:
		seen = set()
		for row in self.stage_limits:
			if row.status in seen:
				frappe.throw(
					_("Stage limit for {0} is set twice").format(_(row.status)),
					title=_("Duplicate Stage Limit"),
				)
			seen.add(row.status)
			if not row.max_time or row.max_time <= 0:
				frappe.throw(
					_("Stage limit row {0}: the time must be above zero").format(row.idx),
					title=_("Invalid Stage Limit"),
				)

	def check_at_risk_percent(self) -> None:
		if not 0 < (self.at_risk_percent or 0) < 100:
			frappe.throw(
				_("'At Risk When Used' must be between 0 and 100 percent"), title=_("Invalid Threshold")
			)
