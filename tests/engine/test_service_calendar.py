"""Service calendars: the problems `find_problems` names, and how a calendar keeps hashable."""

import pickle
from datetime import date, time, timedelta

import pytest

from b2b_helpdesk.engine.service_calendar import CalendarError, Problem, find_problems, validate_calendar
from tests.engine.clock_cases import MONDAY, ServiceCalendar, Window, office, weekdays


def codes(calendar: ServiceCalendar) -> list[str]:
	return [problem.code for problem in find_problems(calendar)]


# ---------------------------------------------------------------------------
# calendar problems


def test_a_good_calendar_has_no_problems():
	assert find_problems(office()) == []
	assert find_problems(ServiceCalendar.always("America/New_York")) == []
	validate_calendar(office())


def test_overlapping_windows_are_named():
	nine_to_six, noon_to_eight = Window(0, time(9), time(18)), Window(0, time(12), time(20))
	problems = find_problems(ServiceCalendar((nine_to_six, noon_to_eight, Window(1, time(9), time(18)))))
	assert problems == [Problem("overlap", (nine_to_six, noon_to_eight))]


def test_an_overnight_window_overlapping_the_next_morning():
	night, morning = Window(0, time(22), time(6)), Window(1, time(5), time(9))
	assert find_problems(ServiceCalendar((night, morning))) == [Problem("overlap", (night, morning))]
	assert find_problems(ServiceCalendar((night, Window(1, time(6), time(9))))) == []


def test_sunday_night_running_into_monday():
	sunday_night, monday = Window(6, time(22), time(2)), Window(0, time(1), time(9))
	assert codes(ServiceCalendar((monday, sunday_night))) == ["overlap"]
	assert codes(ServiceCalendar((Window(0, time(2), time(9)), sunday_night))) == []
	assert codes(ServiceCalendar((Window(6, time(0), time(0)), Window(0, time(0), time(1))))) == []
	assert codes(ServiceCalendar((Window(6, time(12), time(12, 1)), Window(6, time(12), time(12, 1))))) == [
		"overlap"
	]


def test_empty_window():
	empty = Window(2, time(9), time(9))
	assert find_problems(ServiceCalendar((Window(0, time(9), time(18)), empty))) == [
		Problem("empty_window", (empty,))
	]
	assert codes(ServiceCalendar((Window(2, time(0), time(0)),))) == []


def test_no_windows():
	assert codes(ServiceCalendar(())) == ["no_windows"]


def test_bad_timezone():
	assert codes(office("Mars/Olympus_Mons")) == ["bad_timezone"]
	assert codes(office("")) == ["bad_timezone"]
	assert codes(office("../etc/passwd")) == ["bad_timezone"]


def test_holidays_covering_every_day():
	today = date.today()
	every_day = frozenset(today + timedelta(days=n) for n in range(400))
	assert codes(ServiceCalendar.always("Europe/Berlin", every_day)) == ["no_working_time"]
	workdays = frozenset(day for day in every_day if day.weekday() < 5)
	assert codes(office(holidays=workdays)) == ["no_working_time"]
	assert codes(office(holidays=workdays - {min(workdays)})) == []


def test_validate_collects_every_problem():
	bad = ServiceCalendar(
		(Window(0, time(9), time(9)), Window(1, time(9), time(18)), Window(1, time(8), time(10))), "Nowhere"
	)
	with pytest.raises(CalendarError) as error:
		validate_calendar(bad)
	assert [p.code for p in error.value.problems] == ["bad_timezone", "empty_window", "overlap"]
	assert "Tue 09:00-18:00 and Tue 08:00-10:00 overlap" in str(error.value)
	assert pickle.loads(pickle.dumps(error.value)).problems == error.value.problems


def test_lists_and_sets_are_accepted_and_kept_hashable():
	calendar = ServiceCalendar(list(weekdays(time(9), time(18))), "Europe/Moscow", {MONDAY})
	assert calendar == office(holidays={MONDAY})
	assert hash(calendar) == hash(office(holidays={MONDAY}))
