"""A ticket's curl commands written again as a Windows user would type them: in cmd.exe (double
quotes, %VAR%) and in PowerShell (curl.exe, single quotes, $env:VAR, backtick continuations).
The words are the ones bash makes of the command; only their quoting changes."""
from __future__ import annotations

import re

from triage.read.shell import Word, read_command

COMMAND_START = re.compile(r"(?m)^(?P<prompt>[ \t]*+(?:\$[ \t]++)?+)curl(?=[ \t])")
CMD_SPECIAL = re.compile(r'[\s"^&|<>()]')
PS_BARE = re.compile(r"[\w./:=+-]++")


def _variables(word: Word, form: str) -> str:
    """The word's text with each of its variables written as `form` (with {name})."""
    text = word.text
    for name in sorted(word.variables, key=len, reverse=True):
        text = re.sub(r"\$\{" + re.escape(name) + r"\}|\$" + re.escape(name) + r"(?!\w)",
                      lambda _: form.format(name=name), text)
    return text


def cmd_word(word: Word) -> str:
    """cmd.exe and the C runtime: double quotes, a quote inside as \\", backslashes before one doubled."""
    text = _variables(word, "%{name}%")
    if text and not CMD_SPECIAL.search(text):
        return text
    quoted = re.sub(r'(\\*+)"', lambda m: m.group(1) * 2 + '\\"', text)
    return '"' + re.sub(r"(\\++)$", r"\1\1", quoted) + '"'


def powershell_word(word: Word) -> str:
    """PowerShell: a word with variables in double quotes ($env:NAME, other $ and " escaped with a
    backtick); any other word bare when plain, else in single quotes ('' for a quote)."""
    if not word.variables:
        return word.text if PS_BARE.fullmatch(word.text) else "'" + word.text.replace("'", "''") + "'"
    escaped = re.sub(r'[`"$]', lambda m: "`" + m.group(0), word.text)
    for name in sorted(word.variables, key=len, reverse=True):
        escaped = re.sub(r"`\$\{" + re.escape(name) + r"\}|`\$" + re.escape(name) + r"(?!\w)",
                         lambda _: "$env:" + name, escaped)
    return '"' + escaped + '"'


def _rewrite(text: str, line_of: callable, form: callable) -> str:
    pieces, done = [], 0
    for match in COMMAND_START.finditer(text):
        if match.start() < done:
            continue
        start = match.start("prompt") + len(match.group("prompt")) - len(match.group("prompt").lstrip())
        command = read_command(text, match.end("prompt"), line_of(match.start()), "posix")
        pieces += [text[done:start], form([w for w in command.words[1:]])]
        done = command.end
    return "".join(pieces) + text[done:]


def _line_of(text: str) -> callable:
    return lambda at: text.count("\n", 0, at) + 1


def in_cmd(text: str) -> str:
    """The ticket with each curl command typed at a cmd.exe prompt, on one line."""
    return _rewrite(text, _line_of(text), lambda words: "C:\\work>curl " + " ".join(cmd_word(w) for w in words))


def in_powershell(text: str) -> str:
    """The ticket with each curl command typed in PowerShell as curl.exe, one option per line."""
    def form(words: list[Word]) -> str:
        lines, current = [], ["PS C:\\work> curl.exe"]
        for word in words:
            if word.text.startswith("-") and len(current) > 1 and not current[-1].startswith("-"):
                lines.append(" ".join(current))
                current = ["  "]
            current.append(powershell_word(word))
        return " `\n".join(lines + [" ".join(current)])
    return _rewrite(text, _line_of(text), form)
