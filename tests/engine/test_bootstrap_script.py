"""scripts/bootstrap.sh: its arguments and the guards that keep a second run from redoing (or breaking) things.

The whole run (packages, bench init, site, demo, start) needs a machine and minutes; it is run by hand
against a local mirror (README, "Quick start"). Here only what can be checked without touching the
machine: options, refusals, and `--plan`, which reports each step as done or to do and changes nothing.
"""

import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bootstrap.sh"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
	return subprocess.run(
		["bash", str(SCRIPT), *args],
		capture_output=True,
		text=True,
		timeout=60,
		env={**os.environ, **(env or {})},
	)


def tree(path: Path) -> list[str]:
	return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_help_names_every_option_and_setting():
	result = run("--help")
	assert result.returncode == 0
	for word in (
		"--plan",
		"--bench",
		"--site",
		"--port",
		"--no-demo",
		"--no-start",
		"FRAPPE_REPO",
		"ERPNEXT_REPO",
		"APP_REPO",
	):
		assert word in result.stdout


@pytest.mark.parametrize(
	"args, message",
	[
		(["--frobnicate"], "unknown option '--frobnicate'"),
		(["--port", "eighty"], "the port must be a number, not 'eighty'"),
		(["--site", "bad/name"], "'bad/name' is not a site name"),
		(["--bench"], "--bench needs a value"),
		(["--site", "--plan"], "--site needs a value"),
	],
)
def test_bad_arguments_are_refused_before_anything_runs(args, message, tmp_path):
	result = run(*args, "--bench", str(tmp_path / "b"))
	assert result.returncode == 2
	assert message in result.stderr
	assert not (tmp_path / "b").exists()


def test_a_directory_that_is_not_a_finished_bench_is_never_reused(tmp_path):
	half_built = tmp_path / "bench"
	(half_built / "apps" / "frappe").mkdir(parents=True)
	(half_built / "notes.txt").write_text("mine")
	before = tree(half_built)
	result = run("--bench", str(half_built), "--no-start", "--no-demo")
	assert result.returncode == 1
	assert "is not a finished bench" in result.stderr
	assert tree(half_built) == before


def test_plan_on_a_bare_directory_lists_every_step_to_do_and_creates_nothing(tmp_path):
	result = run("--plan", "--bench", str(tmp_path / "new-bench"), "--site", "desk.localhost")
	assert result.returncode == 0, result.stderr
	lines = result.stdout.splitlines()
	for step in (
		"bench init",
		"get-app erpnext",
		"get-app b2b_helpdesk",
		"new-site desk.localhost",
		"start the bench",
	):
		assert any(line.split()[:2] == ["to", "do"] and step in line for line in lines), (step, result.stdout)
	assert not (tmp_path / "new-bench").exists()


def test_plan_on_a_built_bench_finds_the_steps_done(tmp_path):
	# the layout bench init / get-app / new-site leave behind (what the script's checks read)
	bench = tmp_path / "bench"
	for app in ("frappe", "erpnext", "b2b_helpdesk"):
		(bench / "apps" / app).mkdir(parents=True)
	(bench / "env" / "bin").mkdir(parents=True)
	python = bench / "env" / "bin" / "python"
	python.write_text("#!/bin/sh\n")
	python.chmod(0o755)
	(bench / "sites" / "desk.localhost").mkdir(parents=True)
	(bench / "sites" / "apps.txt").write_text("frappe\nerpnext\nb2b_helpdesk\n")
	(bench / "sites" / "desk.localhost" / "site_config.json").write_text("{}")
	before = tree(bench)

	result = run("--plan", "--no-start", "--bench", str(bench), "--site", "desk.localhost")

	assert result.returncode == 0, result.stderr
	done = [line.split(None, 1)[1] for line in result.stdout.splitlines() if line.split()[:1] == ["done"]]
	assert "bench init" in done
	assert "get-app erpnext" in done
	assert "get-app b2b_helpdesk" in done
	assert "new-site desk.localhost" in done
	assert tree(bench) == before


def test_an_app_folder_without_its_line_in_apps_txt_is_not_taken_as_installed(tmp_path):
	bench = tmp_path / "bench"
	(bench / "apps" / "erpnext").mkdir(parents=True)
	(bench / "sites").mkdir()
	(bench / "sites" / "apps.txt").write_text("frappe\n")
	result = run("--plan", "--bench", str(bench))
	assert "to do    get-app erpnext" in result.stdout
