"""Split one pasted shell command into words the way the shell would.

Why not `shlex`: tickets need what shlex discards. A variable must stay a
variable (and we must know if single quotes kept it literal), `$(...)` stays
opaque, a flattened `\\ --user` must be seen as the single literal word
" --user" that the shell makes of it, and Windows `cmd` rules (`^`
continuations, single quotes as plain characters) and PowerShell's (backtick
escapes and continuations, `$env:NAME`, no backslash escapes) differ. One left-to-right
pass over the characters keeps the cost linear in the input.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

TYPOGRAPHIC_QUOTES = "‘’‚‛“”„‟′″«»"
TYPOGRAPHIC = re.compile(f"[{TYPOGRAPHIC_QUOTES}]")
VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BLANK_LINE = re.compile(r"\n(?=[ \t]*+\n)")  # each start of a blank line, overlapping ones too
ANGLE_PLACEHOLDER = re.compile(r"<[\w.:@-]+>")
# A double quote with the backslashes right before it: an odd number escapes it (`\"` does not close
# double quotes); taken only where no backslash precedes, so each run of backslashes is read once.
ESCAPED_QUOTE = re.compile(r'(?<!\\)\\*+"')
OPERATORS = ("&&", "||", ";", "|", "&")
QUERY_GOES_ON = re.compile(r"&(?!&)[A-Za-z_][\w.-]*+=")  # an unquoted URL's query cut by the shell at `&name=`
# An unquoted ")" is an operator to POSIX shells too: it closes a subshell, or a command written
# inside parentheses in a sentence ("(curl -u me:$TOKEN)"), never part of a word.
DIALECT_OPERATORS = {"posix": (*OPERATORS, ")"), "cmd": OPERATORS, "powershell": OPERATORS}
# Runs of characters with no meaning to the dialect, taken at once instead of one by one; a word that
# is one such run (no quote, escape, variable or redirection anywhere in it) is taken whole.
PLAIN_RUN = {"posix": re.compile(r"[^\s'\"\\$`<>&|;)]++"), "cmd": re.compile(r"[^\s'\"^%<>&|;\\]++"),
             "powershell": re.compile(r"[^\s'\"$`<>&|;]++")}
# (Only where no word character precedes: a search then tries each run once.)
SIMPLE_WORDS = {dialect: re.compile(rf"(?<![^\s{special}]){word}(?:[ \t]++{word}){{0,255}}+")
                for dialect, special, word in (
                    ("posix", "'\"\\\\$`<>&|;#)", r"[^\s'\"\\$`<>&|;#)]++(?=[ \t\r\n]|\Z)"),
                    ("cmd", "'\"^%<>&|;", r"[^\s'\"^%<>&|;]++(?=[ \t\r\n]|\Z)"),
                    ("powershell", "'\"$`<>&|;#", r"[^\s'\"$`<>&|;#]++(?=[ \t\r\n]|\Z)"))}
BLANKS = re.compile(r"[ \t]++")
LINE_REST = re.compile(r"[ \t]*+(\r?\n|\Z)?")  # what follows on a line: group 1 when only blanks
MAX_WORDS = 10_000  # words read of one command
ANSI_NUMERIC = {"x": re.compile(r"[0-9A-Fa-f]{1,2}"), "u": re.compile(r"[0-9A-Fa-f]{1,4}"),
                "0": re.compile(r"[0-7]{0,3}")}
ANSI_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "e": "\x1b", "a": "\a"}
BACKTICK_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "v": "\v"}
POWERSHELL_VARIABLE = re.compile(r"env:([A-Za-z_]\w*+)|([A-Za-z_]\w*+)")
NON_BLANK = re.compile(r"\S++")
CONTINUATION = {"posix": "\\", "cmd": "^", "powershell": "`"}


# `AUTH=$(echo "me@acme.io:$TOKEN" | base64)` or `$(printf '%s:%s' "$U" "$T" | base64)` (or in
# backticks, or exported; a Makefile's `AUTH := $(shell echo "u:$(TOKEN)" | base64)`; a Jenkinsfile's
# `def auth = sh(script: "echo ${U}:${P} | base64", returnStdout: true).trim()`, whose trim() takes
# the line break off base64's output, not off the pair it encoded): a variable that holds a Basic
# header's encoded pair. Only looked for where the text says base64 at all.
ENCODED_ECHO = re.compile(r"(?m)^[ \t]*+(?:export[ \t]++|(?:def|val|var|const|let)[ \t]++)?([A-Za-z_]\w*+)"
                          r"(?:=|[ \t]*+[:?]?=[ \t]*+)[\"']?"
                          r"(?:\$\((?:shell[ \t]++)?|`|sh[ \t]*+\([ \t]*+(?:script:[ \t]*+)?[\"'])"
                          r"[ \t]*+(?=(echo|printf)[ \t])"
                          r"[^\n|`]*+\|[ \t]*+base64\b(?P<after>[^\n`)]*+)")
MAX_ENCODED = 100  # assignments read (a script has a few; a paste of thousands is no script)
ECHO_OPTION = re.compile(r"-[neE]++")  # -n (no line break after the text), -e, -E, or together: -ne
# GNU base64 breaks its output every 76 characters (57 bytes in) unless told not to (-w 0, or a
# `tr -d` of the line breaks after it); an API token alone is about 190 characters.
UNWRAPPED = re.compile(r"-w[ \t]*+0\b|--wrap[= ]0\b|\btr[ \t]++-d\b")
WRAP_BYTES = 57
LONG_VALUE = re.compile(r"(?i)\$\{?[A-Za-z_]*token")  # a variable holding a token: longer than a line of base64
PRINTF_FIELD = re.compile(r"%s")


# `BB_USER=me@acme.io`, `export BB_USER="me@acme.io"`, cmd's `set BB_USER=me@acme.io`, PowerShell's
# `$env:BB_USER = "me@acme.io"`: a literal value the ticket gives a variable its commands then use.
ASSIGNED = re.compile(r"(?m)^[ \t]*+(?:export[ \t]++|set[ \t]++|\$env:)?+([A-Za-z_]\w*+)[ \t]*+=[ \t]*+"
                      r"([\"']?+)([^\s\"'$%`]++)\2[ \t]*+$")
MAX_ASSIGNED = 200  # a script sets a handful


def assigned_values(text: str) -> dict[str, str]:
    """The literal values the ticket's shell, cmd or PowerShell lines assign to variables, by name (the
    last assignment wins)."""
    if "=" not in text:
        return {}
    return {match.group(1): match.group(3) for match in islice(ASSIGNED.finditer(text), MAX_ASSIGNED)}


class Encoded(NamedTuple):
    """What a shell variable base64-encodes: the text echo or printf printed, and whether the encoded
    value holds a line break (echo's without -n, a printf format's \\n, or base64's own wrapping)."""

    text: str
    line_break: bool


def encoded_variables(text: str) -> dict[str, Encoded]:
    """The ticket's shell variables assigned from `echo … | base64` or `printf … | base64`, by name
    (the last assignment wins, as in the shell)."""
    if "base64" not in text:
        return {}
    found: dict[str, Encoded] = {}
    for match in islice(ENCODED_ECHO.finditer(text), MAX_ENCODED):
        line_end = text.find("\n", match.end())
        printed = read_command(text[match.start(2):None if line_end < 0 else line_end])  # up to the pipe, in its line
        words = [word.text for word in printed.words[1:]]
        if match.group(2) == "printf":
            arguments = iter(words[1:])
            shown = PRINTF_FIELD.sub(lambda field: next(arguments, ""), words[0]) if words else ""
            shown, line_break = shown.replace("\\n", ""), "\\n" in shown
        else:
            options = 0
            while options < len(words) and ECHO_OPTION.fullmatch(words[options]):
                options += 1
            shown = " ".join(words[options:])
            line_break = not any("n" in word for word in words[:options])
        wraps = not UNWRAPPED.search(match.group("after")) and (len(shown) > WRAP_BYTES or LONG_VALUE.search(shown))
        found[match.group(1)] = Encoded(shown, line_break or bool(wraps))
    return found


@dataclass
class Word:
    """One shell word after quote removal; variables and substitutions kept as written."""

    text: str
    line: int
    start: int = -1  # where the word begins in the text
    variables: list[str] = field(default_factory=list)
    single_quoted_vars: list[str] = field(default_factory=list)
    substitution: bool = False
    starts_with_escaped_space: bool = False
    trailing_space_after_backslash: bool = False  # `\ ` ending its line: the continuation is broken


@dataclass
class Command:
    """Words of one command plus the damage seen while reading it."""

    words: list[Word]
    line: int
    end: int
    damage: list[tuple[str, str]] = field(default_factory=list)


class _Reader:
    """Character reader over `text` from `pos`, counting lines."""

    def __init__(self, text: str, pos: int, line: int, dialect: str) -> None:
        self.text = text
        self.pos = pos
        self.line = line
        self.dialect = dialect
        self.damage: list[tuple[str, str]] = []

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def take(self) -> str:
        char = self.text[self.pos]
        self.pos += 1
        if char == "\n":
            self.line += 1
        return char

    def note(self, kind: str, detail: str = "") -> None:
        if (kind, detail) not in self.damage:
            self.damage.append((kind, detail))


def read_command(text: str, pos: int = 0, line: int = 1, dialect: str = "posix") -> Command:
    """Read words from `pos` to the end of the command (newline, ;, |, &&, || or &).

    `dialect` is "posix", "cmd" (Windows cmd.exe) or "powershell".
    """
    reader = _Reader(text, pos, line, dialect)
    words: list[Word] = []
    start_line = line
    while True:
        if len(words) >= MAX_WORDS:  # no one typed this: the rest of its line is not read
            reader.note("too_many_words", f"more than {MAX_WORDS} words")
            line_end = text.find("\n", reader.pos)
            reader.pos = len(text) if line_end < 0 else line_end
            break
        _skip_blanks(reader)
        char = reader.peek()
        if char == "" or char == "\n" or char == "\r":
            break
        if dialect != "cmd" and char == "#":
            _skip_to_eol(reader)
            break
        simple = SIMPLE_WORDS[dialect].match(text, reader.pos)
        if simple:  # most words: a run of them in one regex match instead of a character at a time
            words += [Word(text=word.group(0), line=reader.line, start=simple.start() + word.start())
                      for word in NON_BLANK.finditer(simple.group(0))]
            reader.pos = simple.end()
            continue
        if text.startswith(DIALECT_OPERATORS[dialect], reader.pos):
            _cut_at_ampersand(reader, words)
            break
        if (char in "<>" and not ANGLE_PLACEHOLDER.match(text, reader.pos)) or (
                char.isdigit() and reader.peek(1) in "<>"):
            _skip_redirect(reader)
            continue
        at = reader.pos
        words.append(_read_word(reader))
        words[-1].start = at
    quotes = _typographic_quotes(text)
    quote = bisect.bisect_left(quotes, pos)
    if quote < len(quotes) and quotes[quote] < reader.pos:
        reader.note("typographic_quotes", "curly quotes are not shell quotes")
    return Command(words=words, line=start_line, end=reader.pos, damage=reader.damage)


def _cut_at_ampersand(reader: _Reader, words: list[Word]) -> None:
    """An unquoted URL whose query goes on after an `&` (…/pullrequests?state=MERGED&pagelen=50): the
    shell ends the command there and runs it in the background, so the request goes without the rest
    of its query."""
    if reader.dialect == "posix" and words and "://" in words[-1].text and "?" in words[-1].text \
            and QUERY_GOES_ON.match(reader.text, reader.pos):
        reader.note("url_cut_at_ampersand", "the & ends the command; the rest of the query is not sent")


def _skip_blanks(reader: _Reader) -> None:
    """Skip spaces and line continuations between words."""
    while True:
        blanks = BLANKS.match(reader.text, reader.pos)
        if blanks:
            reader.pos = blanks.end()  # spaces and tabs: the line count stays right
        if not _at_continuation(reader):
            return
        _take_continuation(reader)


def _at_continuation(reader: _Reader) -> bool:
    if reader.peek() != CONTINUATION[reader.dialect]:
        return False
    nxt = reader.peek(1)
    return nxt == "\n" or (nxt == "\r" and reader.peek(2) == "\n")


def _take_continuation(reader: _Reader) -> None:
    reader.take()
    if reader.peek() == "\r":
        reader.take()
    reader.take()


def _skip_to_eol(reader: _Reader) -> None:
    while reader.peek() not in ("", "\n"):
        reader.take()


def _skip_redirect(reader: _Reader) -> None:
    """Drop `>file`, `2>&1`, `< in`: what follows a command is not its arguments."""
    while reader.peek().isdigit():
        reader.take()
    while reader.peek() in ("<", ">", "&"):
        reader.take()
    if reader.text.startswith("&", reader.pos - 1) and reader.peek().isdigit():
        reader.take()
        return
    _skip_blanks(reader)
    if reader.peek() not in ("", "\n"):
        _read_word(reader)


def _read_word(reader: _Reader) -> Word:
    word = Word(text="", line=reader.line)
    parts: list[str] = []
    first = True
    while True:
        char = reader.peek()
        if char == "" or char in " \t\n" or (char == "\r" and reader.peek(1) == "\n"):
            break
        plain = PLAIN_RUN[reader.dialect].match(reader.text, reader.pos)
        if plain:
            parts.append(plain.group(0))
            reader.pos = plain.end()  # no newline in a plain run: the line count stays right
            first = False
            continue
        if reader.text.startswith(DIALECT_OPERATORS[reader.dialect], reader.pos):
            break
        if char in "<>" and reader.dialect != "cmd":
            placeholder = ANGLE_PLACEHOLDER.match(reader.text, reader.pos)
            if not placeholder:
                break
            parts.append(placeholder.group(0))
            for _ in range(placeholder.end() - reader.pos):
                reader.take()
            first = False
            continue
        if _at_continuation(reader):
            _take_continuation(reader)
            continue
        if reader.dialect == "cmd":
            parts.append(_read_cmd_piece(reader, word))
        elif reader.dialect == "powershell":
            parts.append(_read_powershell_piece(reader, word))
        else:
            parts.append(_read_posix_piece(reader, word, first))
        first = False
    word.text = "".join(parts)
    return word


def _read_cmd_piece(reader: _Reader, word: Word) -> str:
    """cmd.exe: ^ escapes, %VAR% expands, ' is a plain character; then the program's own argument
    rules (the Microsoft C runtime, which curl.exe uses): only double quotes group, and inside them
    `""` is one literal quote; backslashes are literal unless they precede a quote (see _backslashes)."""
    char = reader.peek()
    if char == "\\":
        return _backslashes(reader)
    reader.take()
    if char == "^":
        return reader.take() if reader.peek() else ""
    if char == "'":
        reader.note("cmd_single_quotes", "cmd.exe does not treat ' as a quote")
        return char
    if char == '"':
        out = []
        while reader.peek() not in ("", "\n"):
            if reader.peek() == "\\":
                out.append(_backslashes(reader))
                continue
            if reader.peek() == '"':
                reader.take()
                if reader.peek() != '"':
                    break
            out.append(reader.take())
        else:
            reader.note("unbalanced_quote", '"')
        text = "".join(out)
        word.variables += re.findall(r"%([A-Za-z_]\w*)%", text)
        return text
    if char == "%":
        match = re.compile(r"([A-Za-z_]\w*)%").match(reader.text, reader.pos)
        if match:
            for _ in range(match.end() - reader.pos):
                reader.take()
            word.variables.append(match.group(1))
            return f"%{match.group(1)}%"
    return char


def _read_powershell_piece(reader: _Reader, word: Word) -> str:
    """PowerShell: a backtick escapes the next character (`n a newline…), single quotes are literal
    (two single quotes are one), double quotes expand variables (two double quotes, or a backtick and a
    double quote, are one); a backslash is an
    ordinary character. Variables ($env:NAME, $NAME, ${NAME}) and $(…) stay as written."""
    char = reader.take()
    if char == "`":
        escaped = reader.take() if reader.peek() else ""
        return BACKTICK_ESCAPES.get(escaped, escaped)
    if char == "'":
        out = []
        while reader.peek() not in ("", "\n"):
            taken = reader.take()
            if taken == "'" and reader.peek() != "'":
                return "".join(out)
            out.append(reader.take() if taken == "'" else taken)  # '' is one quote
        reader.note("unbalanced_quote", "'")
        return "".join(out)
    if char == '"':
        out = []
        while reader.peek() not in ("", "\n"):
            inner = reader.peek()
            if inner == '"':
                reader.take()
                if reader.peek() != '"':
                    return "".join(out)
                out.append(reader.take())
            elif inner == "`":
                reader.take()
                escaped = reader.take() if reader.peek() else ""
                out.append(BACKTICK_ESCAPES.get(escaped, escaped))
            elif inner == "$":
                reader.take()
                out.append(_powershell_dollar(reader, word))
            else:
                out.append(reader.take())
        reader.note("unbalanced_quote", '"')
        return "".join(out)
    if char == "$":
        return _powershell_dollar(reader, word)
    return char


def _powershell_dollar(reader: _Reader, word: Word) -> str:
    """After a `$`: $env:NAME, $NAME, ${NAME} (variables, kept by name) or $(…) (kept opaque)."""
    if reader.peek() == "(":
        return _read_balanced(reader, word, "$")
    if reader.peek() == "{":
        end = reader.text.find("}", reader.pos)
        if end > 0:
            inner = reader.text[reader.pos + 1:end]
            reader.pos = end + 1
            word.variables.append(inner)
            return "${" + inner + "}"
    match = POWERSHELL_VARIABLE.match(reader.text, reader.pos)
    if not match:
        return "$"
    reader.pos = match.end()
    name = match.group(1) or match.group(2)
    word.variables.append(name)
    return "$" + name  # $env:NAME as $NAME: a value is then split (user:password) where curl splits it


def _backslashes(reader: _Reader) -> str:
    """The C runtime's rule: 2n backslashes before a quote are n backslashes (the quote still
    delimits), 2n+1 are n backslashes and a literal quote; anywhere else backslashes are literal."""
    start = reader.pos
    while reader.peek() == "\\":
        reader.take()
    count = reader.pos - start
    if reader.peek() != '"':
        return "\\" * count
    if count % 2:
        reader.take()
        return "\\" * (count // 2) + '"'
    return "\\" * (count // 2)


def _read_posix_piece(reader: _Reader, word: Word, first: bool) -> str:
    char = reader.peek()
    if char == "\\":
        reader.take()
        escaped = reader.take() if reader.peek() else ""
        if escaped == " " and first:
            word.starts_with_escaped_space = True
            line_end = LINE_REST.match(reader.text, reader.pos)
            word.trailing_space_after_backslash = bool(line_end and line_end.group(1))
        return escaped
    if char == "'":
        reader.take()
        return _read_single_quoted(reader, word)
    if char == '"':
        reader.take()
        return _read_double_quoted(reader, word)
    if char == "$":
        return _read_dollar(reader, word, quoted=False)
    if char == "`":
        return _read_backticks(reader, word)
    return reader.take()


@lru_cache(maxsize=2)
def _typographic_quotes(text: str) -> list[int]:
    """Where the text holds curly quotes: found once per text, not once per command."""
    return [match.start() for match in TYPOGRAPHIC.finditer(text)]


@lru_cache(maxsize=2)
def _blank_lines(text: str) -> list[int]:
    """Where each blank line of a text starts: found once per text, not once per quote."""
    return [match.start() for match in BLANK_LINE.finditer(text)]


def _quote_end(reader: _Reader, quote: str) -> int:
    """Where a quote closes; a quote left open past a blank line is a typo, closed at its line's end."""
    end = reader.text.find(quote, reader.pos) if quote == "'" else next(
        (m.end() - 1 for m in ESCAPED_QUOTE.finditer(reader.text, reader.pos) if len(m.group(0)) % 2), -1)
    blanks = _blank_lines(reader.text)
    blank = bisect.bisect_left(blanks, reader.pos)
    if end >= 0 and (blank == len(blanks) or end < blanks[blank]):
        return end
    reader.note("unbalanced_quote", quote)
    line_end = reader.text.find("\n", reader.pos)
    return len(reader.text) if line_end < 0 else line_end


def _read_single_quoted(reader: _Reader, word: Word) -> str:
    end = _quote_end(reader, "'")
    text = reader.text[reader.pos:end]
    for _ in range(end - reader.pos):
        reader.take()
    if reader.peek() == "'":
        reader.take()
    for match in re.finditer(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", text):
        word.single_quoted_vars.append(match.group(1))
        reader.note("single_quoted_variable", match.group(1))
    return text


def _read_double_quoted(reader: _Reader, word: Word) -> str:
    out: list[str] = []
    limit = _quote_end(reader, '"')
    while True:
        char = reader.peek()
        if reader.pos >= limit and char != '"':
            return "".join(out)
        if char == "":
            reader.note("unbalanced_quote", '"')
            return "".join(out)
        if char == '"':
            reader.take()
            return "".join(out)
        if char == "\\":
            reader.take()
            nxt = reader.peek()
            if nxt == "\n":
                reader.take()
            elif nxt in ('"', "\\", "$", "`"):
                out.append(reader.take())
            else:
                out.append("\\")
        elif char == "$":
            _special_parameter(reader, out)
            out.append(_read_dollar(reader, word, quoted=True))
        elif char == "`":
            out.append(_read_backticks(reader, word))
        else:
            out.append(reader.take())


def _special_parameter(reader: _Reader, out: list[str]) -> None:
    """A $$ or $! between letters of a literal ("Pa$$w0rd" in double quotes): the shell puts its
    process id there, so the secret sent is not the one typed. (At a word's end, "out.$$" names a
    file after the process on purpose.)"""
    after = reader.text[reader.pos + 1:reader.pos + 3]
    if len(after) == 2 and after[0] in "$!" and after[1].isalnum() and out and out[-1][-1:].isalnum():
        reader.note("special_parameter", "$" + after[0])


def _read_dollar(reader: _Reader, word: Word, quoted: bool) -> str:
    """$VAR, ${VAR…}, $(…), $'…': variables stay named, substitutions stay opaque."""
    reader.take()
    nxt = reader.peek()
    if nxt == "'" and not quoted:
        reader.take()
        return _read_ansi_c(reader)
    if nxt == "(":
        return _read_balanced(reader, word, "$")
    if nxt == "{":
        end = reader.text.find("}", reader.pos)
        if end < 0:
            reader.note("unbalanced_quote", "${")
            return "$"
        inner = reader.text[reader.pos + 1:end]
        for _ in range(end + 1 - reader.pos):
            reader.take()
        name = VAR_NAME.match(inner)
        word.variables.append(name.group(0) if name else inner)
        return "${" + inner + "}"
    match = VAR_NAME.match(reader.text, reader.pos)
    if match:
        for _ in range(match.end() - reader.pos):
            reader.take()
        word.variables.append(match.group(0))
        return "$" + match.group(0)
    return "$"


def _read_ansi_c(reader: _Reader) -> str:
    out: list[str] = []
    while reader.peek() not in ("", "'"):
        char = reader.take()
        if char == "\\" and reader.peek():
            escaped = reader.take()
            numeric = ANSI_NUMERIC.get(escaped)
            match = numeric.match(reader.text, reader.pos) if numeric else None
            if match:
                for _ in range(match.end() - reader.pos):
                    reader.take()
                out.append(chr(int(match.group(0), 8 if escaped == "0" else 16)))
            else:
                out.append(ANSI_ESCAPES.get(escaped, "\\" + escaped))
        else:
            out.append(char)
    if reader.peek() == "'":
        reader.take()
    else:
        reader.note("unbalanced_quote", "$'")
    return "".join(out)


def _read_balanced(reader: _Reader, word: Word, lead: str) -> str:
    """Consume `(…)` with nesting; the content is never interpreted."""
    depth = 0
    start = reader.pos
    while reader.peek():
        char = reader.take()
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                break
    else:
        reader.note("unbalanced_quote", "$(")
    word.substitution = True
    reader.note("command_substitution", "")
    return lead + reader.text[start:reader.pos]


def _read_backticks(reader: _Reader, word: Word) -> str:
    reader.take()
    end = reader.text.find("`", reader.pos)
    if end < 0:
        reader.note("unbalanced_quote", "`")
        end = len(reader.text)
    inner = reader.text[reader.pos:end]
    for _ in range(min(end + 1, len(reader.text)) - reader.pos):
        reader.take()
    word.substitution = True
    reader.note("command_substitution", "")
    return "`" + inner + "`"
