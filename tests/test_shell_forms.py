"""No finding is built on a mis-read request: every catalog example with a curl command, typed in
cmd.exe and in PowerShell instead of bash (tests/shell_forms.py), gets the same findings in the
same order as in bash. Where the bash text is itself the mistake (a flattened continuation, a space
after a line-end backslash, a single-quoted variable), the words bash made of it are not what the
user meant: there the cmd.exe and PowerShell forms must agree with each other."""
from __future__ import annotations

import pytest

from triage.answer.report import triage
from triage.knowledge import load

from .shell_forms import COMMAND_START, in_cmd, in_powershell

# Mistakes in how the bash text itself is written: no Windows form of the same words has them.
BASH_TEXT_MISTAKES = {"flattened_line_continuation", "continuation_trailing_space", "shell_quoting"}
EXAMPLES = [pytest.param(example, id=f"{mistake.id}-{kind}-{i}")
            for mistake in load().mistakes.values()
            for kind, examples in (("positive", mistake.positive), ("negative", mistake.negative))
            for i, example in enumerate(examples) if COMMAND_START.search(example.text)]


def findings(text: str, now: object) -> list[str]:
    return [finding.id for finding in triage(text, now=now).findings]


def test_the_examples_hold_commands_of_every_kind():
    assert len(EXAMPLES) >= 100


@pytest.mark.parametrize("example", EXAMPLES)
def test_an_example_typed_in_cmd_or_powershell_gets_the_findings_it_gets_in_bash(example):
    in_bash = findings(example.text, example.now)
    in_windows = [findings(in_cmd(example.text), example.now), findings(in_powershell(example.text), example.now)]
    if BASH_TEXT_MISTAKES & set(in_bash):  # typed in Windows the words differ from what bash sent: the
        assert in_windows[0] == in_windows[1]  # two Windows shells still agree with each other
    else:
        assert in_windows == [in_bash, in_bash]
