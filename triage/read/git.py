"""git commands that talk to Bitbucket, and git's authentication error lines.

Why: git over HTTPS pairs user and secret differently from the REST API
(username or x-bitbucket-api-token-auth with an API token, x-token-auth with
an access token). The user part of the remote URL is the evidence.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from triage.gate import Gated, fold
from triage.read.evidence import Collector
from triage.read.lines import LineIndex
from triage.reason.vocabulary import GitCommand, GitError
from triage.secrets.redaction import redact_text

# \bgit\b with the word boundary checked behind the literal start: `re` scans fast for a literal.
# `git [-c name=value]… action rest-of-line`: each -c value is one shell word (unquoted runs and
# quoted strings, whose alternatives start with different characters). `git` starts a command only
# after a blank or a separator, never inside a word, so no -c value is read twice: linear.
GIT = re.compile(r"""(?<![^\s;|&(`])git\b((?:[ \t]++-c[ \t]++(?:[^\s"']++|"[^"\n]*+"|'[^'\n]*+')++)*+)[ \t]++"""
                 r"(clone|fetch|pull|push|ls-remote|remote[ \t]++(?:add[ \t]++\S++|set-url[ \t]++\S++))"
                 r"[ \t]++([^\n]*+)")
URL = re.compile(  # a CI expression (${{ secrets.BB_TOKEN }}) is one piece of a URL, spaces and all
    r"(https?://(?:[^\s'\"<>$]++|\$\{\{[^}\n]*+\}\}|\$)++|git@[\w.-]+:[^\s'\"]+|ssh://[^\s'\"]+)")
# A Bitbucket remote with a user part, written outside a git command, up to its .git (a ?ref= after);
# the user part may hold a / of a secret written unencoded (Composer's "url": "https://u:ab/c@…").
CONFIGURED_REMOTE = re.compile(r"(https://[^\s'\"<>@/]++(?:/[^\s'\"<>@/]*+){0,3}+@bitbucket\.org/[^\s'\"<>?]+?\.git)"
                               r"(?![\w.-])")
# git's URL rewrite with credentials in it: url."https://$TOKEN@bitbucket.org/".insteadOf "https://bitbucket.org/"
# (a Dockerfile's way to let `go mod download` or `pip install` fetch private repositories).
INSTEAD_OF = re.compile(r"""url\.["']?+(https://[^\s'"<>@/]++@bitbucket\.org/)["']?+\.insteadOf\b""", re.I)
EXTRA_HEADER = re.compile(r"""http\.extraheader=["']?(Authorization:[ \t]*+[^"'\n]++)""", re.I)
ERRORS = [  # each kind's pattern behind the words any match of it holds once folded (see gate.py)
    ("auth_failed", Gated(("fatal: authentication failed for",),
                          re.compile(r"fatal: Authentication failed for '?([^'\n]*)'?"))),
    ("invalid_credentials", Gated(("remote: invalid credentials", "invalid username or password"),
                                  re.compile(r"remote: Invalid credentials|Invalid username or password", re.I))),
    ("no_access", Gated(("remote: you may not have access to this repository", "remote: repository not found",
                         "does not have access"),
                        re.compile(r"remote: You may not have access to this repository|"
                                   r"remote: Repository not found|does not have access", re.I))),
    ("not_found", Gated(("fatal: repository '",), re.compile(r"fatal: repository '[^'\n]*' not found"))),
    # (also told in prose: "it asks me for the password for 'https://me@…'")
    ("password_prompt", Gated(("password for '",), re.compile(r"Password for '([^'\n]*)'", re.I))),
    ("username_prompt", Gated(("username for '",), re.compile(r"Username for '([^'\n]*)'", re.I))),
    # curl's URL parser, under git, when a secret's / # ? or @ splits the URL early: the rest of the
    # user part becomes a "port" ("URL rejected: Port number was not a decimal number…", older
    # curl: "Port number ended with 'x'") or the whole URL is refused.
    ("bad_url", Gated(("url using bad/illegal format", "port number was not a decimal", "port number ended with"),
                      re.compile(r"URL using bad/illegal format|Port number was not a decimal|Port number ended with",
                                 re.I))),
    # go-git's error (Argo CD, Flux, Terraform's module fetcher): "authentication required"
    ("auth_required", Gated(("authentication required",), re.compile(r"\bauthentication required\b", re.I))),
    ("account_password_rejected", Gated(("stopped supporting account passwords", "app password"),
                                        re.compile(r"stopped supporting account passwords|app password", re.I))),
]

# Where go-git's "authentication required" is git's: beside a clone, fetch, repository or an RPC's error.
GIT_CONTEXT = re.compile(r"\b(?:git|clon\w*|fetch\w*|repositor\w*|rpc error)\b", re.I)

# What git prints only once the remote let it in: the transfer ran (clone, fetch, pull, push).
TRANSFERRED = re.compile(r"(?:Receiving|Writing) objects: 100%|Everything up-to-date|Already up to date")

# One pass over the folded text finds the lines worth the per-kind look (a ticket may be megabytes
# of log): the kinds' words, case-sensitive, which `re` scans far faster than case-insensitive patterns.
ERROR_WORDS = re.compile("|".join(re.escape(word) for _, gated in ERRORS for word in gated.words))


def extract_git(text: str, lines: LineIndex, sink: Collector) -> None:
    for match in GIT.finditer(text):
        rest_end = match.end(3)
        if match.start() and text[match.start() - 1] == "`":  # `git remote set-url …` in a sentence: to its backtick
            closing = text.find("`", match.start(3), rest_end)
            rest_end = rest_end if closing == -1 else closing
        url_match = URL.search(text, match.start(3), rest_end)
        if not url_match:
            continue
        line = lines.line_of(match.start())
        action = match.group(2).split()[0] if not match.group(2).startswith("remote") else " ".join(
            match.group(2).split()[:2])
        sink.found.git_commands.append(_command(action, match.group(1) or "", url_match.group(1), line, sink))
        # the words after it may be the asker's; so may a -c credential.helper=… (the helper chosen
        # is evidence of its own)
        helper = "credential.helper" in match.group(1)
        sink.consume(line, line, match.start(), match.start(1) if helper else url_match.end())
        if helper:
            sink.consume(line, line, match.start(2), url_match.end())
    folded = fold(text)  # may grow (ß becomes ss) but keeps every line break, so line numbers hold
    if "@bitbucket.org/" in text:
        _configured_remotes(text, folded, lines, sink)
    _transfers(text, lines, sink.found.git_commands)
    split = text.split("\n")
    folded_lines = lines if len(folded) == len(text) else LineIndex(folded)
    for number in sorted({folded_lines.line_of(m.start()) for m in ERROR_WORDS.finditer(folded)}):
        line_text = split[number - 1]
        for kind, gated in ERRORS:
            found = gated.pattern.search(line_text)
            # git's own words come after its "remote:" or "fatal:" ("Repo remote:" ending a sentence
            # about an app password makes no message of it)
            said = line_text[:found.end()] if found else ""
            if found and ("remote:" in said or "fatal:" in said
                          or kind.endswith("prompt") or (kind == "auth_required" and GIT_CONTEXT.search(line_text))):
                sink.found.git_errors.append(_error(kind, found, number, sink))
                break


def _configured_remotes(text: str, folded: str, lines: LineIndex, sink: Collector) -> None:
    """Remotes with their credentials written where git is not typed: a Terraform module source
    (git::https://…), a package.json or requirements.txt dependency (git+https://…), a Jenkins or
    Ansible repo URL. What git would send is the same as for `git clone URL`."""
    for match in _configured_urls(text, folded):
        line = lines.line_of(match.start())
        if line not in sink.consumed:
            remote = _command("remote", "", match.group(1), line, sink)
            sink.found.git_commands.append(remote.model_copy(update={"configured": True}))
            sink.consume(line, line)


def _configured_urls(text: str, folded: str) -> Iterator[re.Match[str]]:
    """Remotes written with their credentials, then URL rewrites that put credentials in every
    Bitbucket URL git fetches (behind the folded text's word: git's config keys take any case)."""
    yield from CONFIGURED_REMOTE.finditer(text)
    if "insteadof" in folded:
        yield from INSTEAD_OF.finditer(text)


def _transfers(text: str, lines: LineIndex, commands: list[GitCommand]) -> None:
    """A transfer printed after a command (and before the next one) is that command's: it got in."""
    starts = [command.line for command in commands]
    for match in TRANSFERRED.finditer(text):
        at = bisect.bisect_right(starts, lines.line_of(match.start())) - 1
        if at >= 0:
            commands[at].transferred = True


def _command(action: str, options: str, url: str, line: int, sink: Collector) -> GitCommand:
    command = GitCommand(line=line, action=action)
    if url.startswith(("git@", "ssh://")):
        return command.model_copy(update={"scheme": "ssh", "url": url, "host": url.split("@")[-1].split(":")[0]})
    scheme, _, rest = url.partition("://")
    # A / ? # @ or second : in the user part means a secret was put in the URL without being
    # percent-encoded: git (and urlsplit) would cut the URL there. The @ right before Bitbucket's
    # host is where the user part really ends.
    userinfo, at, place = rest.partition("@bitbucket.org")
    place = "bitbucket.org" + place if at else place
    unencoded = bool(at) and (any(char in userinfo for char in "/?#@") or userinfo.count(":") > 1)
    parts = urlsplit(f"{scheme}://{place}" if unencoded else url)
    raw_user, _, raw_password = userinfo.partition(":") if unencoded else (parts.username, None, parts.password)
    host = parts.hostname or ""
    user_ref = password_ref = None
    if raw_user is not None and (at or not unencoded):
        user = unquote(raw_user)
        user_ref = sink.user(user, line, "git URL user part")
        if raw_password:
            password_ref = sink.secret(unquote(raw_password), line, "git URL password", user)
    extra = EXTRA_HEADER.search(options)
    auth = sink.header_auth(extra.group(1).split(":", 1)[1], line, "git http.extraHeader") if extra else None
    shown = f"{parts.scheme}://{host}{parts.path}"
    return command.model_copy(update={"scheme": parts.scheme, "url": shown, "host": host, "path": parts.path,
                                      "user": user_ref, "password": password_ref, "extra_header": auth,
                                      "password_unencoded": unencoded})


def _error(kind: str, found: re.Match[str], line: int, sink: Collector) -> GitError:
    prompt_user_kind = None
    if kind == "password_prompt":
        target = found.group(1)
        user = urlsplit(target).username if "://" in target else None
        prompt_user_kind = sink.user(unquote(user), line, "git password prompt").kind.value if user else None
    return GitError(line=line, kind=kind, text=redact_text(found.group(0)[:200]), prompt_user_kind=prompt_user_kind)
