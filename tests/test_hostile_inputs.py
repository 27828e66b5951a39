"""Hostile pastes: every one gets a normal answer, the work it costs grows linearly with its size,
globs are counted rather than expanded, and over the size limit the answer is a clear refusal.

The rows are the inputs that once took seconds to minutes, or raised (issue 14's table). Work is
measured by counting the lines of bbhelp's code executed (tests/work_count.py) at a size n and 4n:
linear work grows about 4x, quadratic 16x. Wall-clock figures for the same rows, up to 1 MB, are
in `python -m bench --only hostile`.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from tests.hostile import ROWS
from tests.work_count import lines_executed
from triage.answer.render import FORMATS, render
from triage.answer.report import triage
from triage.read.curl_glob import MAX_URLS, GlobError, expand
from triage.read.extract import MAX_TICKET_CHARS, TicketTooLarge

NOW = date(2026, 11, 22)


def answered(text: str) -> None:
    """A normal answer: a report that renders in every format (JSON that parses)."""
    report = triage(text, now=NOW)
    for fmt in FORMATS:
        rendered = render(report, fmt)
        assert rendered
    json.loads(render(report, "json"))


@pytest.mark.parametrize("row", ROWS)
def test_a_hostile_paste_gets_a_normal_answer_at_size(row):
    text = ROWS[row](20_000)
    answered(text[:MAX_TICKET_CHARS])


@pytest.mark.parametrize("row", ROWS)
def test_the_work_a_hostile_paste_costs_grows_linearly(row):
    small = lines_executed(triage, ROWS[row](300), NOW)
    large = lines_executed(triage, ROWS[row](1_200), NOW)
    assert large <= 5 * small, f"{row}: {small} lines of work for n, {large} for 4n"


@pytest.mark.parametrize("text", [
    '{"error": ' + "[" * 100_000,  # deeper than the JSON decoder's recursion limit
    "curl -u me:\udfff https://api.bitbucket.org/2.0/user",  # a lone surrogate, as a JSON escape makes one
    "curl https://api.bitbucket.org/2.0/[a-z:0]",  # a glob step of 0
    "curl https://api.bitbucket.org/2.0/[1-99999999999999999999999]",
    "\x00" * 1000 + "curl -u a:b https://api.bitbucket.org/2.0/user",
    "curl -u me@acme.io:pass -H 'Authorization: Basic bWU6cGFzcw==' -u jdoe:ATBBxyzxyzxyzxyzxyz123456 "
    "https://api.bitbucket.org/2.0/user",  # a 4-character password inside the kinds' own words
])
def test_inputs_that_once_raised_get_an_answer(text):
    answered(text)


def test_a_glob_is_counted_not_expanded():
    members = 40_000
    url = "https://api.bitbucket.org/2.0/repositories/{" + ",".join(f"w{i}" for i in range(members)) + "}/app"
    expanded = expand(url)
    assert expanded.count == members and len(expanded.urls) == MAX_URLS
    assert expand("https://x.io/[1-3000000000][1-3]").count == 9_000_000_000
    report = triage(f"curl '{url}'", now=NOW)
    assert len(report.facts.requests) == MAX_URLS
    glob = next(f for f in report.findings if f.id == "url_glob_expands")
    assert any(f"{members:,} URLs" in line for line in glob.details)


@pytest.mark.parametrize("url, error", [
    ("https://x.io/[a-z:0]", "bad range"), ("https://x.io/[5-1]", "bad range"), ("https://x.io/[1-5:10]", "bad range"),
    ("https://x.io/[A-z]", "bad range"), ("https://x.io/{}", "empty string within braces"),
    ("https://x.io/[0-9223372036854775807][0-1]", "range overflow"), ("https://x.io/" + "x{a}" * 50, "too many globs"),
])
def test_globs_curl_refuses_are_refused_with_its_reason(url, error):
    with pytest.raises(GlobError, match=error):
        expand(url)
    report = triage(f"curl '{url}'", now=NOW)
    refused = next(f for f in report.findings if f.id == "url_glob_refused")
    assert any(error in line for line in refused.details)


def test_over_the_size_limit_the_cli_says_so_with_the_limit():
    run = subprocess.run([sys.executable, "-m", "triage.cli", "triage", "-"], input="a" * (MAX_TICKET_CHARS + 1),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == ""
    assert f"{MAX_TICKET_CHARS:,} characters" in run.stderr and "Traceback" not in run.stderr
    with pytest.raises(TicketTooLarge):
        triage("a" * (MAX_TICKET_CHARS + 1))
