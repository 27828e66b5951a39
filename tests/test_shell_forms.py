"""No finding is built on a mis-read request: every catalog example with a curl command, typed in
cmd.exe and in PowerShell instead of bash (tests/shell_forms.py), gets the same findings in the
same order as in bash. Where the bash text is itself the mistake (a flattened continuation, a space
after a line-end backslash, a single-quoted variable), the words bash made of it are not what the
user meant: there the cmd.exe and PowerShell forms must agree with each other. PowerShell's form is
read as PowerShell 7.3 and newer pass it; where an argument holds a double quote, the answer also
warns that older PowerShell drops it (powershell_native_quotes), and says nothing else new."""
from __future__ import annotations

import pytest

from triage.answer.report import triage
from triage.knowledge import load
from triage.read.extract import extract

from .shell_forms import COMMAND_START, in_cmd, in_powershell

# Mistakes in how the bash text itself is written: no Windows form of the same words has them.
BASH_TEXT_MISTAKES = {"flattened_line_continuation", "continuation_trailing_space", "shell_quoting"}
EXAMPLES = [pytest.param(example, id=f"{mistake.id}-{kind}-{i}")
            for mistake in load().mistakes.values()
            for kind, examples in (("positive", mistake.positive), ("negative", mistake.negative))
            for i, example in enumerate(examples) if COMMAND_START.search(example.text)]


VERSION_CAVEATS = {"powershell_native_quotes"}


def findings(text: str, now: object) -> list[str]:
    return [finding.id for finding in triage(text, now=now).findings if finding.id not in VERSION_CAVEATS]


def test_powershell_forms_with_quotes_inside_an_argument_get_the_version_caveat():
    quoted = [example for example in EXAMPLES
              if any('"' in (request.body or "") for request in extract(example.values[0].text).requests)]
    assert len(quoted) >= 5
    for example in quoted:
        ids = {finding.id for finding in triage(in_powershell(example.values[0].text), now=example.values[0].now).findings}
        assert "powershell_native_quotes" in ids, example.id


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
