"""What the words of a ticket say: credential kinds named, statuses quoted, dates, scopes,
endpoints written as text, and secrets pasted anywhere.

Why separate: prose is the weakest evidence. It only fills what structured
extractors (commands, transcripts, code) did not already explain, and every
signal is a named mention, never a conclusion.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from itertools import islice

from triage.gate import Gated, fold
from triage.read.evidence import Collector
from triage.knowledge import BODY_METHODS, load
from triage.read.lines import LineIndex
from triage.reason.vocabulary import ErrorBody, Response, SaidDate, Signal, TimeOfDay
from triage.secrets.credentials import looks_random
from triage.secrets.redaction import JWT, TOKEN

SIGNALS: dict[str, Gated] = {  # each pattern behind the words any match of it holds (see gate.py)
    # (and as Spanish, French, German, Portuguese and Italian askers name them)
    "app_password": Gated(("app password", "app-password", "apppassword", "atbb", "application", "aplicación",
                           "app-passw", "senha", "password per", "password dell"), re.compile(
        r"\bapp(?:lication)?[ -]?passwords?\b|\bATBB\b|\bcontraseñas? de (?:la )?aplicación\b|"
        r"\bmots? de passe d['’]application\b|\bApp-Passw(?:ort|örter)\b|\bsenhas? de (?:app|aplicativo|aplicação)\b|"
        r"\bpassword (?:per (?:le |l['’])|dell['’])app\b", re.I)),
    "api_token": Gated(("api token", "api_token", "api-token", "apitoken", "atatt", "jeton", "de api", "da api",
                        "di api", "la api"), re.compile(
        r"\bAPI[ _-]?tokens?\b|\bATATT\b|\bjetons? (?:d['’])?API\b|\btokens? (?:de|da|di) (?:la )?API\b", re.I)),
    # The asker has left app passwords for API tokens ("switched to an API token", "since app
    # passwords are gone", "instead of the app password"): the app password named is history.
    "moved_to_token": Gated(("api token", "api_token", "api-token", "apitoken", "app password", "app-password",
                             "apppassword"), re.compile(
        # done or under way ("switched to", "moving to"), not to come ("we must move to API tokens soon")
        r"\b(?:replac(?:ed|ing)|switch(?:ed|ing)|mov(?:ed|ing)|migrat(?:ed|ing)|chang(?:ed|ing)|"
        r"upgrad(?:ed|ing))\b[^.\n]{0,60}?\b(?:to|with|by) (?:(?:an?|the|new|our|my) )*+API[ _-]?tokens?\b|"
        r"\bapp[ -]?passwords?\b[^.,;\n]{0,30}?\b(?:are|is|were|was|got|have been|has been) (?:now )?"
        r"(?:gone|removed|retired|disabled|deprecated|no longer (?:supported|available|working))\b|"
        r"\b(?:since|after) (?:the )?app[ -]?passwords? (?:removal|deprecation|retirement|cut-?off|shutdown|sunset|"
        r"went away|were removed|are gone)\b|\binstead of (?:(?:an?|the|my|our) )?app[ -]?passwords?\b|"
        r"\bfrom (?:(?:an?|the|my|our) )?app[ -]?passwords? to (?:(?:an?|the) )?API[ _-]?tokens?\b|"
        # "after my app password stopped working I created an API token"
        r"\bapp[ -]?passwords? (?:stopped|quit) working\b[^.\n]{0,30}?\b(?:created|generated|made|switched to|moved to) "
        r"(?:(?:an?|the|new|my) )*+API[ _-]?tokens?\b", re.I)),
    "access_token": Gated(("access token", "atctt"), re.compile(
        r"\b(?:repository|repo|project|workspace) access tokens?\b|\bATCTT\b", re.I)),
    "oauth_consumer": Gated(("consumer", "client secret", "client_secret"), re.compile(
        r"\bOAuth(?: 2(?:\.0)?)? consumers?\b|\bclient[_ ]secret\b|\bconsumer (?:key|secret)\b", re.I)),
    "oauth_token": Gated(("oauth2", "refresh", "oauth", "client_credentials", "authorization_code", "access_token",
                          "code flow", "code grant", "credentials flow", "credentials grant"), re.compile(
        r"\bsite/oauth2/access_token\b|\brefresh[_ ]token\b|\bOAuth(?: ?2(?:\.0)?)? (?:access )?tokens?\b|"
        r"\bclient_credentials\b|\bauthorization_code\b|\baccess_token\b|"  # the field OAuth's answer carries
        r"\b(?:authori[sz]ation[ _-]code|client[ _-]credentials) (?:flow|grant)\b", re.I)),
    "oidc": Gated(("oidc", "id token", "id_token"), re.compile(
        r"\bOIDC\b|\bBITBUCKET_STEP_OIDC_TOKEN\b|\bid[_ ]token\b", re.I)),
    "never_accessed": Gated(("accessed",), re.compile(r"\bnever\s+accessed\b", re.I)),
    "token_used": Gated(("was used", "has been used", "last accessed", "last used", "was last"), re.compile(
        r"\b(?:it|token) (?:was|has been) (?:last )?used\b|\blast (?:accessed|used)\b", re.I)),
    "pipelines": Gated(("pipeline",), re.compile(r"\bbitbucket[- ]pipelines?\b|\bpipelines?\.yml\b", re.I)),
    "server_dc": Gated(("bitbucket server", "bitbucket data center", "/rest/api/", "prem", "self-hosted"), re.compile(
        r"\bBitbucket (?:Server|Data Center)\b|/rest/api/(?:1\.0|latest)/|"
        # on-premise or self-hosted Bitbucket, not a self-hosted tool that calls Bitbucket Cloud
        # "Renovate (self-hosted)": a parenthesis qualifies the tool before it, unless that is Bitbucket
        r"\bBitbucket \((?:on-?prem(?:ise|ises)?|self-hosted)\)|"
        r"(?<!\()\b(?:on-?prem(?:ise|ises)?|self-hosted)(?: (?:instance of |install of )?Bitbucket\b|"
        r"(?! (?:Backstage|Renovate|Jenkins|GitLab|runners?|agents?|Jira|Confluence|Bamboo|TeamCity|Argo|CI|against)\b))",
        re.I)),
    "unscoped_token": Gated(("scope", "permission", "limited access", "classic", "create api token", "jira",
                             "confluence", ".atlassian.net"), re.compile(
        # a token made for Jira or Confluence (and working there): an API token without Bitbucket's scopes
        r"\b(?:works?|worked|working)\b[^.\n]{0,20}?\b(?:for|with|in|on) (?:the )?(?:Jira|Confluence)\b|"
        r"\b(?:works?|worked|working)\b[^.\n]{0,20}?\b(?:for|with|in|on|against) https?://[\w-]++\.atlassian\.net\b|"
        r"\b(?:chose|choose|picked|selected|ticked)\s++(?:the\s++)?(?:Jira|Confluence)\b|"
        # "there was no option for scopes when I made it"
        r"\bno (?:option|choice|step|place|way) (?:for|to (?:choose|select|pick|set|add)) (?:any |the )?"
        r"(?:\w++ (?:or|and) (?:the )?)?scopes?\b|"  # "no step to select Bitbucket or scopes"
        r"\btoken\b[^.\n]{0,40}?\bfor (?:our )?(?:Jira|Confluence)\b|"
        r"\b(?:without|no|does ?n[o']t (?:have|list|show) any|not (?:have|list|show) any|with no|no limited)"
        r"\s+(?:any\s+)?"
        r"(?:scopes?|limited access|permissions?)\b|\bclassic (?:API )?token\b|\bCreate API token\b(?! with scopes)|"
        r"\b(?:did ?n[o']t|did not|never)\s+(?:choose|select|pick|add|set|give|tick|check)\s+(?:an?\s+|any\s+)?"
        r"(?:(?:API\s+)?token\s+with\s+(?:any\s+)?)?scopes?\b",
        re.I)),
    "account_password": Gated(("account password", "login password", "my password", "atlassian password",
                                "bitbucket password", "username and password", "username + password",
                                "username+password", "username & password", "username&password", "normal password",
                                "regular password",
                                "usual password", "website password", "web password", " account", "log", "sign"),
                              re.compile(
        r"\b(?:account|login|my|atlassian|bitbucket|normal|regular|usual|web(?:site)?) password\b|"
        r"\busername(?: and |\+| \+ |&| & )password\b|\bpassword (?:of|for) (?:the|our|my|this) (?:[\w-]+ )?account\b|"
        # "we log into the website with it": the password people sign in with
        r"\b(?:log|logs|logged|logging|sign|signs|signed|signing) (?:in|into|on)\b[^.\n]{0,30}?"
        r"\bwith (?:it|that|the same(?: one| password)?)\b|"
        # "the password I use to log in to Bitbucket", "the website login works with that same password"
        r"\bpassword (?:I|we) (?:use (?:to )?|used to )?(?:log|sign) (?:in|into|on)\b|"
        r"\b(?:log ?in|sign[ -]?in) works with (?:that|this|the)(?: same)? password\b", re.I)),
    "no_output": Gated(("output", "nothing", "empty", "receive any", "get any", "blank response"), re.compile(
        r"\b(?:no output|nothing back|gives? nothing|empty (?:response|body|output|message)|"
        r"(?:do not|don't|didn't|did not) (?:receive|get) any(?:thing| output)|returns? nothing|"
        r"prints? (?:absolutely |just )?nothing|blank response)\b", re.I)),
    "public_works": Gated(("public", "open source", "open-source"), re.compile(
        r"\bworks? (?:for|with|on) (?:a |the |our )?(?:public|open[ -]source)\b|"
        r"\b(?:public|open[ -]source) repo\w* (?:works?|is fine)", re.I)),
    # a success taken as proof the credential works ("it returns 200, so auth works"): a listing that
    # answers anonymous requests proves nothing about the credential
    "auth_proven": Gated(("so ", "prove", "means", "says ", "shows ", "confirms ", "tells me "), re.compile(
        # "…, so auth works", "my token check says the credentials are fine"
        r"\b(?:so|says|shows|confirms|tells me)(?: that)? (?:the |my |our )?"
        r"(?:auth(?:entication)?|credentials?|login|token|app password|password)\b[^.\n]{0,15}?"
        r"\b(?:works?|is fine|are fine|(?:is|are) (?:correct|right|valid|ok))\b|"
        r"\b(?:proves?|means) (?:that )?(?:the |my |our )?(?:auth(?:entication)?|credentials?|token)\b[^.\n]{0,15}?"
        r"\b(?:works?|fine|correct|right|valid|ok)\b", re.I)),
    "private_repo": Gated(("private",), re.compile(
        r"\bprivate (?:repo(?:sitory|sitories|s)?|projects?|ones)\b|"
        r"\b(?:repo(?:sitory|sitories|s)?|projects?)\b[^.\n]{0,40}?\bprivate\b",
        re.I)),
    "two_step": Gated(("2fa", "two-", "two ", "2-", "2 ", "2sv", "mfa"), re.compile(
        r"\b(?:2FA|2SV|MFA)\b|\b(?:two|2)[- ](?:step|factor) (?:verification|authentication|auth)\b", re.I)),
    "repo_list": Gated(("list",), re.compile(
        r"\blist(?:ing)? (?:of |all |the |my |our |its )*+(?:repos|repositories)\b|\brepo(?:sitory)? list(?:ing)?\b|"
        r"\b(?:repos|repositories) (?:are )?(?:not )?(?:listed|in the list)\b", re.I)),
    "postman": Gated(("postman",), re.compile(r"\bPostman\b", re.I)),
    "powershell": Gated(("powershell", "invoke-"), re.compile(
        r"\bPowerShell\b|\bInvoke-(?:WebRequest|RestMethod)\b", re.I)),
    "windows_cmd": Gated(("cmd", "command prompt"), re.compile(r"\bcmd(?:\.exe)?\b|\bcommand prompt\b", re.I)),
    "git_clone": Gated(("git ", "sourcetree", "gitkraken", "tortoisegit", "github desktop", "line git", "cli git",
                        "terminal git", "every fetch", "each fetch", "every pull", "each pull", "every push",
                        "each push", "every clone", "each clone"), re.compile(
        r"\bgit (?:clone|push|pull|fetch)\b|\b(?:Sourcetree|GitKraken|TortoiseGit|GitHub Desktop)\b|"  # git's GUIs
        # "command line git says the same", "git fails too", "fails every fetch" (an IDE's git)
        r"\b(?:command[- ]line|cli|terminal) git\b|\bgit (?:says|said|fails|failed|gives|gave|reports|prints)\b|"
        r"\bfail(?:s|ed|ing)? (?:on |at )?(?:every|each) (?:fetch|pull|push|clone)\b", re.I)),
    "scopes_configured": Gated(("scope", ":bitbucket"), re.compile(
        r"\bscopes?\b[^.\n]{0,40}\b(?:read|write|admin|delete):|"
        r"\b(?:with|configured|including|selected|granted|added)\s+(?:the\s+)?scopes?\b|"
        r"\bscopes? (?:configured|selected|granted)\b|"  # "the token has read:repository:bitbucket only":
        r"\b(?:has|have|had|with|granted|selected|gave it|only)\b[^.\n]{0,20}?\b(?:read|write|admin|delete):[a-z-]++"
        r":bitbucket\b", re.I)),
    "pagination": Gated(("first", "pagelen", "next", "pagination", "only ", "always ", "just ", "but the ", "but our ",
                         "but my ", "but this ", "but there ", "but we ", "but i ", "more than ", "get all",
                         "fetch all", "list all", "retrieve all", "get every", "fetch every", "list every",
                         "retrieve every", "cap of", "cap at", "cap to", "capped ", "limit of", "limit at",
                         "limit to", "limited "),
                        re.compile(r"\b(?:only (?:returns? |gets? |shows? )?(?:the )?first (?:page|\d+)|"
                                   r"pagelen\b[^.\n]{0,30}?\b(?:ignored|no effect|not (?:work|respected|honou?red))|"
                                   r"(?:ignor(?:es?|ed|ing)|regardless of|despite|even with) (?:the |my )?pagelen|"
                                   r"next page|next[\"'`]? (?:links?|urls?|field|property)|pagination|"
                                   r"(?:only|always) (?:ever )?(?:get|returns?|shows?|gives?|see|receive) "
                                   r"(?:me |back )?"
                                   r"(?![45]\d\d\b)\d+|"
                                   # "is pagelen capped? what's the max?"
                                   r"pagelen (?:is |was )?(?:capped|limited|maxed)\b|"
                                   # "we never count more than 10": a cap that is a page's length
                                   r"(?:never|not) (?:get|see|count|returns?|shows?|lists?)(?: \w+)? "
                                   r"more than (?:\d+|ten)\b|"
                                   # "always 10, we have hundreds": a first page taken for all there is
                                   r"(?:only|always|just) (?:\d+|ten)\b[^.\n]{0,30}?\b(?:we|I|there) (?:have|are)|"
                                   # "100, but the repo has 340 branches", "10, but there are 64": a first
                                   # page's count against the whole
                                   r"\d+,?\s{1,3}but (?:(?:the|our|my|this) "
                                   r"(?:repo(?:sitory)?|workspace|project|account) "
                                   r"(?:has|have|contains|holds)|there (?:are|is)|we have|I have) "
                                   r"(?:over |more than |about |around |nearly )?\d+\b|"
                                   # "only has 100 entries but the workspace has over 400"
                                   r"only (?:has|have|had|got|gets?|shows?|lists?|contains?|returns?|gives?) (?:the )?"
                                   r"(?:first )?\d+\b[^.\n]{0,60}?\b(?:but|while|although|though|yet)\b[^.\n]{0,40}?"
                                   r"\b(?:has|have|are|is|contains?) (?:over |more than |about |around |nearly )?\d+|"
                                   # "is there a hard cap of 100?", "limited to 50 results": a page's length
                                   # taken for a ceiling (a rate limit counts requests, not results)
                                   r"(?:cap(?:ped)?|limit(?:ed)?) (?:of|at|to) \d+\b(?! ?(?:requests?|calls?|per\b|/))|"
                                   # "how do I get all of them?": the whole list asked for, a page seen
                                   r"how (?:do I|can I|do we|can we|to) (?:get|fetch|list|retrieve) (?:all|every)\b)\b",
                                   re.I)),
    "pr_states": Gated(("pull requests", "prs", "open ones", "nothing merged", "nothing declined"), re.compile(
        r"\b(?:merged|declined|closed) (?:pull requests|PRs)\b|\ball (?:pull requests|PRs)\b|"
        # "only the currently open PRs", "nothing merged shows up": a listing of open ones taken for all
        r"\bonly (?:the )?(?:currently )?open (?:ones|pull requests|PRs)\b|\bnothing (?:merged|declined)\b", re.I)),
    "expired": Gated(("expir", "revoked"), re.compile(r"\bexpired?\b|\bexpir(?:y|ation) date\b|\brevoked\b", re.I)),
    "intermittent": Gated(("sometimes", "most of the", "intermittent", "random", "from time to time",
                           "occasionally", "minutes", "every few hours", " again", "once an hour", "once a day",
                           "on and off", "now and then", "every other", "half ", "different ", "times a day",
                           "hours later", "rerun", "re-run", "retry", "re-try", "retries", "re-tries", "reattempt",
                           "re-attempt", "other ", "on its own", "by itself", " itself"), re.compile(
        # "random 401s", "passed on rerun": a failure that a second try does not repeat
        r"\brandom(?:ly)? (?:[45]\d\d|failures|errors|auth(?:entication)? (?:errors|failures))\b|"
        r"\b(?:pass(?:es|ed)?|succeed(?:s|ed)?|works?|worked)\b[^.\n]{0,25}?\b(?:on|after|with) (?:a |the )?"
        r"re-?(?:run|try|tries|attempt)s?\b|"
        # "failed 3 runs today … the other runs are fine": some runs of one job fail, the rest pass
        r"\bother (?:runs|builds|jobs|calls|requests|pipelines|syncs|attempts|times)\b (?:are|were|work|worked|"
        r"pass|passed|succeed|succeeded|go|went)\b(?: (?:fine|ok|okay|through|green))?|"
        # "fails for a while and then recovers on its own"
        r"\b(?:recover(?:s|ed)?|(?:comes?|came) back|resolve[sd]?|clears? up|cleared up) (?:on its own|by itself)\b|"
        r"\bfix(?:es|ed) itself\b|"
        # "asks me to log in again a few times a day … then a few hours later same thing"
        r"\b(?:a few|several|two|three|four|\d) times a day\b|"
        r"\b(?:a few|some|two|three|couple of) hours later,? (?:the )?same (?:thing|again|error)\b|"
        # "half the repos succeed in each run", "different repos fail every night": the same job, now in, now out
        r"\bhalf (?:of )?(?:the|our) (?:repos(?:itories)?|calls|requests|builds|jobs|runs)\b[^.\n]{0,20}?"
        r"\b(?:succeed|fail|work|pass)\w*+|"
        r"\bdifferent (?:repos(?:itories)?|ones|builds|jobs|calls) (?:fail )?(?:every|each) (?:night|run|time|day|build)\b|"
        r"\b(?:works?|working|succeeds?|passes|fails?|failing)\b[^.\n]{0,30}?\b(?:sometimes|most of the (?:day|time)|"
        r"intermittently|randomly|from time to time|occasionally|once an hour|once a day|on and off|"
        r"(?:every )?now and then|every other (?:run|time|call|build))\b|\bintermittent(?:ly)?\b|"
        r"\b401\b[^.\n]{0,40}?\b(?:for )?(?:a few|some|\d+|half an hour|thirty|fifteen) minutes\b|\bevery few hours\b|"
        # "fails … and then the next run is fine again": failures between successes
        r"\b(?:fails?|failing|failed|401)\b[^.\n]{0,80}?\b(?:is|are|was|were|works?|worked|goes|went|passe[sd]) "
        r"(?:fine|ok|okay|through|green) again\b|\b(?:works?|worked) again (?:after|a few|some|later)\b",
        re.I)),
    "no_callback": Gated(("callback",), re.compile(
        r"\b(?:without|no|empty|blank|missing|left out)\b[^.\n]{0,15}?\bcallback\b|"
        r"\bcallback(?: URL)? (?:is |was )?(?:empty|blank|missing|not set)\b", re.I)),
    # a token refused right after it was issued: not one that expired after its two hours
    "expired_at_once": Gated(("after getting", "after receiving", "after fetching", "after obtaining", "first call",
                              "first request", "seconds later"), re.compile(
        r"\b(?:right|straight|immediately|directly|just|even) after (?:getting|receiving|fetching|obtaining) "
        r"(?:it|the token|the access token|a new one)\b|\beven (?:on |for )?(?:the )?(?:very )?first (?:call|request)\b|"
        r"\bseconds later\b", re.I)),
    "used_to_work": Gated(("work", "sudden", "since ", "no longer", "for months", "for years", "now ", "after "),
                          re.compile(
        r"\b(?:used to work|worked (?:fine|before|until|for (?:months|years|weeks))|"
        r"works? (?:fine |well )?(?:at first|initially|for a while)|"
        r"after (?:about |around |roughly )?(?:a while|some time|an hour|two hours|2 hours)|"
        r"(?:was|were|has been|had been) working|stopped working|suddenly|all of a sudden|no longer works?|"
        r"since (?:yesterday|today|this morning|last (?:week|night|month))|for (?:months|years)\b[^.\n]{0,60}?\bnow\b|"
        r"\bnow (?:apparently )?(?:have|need) to\b)", re.I)),
    # reading works where writing fails: the credential is let in, its scopes fall short
    "read_works": Gated(("works", "worked", "fine", "succeed"), re.compile(
        r"\b(?:pull|pulls|pulling|clone|cloning|fetch|fetching|reading|listing|GETs?)\b(?: [\w-]+){0,3}? "
        r"(?:works|worked|is fine|are fine|succeeds?)\b|"
        r"\b(?:works|is fine) for (?:reading|pulls?|clones?|fetch(?:es)?|GETs?)\b", re.I)),
    # git fails without asking: something answers its password question (a helper, a _netrc)
    "no_prompt": Gated(("ask", "prompt"), re.compile(
        r"\b(?:never|doesn'?t|does not|didn'?t|did not|won'?t|without)(?: even| ever)? (?:asks?|asking|prompts?|prompting)"
        r"\b[^.\n]{0,30}?\b(?:password|credentials?|token|username|login|anything)\b|"
        # "fails and doesn't prompt me.": the sentence ends where the password would be named
        r"\b(?:never|doesn'?t|does not|didn'?t|did not|won'?t)(?: even| ever)? (?:asks?|prompts?) me"
        r"(?: again| anymore| any more)?(?=[.,;!)\n]| and\b| or\b| but\b)|"
        r"\b(?:not|never)(?: even| being| been)? prompted\b|"
        r"\b(?:never|don'?t|do not|didn'?t|did not)(?: even| ever)? (?:get|got|getting|am|was|been|being) asked\b|"
        r"\bwithout (?:a |any )?(?:password )?prompt\b", re.I)),
    # the same credential works from another machine: what differs is this machine's state
    # (or from another git client on this machine: "Sourcetree now works but the terminal still fails")
    "works_elsewhere": Gated(("machine", "laptop", "computer", "box", "pc", "mac", "desktop", "workstation", "terminal",
                              "command line", "cli", "shell", "console"), re.compile(
        r"\b(?:Sourcetree|GitKraken|Fork|Tower|VS ?Code|IntelliJ|PyCharm|GitHub Desktop|TortoiseGit)(?: now| still)? "
        r"works\b[^.\n]{0,40}?\b(?:terminal|command line|CLI|shell|console)\b|"
        r"\bworks (?:in|from) (?:the )?(?:terminal|command line|CLI|shell|console)\b[^.\n]{0,30}?\bnot (?:in|from) "
        r"(?:Sourcetree|GitKraken|Fork|Tower|VS ?Code|IntelliJ|PyCharm|GitHub Desktop|TortoiseGit)\b|"
        r"\b(?:on|from) (?:my|another|a different|the other|other|a colleague'?s?|my colleague'?s?)"
        r"(?: [\w-]+){0,2}? (?:machine|laptop|computer|box|pc|mac|desktop|workstation)s?\b[^.\n]{0,40}?"
        r"\b(?:works?|worked|is fine|fine|succeeds?)\b|"
        r"\b(?:works?|worked|is fine|succeeds?)\b[^.\n]{0,40}?\b(?:on|from) (?:my|another|a different|the other|other|"
        r"a colleague'?s?|my colleague'?s?)(?: [\w-]+){0,2}? (?:machine|laptop|computer|box|pc|mac|desktop|workstation)s?\b",
        re.I)),
    "prompts_again": Gated(("each ", "every ", "never", "keep", "again"), re.compile(
        r"\b(?:asks?|asking|prompts?|prompting|prompted|enter(?:ed)?|supplied|type[ds]?|pops? up|popping up|"
        r"appears?|shows? up)\b[^.\n]{0,60}?"
        r"\b(?:each|every) (?:time|pull|push|fetch|clone|commit|operation|command|request)\b|"
        r"\b(?:each|every) time\b[^.\n]{0,60}?\b(?:asks?|prompts?|entered|supplied|typed)\b|"
        r"\bnever (?:saves?|saved|stores?|stored|reused?|remembers?|remembered|keeps?|kept)\b|"
        r"\bkeeps? (?:asking|prompting|popping up)\b|"
        r"\b(?:asks?|prompts?) (?:for (?:the |my )?(?:password|credentials) )?again\b", re.I)),
    # (credential.helper= with nothing after it turns the helpers off: that says the opposite)
    "credential_store": Gated(("credential", "gcm", "keychain", "netrc", "libsecret"), re.compile(
        r"\bcredential[ .-]?(?:manager|helper|store|cache)s?\b(?!=(?:\"\"|'')?+(?!\S))|\bGCM\b|\bgit-credential\b|\b(?:osx)?keychain\b|"
        r"(?:\b_|\.)netrc\b|\.git-credentials\b|\bWindows Credentials?\b|\blibsecret\b", re.I)),
    # the credential was replaced lately: whatever stored the old one still sends it
    "rotated": Gated(("rotat", "regenerat", "renew", "replac", "reissu", "a new", "old ", "changed my"), re.compile(
        r"\b(?:rotated|regenerated|renewed|replaced|reissued)\b[^.\n]{0,30}?"
        r"\b(?:tokens?|passwords?|credentials?|keys?)\b|"
        r"\b(?:tokens?|passwords?|credentials?)\b[^.\n]{0,20}?\b(?:rotated|regenerated|renewed|replaced|reissued)\b|"
        r"\b(?:created|generated|made|issued) a new (?:API |access |app )?(?:tokens?|passwords?)\b|"
        r"\bold (?:one|token|app password|password) (?:had )?(?:expired|was revoked|got revoked)\b|"
        r"\bchanged my (?:Atlassian |Bitbucket |account )?password\b", re.I)),
    # `git -c credential.helper= pull`: git's helper list emptied for that command, so no stored
    # credential answered it; whatever failed was typed or in the URL
    "helper_off": Gated(("credential.helper=",), re.compile(r"\bcredential\.helper=(?:\"\"|'')?+(?!\S)", re.I)),
    "team_account": Gated(("team", "workspace", "organi"), re.compile(
        r"\b(?:owned by|belongs? to|owner is) (?:a |the |our |my )?(?:team|workspace|organi[sz]ation)\b|"
        r"\bteam(?:'s)? (?:account|owner|settings|repositor(?:y|ies)|user ?name)\b|"
        r"\b(?:repository|repo) (?:\"?owner\"?|is owned)\b[^.\n]{0,30}?\bteam\b|"
        r"\b(?:workspace|team)(?: name| id|'s name)?(?: [\"'`]?[\w.-]++[\"'`]?)? as (?:the |our |my )?user ?name\b|"
        # "username = acme-corp (that's our workspace ID)"
        r"\buser ?name\b[^.\n]{0,40}?\b(?:is|=|that's|that is|which is)\s++(?:our|the) (?:team|workspace)"
        r"(?:'s)?(?: ID| id| slug| name)?\b|"
        # "acme-corp is our workspace" (a name said to be a workspace, not a member's role in one)
        r"(?<=[\w.-]) is (?:our|the) (?:team|workspace|organi[sz]ation)(?: ID| id| slug| name)?\b"
        r"(?! (?:admin|administrator|owner|member|settings|permissions?|variables?|access)\b)",
        re.I)),
    "windows": Gated(("windows",), re.compile(r"\bWindows\b")),
    "email_user": Gated(("mail", "username", "user name", "account", "login"), re.compile(
        r"\be-?mail(?: address)?\b[^.\n]{0,30}?\bas (?:the |a |their )?(?:git |http |https )?user ?name\b|"
        r"\b(?:with|using|and|via|enter(?:ed|ing)?|typed?|put|use[sd]?) (?:in )?(?:my |the |an? |their |your )?"
        r"(?:atlassian )?(?:account )?e-?mail\b(?![^.\n]{0,30}?\b(?:Jira|Confluence)\b)|"  # not "my email in Jira works"
        # "username: jane@…", a keychain's "account = jane@…" (the address not kept)
        r"\b(?:user ?name|account|login)(?=[ \t:=\"']{1,4}[\w.+-]++@[\w-]++\.[a-z])|"
        r"\buser ?name (?:is|was|=) (?:my |the |our |an? )?(?:atlassian |bitbucket )?(?:account )?e-?mail\b|"
        # "BB_USER holds my Atlassian account email", "the login is set to our email"
        r"\b\w*(?:user(?:name)?|login)\b[^.\n]{0,20}?\b(?:holds?|contains?|is set to|has) "
        r"(?:my |the |our |an? |their )?(?:atlassian )?(?:account )?e-?mail\b", re.I)),
    "username_user": Gated(("username", "user name"), re.compile(
        r"\b(?:with|using|and|via) (?:my |the |a |their |your )?(?:bitbucket |atlassian )?user ?name\b(?! and password)|"
        r"\buser ?name\b[^.\n]{0,30}?\bas (?:the )?(?:user|login)\b|"
        # "kept BITBUCKET_USERNAME=…, only replaced the app password": the user name stays beside the token
        r"\b(?:kept|keep|same|old) (?:my |the |our |their )?(?:bitbucket )?(?:[A-Za-z]++_)*+user_?name\b|"
        r"(?:\bis|[=:]) (?:my|our|the|his|her|their) (?:bitbucket |atlassian )?user ?name\b", re.I)),  # "jdoe is my username"
    "oauth1": Gated(("oauth", "request_token", "request token", "hmac-sha1"), re.compile(
        r"/oauth/request_token\b|\bOAuth ?1(?:\.0a?)?(?![\d.])|\boauth_(?:signature|consumer_key|nonce)\b|\bHMAC-SHA1\b|"
        r"\brequest[ _]token\b", re.I)),
    "oauth2": Gated(("oauth", "grant_type"), re.compile(
        r"/site/oauth2/|\bOAuth ?2(?:\.0)?\b|\bgrant_type\b", re.I)),
    "uuid": Gated(("{", "%7b", "uuid"), re.compile(
        r"\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-|%7B[0-9a-fA-F]{8}-|\bUUIDs?\b", re.I)),
    "deprecation": Gated(("deprecat", "change-", "removed", "retired"), re.compile(
        r"\bdeprecat(?:ed|ion)\b[^.\n]{0,40}?\b(?:endpoints?|APIs?|functionality|resources?)\b|\bCHANGE-\d{3,5}\b|"
        r"\b(?:endpoints?|APIs?) (?:was |were |has been |have been |are |is )?(?:removed|retired)\b|"
        r"\bFunctionality has been deprecated\b", re.I)),
    "web_base": Gated(("bitbucket.org",), re.compile(
        r"(?m)^[ \t-]*+(?:base[_-]?url|api[_-]?url|server(?:[_-]?url)?|endpoint|url|host)[\"']?[ \t]*+[:=][ \t]*+"
        r"[\"']?https?://(?:www\.)?bitbucket\.org/?[\"']?[ \t]*+$|"
        r"\b(?:server|base) (?:address|url)\b[^.\n]{0,30}?https?://(?:www\.)?bitbucket\.org\b(?![/\w])|"
        r"\b(?:base|api|server)[_-]?url[\"']?[ \t]*+[:=][ \t]*+[\"']?https?://(?:www\.)?bitbucket\.org(?![\w.]|/\w)",
        re.I)),
    "bearer_scheme": Gated(("bearer", "token"), re.compile(
        # "Bearer <app password>", "token $MY_API_TOKEN", "Bearer your api token"; not "the token is an API token"
        r"\b(?:bearer|token)\s{1,3}[<{$]?(?:(?:your|my|the|an?)[ _-]|\w{1,12}?[_-])?"
        r"(?:app(?:lication)?[ _-]?password|api[ _-]?token)\b|"
        r"\b(?:as|in) (?:a |the )?bearer\b|\bbearer (?:token|header|auth\w*)\b|"
        # a header told in a sentence (a reader took any that a command or code sends): it sends
        # "Authorization: Bearer <token>", or code no reader knows gives it as a pair:
        # {"Authorization", "Bearer #{token}"} (Elixir), ("Authorization", "Bearer …")
        r"\bAuthorization[\"']?[:,]?[ \t]{0,3}[\"']?Bearer\b", re.I)),
    # HTTP libraries' Bearer setters: reqwest's .bearer_auth(…), Spring's setBearerAuth(…), Laravel's
    # Http::withToken(…) (Bearer unless told otherwise). Apart from bearer_scheme: first letters . s w
    # in its alternation would make `re` try most positions of every ticket that says "token"
    "bearer_setter": Gated(("bearer_auth(", "setbearerauth(", "withtoken("), re.compile(
        r"\.bearer_auth\(|\bsetBearerAuth\(|\bwithToken\((?![^)\n]{0,80}?,)")),
    "content_type_json": Gated(("content-type", "content type"), re.compile(
        r"\bcontent[- ]type\b[\"':]{0,3}\s{0,3}application/json\b", re.I)),
    "auth_failed": Gated(("authentication failed", "unauthori", "not authori", "invalid cre", "access denied",
                          "auth fail", "authentication fail", "authentication error", "credential error",
                          "login fail", "credentials error", "to authenticate", "credentials are ", "credential is ",
                          "credentials were ", "credential was ", "authentication required"), re.compile(
        r"\bauthentication (?:failed|fails|error)\b|\bunauthori[sz]ed\b|\bnot authori[sz]ed\b|"
        r"\binvalid cre[a-z]{0,12}+\b|\baccess denied\b|\bauth fail(?:s|ed|ure)?\b|"  # "invalid crendetials": typos too
        r"\bcredentials? errors?\b|\blogin fail(?:s|ed|ure)?\b|"
        r"\b(?:fail(?:s|ed)?|unable|could ?n[o']t|can ?n[o']t|cannot) to authenticate\b|"
        # Jenkins' "Credentials are invalid", "the credential was rejected"
        r"\b(?:credentials (?:are|were)|credential (?:is|was)) (?:invalid|incorrect|wrong|rejected|not valid)\b|"
        r"\bauthentication required\b", re.I)),  # Argo CD's and go-git's words for a 401
    "rest_api": Gated(("rest api", "api.bitbucket.org", "api call", "api request", "bitbucket api",
                       "bitbucket cloud api"), re.compile(
        r"\bREST API\b|\bapi\.bitbucket\.org\b|\bAPI (?:calls?|requests?)\b|"
        r"\bBitbucket (?:Cloud )?API\b(?![ _-]?(?:tokens?|keys?)\b)", re.I)),  # a "Bitbucket API token" is for git too
}
# The lookaheads of first letters below change no match: they let `re` give up at most
# positions of a big ticket before trying each word of a case-insensitive alternation.
STATUS_CONTEXT = re.compile(
    r"(?i)\b(?=[hsceragtwf])(?:HTTP(?:/[\d.]+)?|status(?:[ _]?code)?|code|error|returns?|returned|returning|failed|"
    # the same words in the languages tickets come in ("une erreur 403", "recibo un 401", "erhalte 404"),
    # those whose first letter the lookahead already lets through: each new one costs every big ticket
    r"erreur|erro|errore|fehler(?:code)?|retorna|renvoie|recibo|reçois|recebo|erhalte|"
    r"got|get|gets|getting|receive[sd]?|receiving|gives?|giving|response|result(?:ed)?|throws?|says|said|shows?|showed|"
    r"answers?|answered|answering|respond(?:s|ed)?|"
    r"with(?: an?)?)\W{1,5}(?:an?\s+|the\s+)?"  # \W{1,5}: "res.status) // 403"
    r"\"?([1-5]\d\d)\b(?!\s*(?:ms|KB|MB|chars|PRs|repos|pull))")
STATUS_REASON = re.compile(r"([1-5]\d\d)\s+\(?(?:error|Bad Request|Unauthori[sz]ed|Forbidden|Not Found|Client Error|"
                           r"Method Not Allowed|Too Many Requests|Conflict|Gone)\b", re.I)
STATUS_BEFORE = re.compile(r"\d{3} \Z")
# Known messages that are also HTTP reason phrases: after a status ("401 Unauthorized") they are the
# status line's, not Bitbucket's; any other message after one ("401 Token is invalid…") is its own.
REASON_PHRASES = frozenset({"bad request", "unauthorized", "not found"})
# A comment that opens with a status: `// 401.`, `# 403 Forbidden`, `// prints 401` (a command's comment too).
STATUS_COMMENT = re.compile(r"(?:^|(?<=[ \t]))(?://|#)[ \t]++(?:(?:prints|returns|gives|got|gets|->|=>)[ \t]++)?+"
                            r"([45]\d\d)\b(?!\s*+(?:ms|KB|MB|chars|PRs|repos|pull|items|"
                            r"lines|rows|results|times|requests|calls)\b)", re.M)
# A status by the name code gives it, as a run prints or a comment reports it: `StatusCode: NotFound`
# (.NET prints the enum's name), `// resp.StatusCode == Unauthorized`; a comparison outside a comment
# is the code's check (`if (r.StatusCode == HttpStatusCode.NotFound)`), no status seen.
STATUS_NAMED = re.compile(r"(?i)(?<![a-z_])status[ _]?code[ \t]*+(?P<compared>==|:|=|is\b)[ \t]*+(?:HttpStatusCode\.)?"
                          r"(?P<name>Unauthorized|Forbidden|NotFound|BadRequest|MethodNotAllowed|Conflict|Gone|"
                          r"TooManyRequests)\b")
STATUS_NAMES = {"badrequest": 400, "unauthorized": 401, "forbidden": 403, "notfound": 404, "methodnotallowed": 405,
                "conflict": 409, "gone": 410, "toomanyrequests": 429}
# "random 401s", "a few 403s": statuses counted (not a duration: "took 401s", "after 403s")
# A line that opens with the outcome: "401.", or a console printing a value: R's "[1] 404", IPython's "Out[13]: 404".
# "404 on a private repository", "still 401 from the API": a status named before what it answered
# (the look-behind after the digits: before them it would be tried at every position of a ticket)
STATUS_ON = re.compile(r"([45]\d\d)(?<![\w.:/-]\d\d\d)s?+ (?:on|when|while|from|calling|trying)\b")
STATUS_LINE = re.compile(r"(?m)^[ \t]*+(?:\[1\][ \t]++|Out\[\d{1,6}+\]:[ \t]*+)?+([45]\d\d)(?=[.:!]|[ \t]*+$)")
STATUS_PLURAL = re.compile(r"(?<![\w.])(?<!took )(?<!in )(?<!after )(?<!for )([45]\d\d)s\b(?! (?:elapsed|later|ago))")
# `curl … -> 403`, `approve => 403 Forbidden`, '… -> 404.' (not '-> 404.html')
STATUS_ARROW = re.compile(r"(?:->|=>|→)[ \t]*+([1-5]\d\d)\b(?![\w/-]|\.\w)")
IDENTIFIER = re.compile(r"(?<![\w-])[a-z][a-z0-9]*+(?:[_-][a-z0-9]++)++(?![\w-])")
MAX_IDENTIFIERS = 500
MAX_CLAIMED_SCOPES = 100  # a ticket lists a handful
SCOPE = re.compile(r"(?:(?:read|write|admin|delete):[a-z-]+:bitbucket|wiki:bitbucket)\b")
PROSE_ENDPOINT = re.compile(r"(GET|POST|PUT|PATCH|DELETE|HEAD)\s+((?:https?://[^\s'\"`<>]+)|/(?:2\.0|rest)/[^\s'\"`<>]+)")
URL_CHARS = r"(?:[^\s'\"`)<>\]]++|<[\w.-]++>)*+"  # runs at once, never given back: linear in time and memory
# A time of day marked as UTC: a log's 2026-06-23T06:12:03Z, `date -u`'s 18:07:31 UTC, "at 06:10 UTC".
# "12:00-12:30 UTC": a range's start has the zone of its end
UTC_TIME = re.compile(r"(?<![\d:])([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d++)?+)?+"
                      r"(?:[ \t]?+[-–][ \t]?+(?:[01]\d|2[0-3]):[0-5]\d)?+[ \t]?+(?:UTC|GMT|Z)\b")
# "around noon UTC", "at 6pm UTC", "12 am GMT": the zone found first (a literal `re` skips to), the
# clock read in the few characters before it
ZONE = re.compile(r"(?:UTC|GMT)\b")
CLOCK_BEFORE = re.compile(r"(?:\b(noon|midnight)|\b(1[0-2]|0?[1-9])[ \t]?+([ap])\.?m\.?)[ \t]?+\Z", re.I)
CLOCK_CHARS = 12
MAX_TIMES = 200
MAX_Z_LOOKED_AT = 50
PAGE_QUERY = re.compile(r"[?&]page=")
MAX_PAGES = 5  # pages of one listing kept apart (a log of thousands of pages shows its first few enough)
STATUS_AFTER_URL = re.compile(r"(?<![ \t])[ \t]++(?:(?:->|=>|→|-)[ \t]*+)?([45]\d\d)\b(?![\w/.:-])")
# Bitbucket Cloud's URLs, and Bitbucket Server's REST API (/rest/api/1.0/…), not Jira's or Confluence's
# (/rest/api/2/…, /rest/api/3/…, any *.atlassian.net): a URL of another product said in passing
API_URL = re.compile(rf"https?://(?:api\.)?bitbucket\.org/{URL_CHARS}|"
                     rf"https?://(?![\w.-]*+\.atlassian\.net/)[\w.-]++/rest/api/(?:1\.0|latest)/{URL_CHARS}")
# "fetches /2.0/repositories/acme/app/pullrequests?…": an API path without its host
BARE_API_PATH = re.compile(rf"/(?<![\w/.:-]/)2\.0/(?:repositories|workspaces|user|users|teams|snippets|pullrequests)\b"
                           rf"{URL_CHARS}")  # the look-behind after the slash: `re` then skips to each slash
BODY_START = re.compile(r"\n[ \t]*+\{")  # the next line opens a JSON object
MAX_PROSE_BODIES = 10  # each is one scan of the JSON that follows: a bounded number of them
JSON_DECODER = json.JSONDecoder()
GIT_SHAPED = re.compile(r"\.git(?:/|$)|/info/refs|/git-(?:upload|receive)-pack")
GIT_OUTPUT = re.compile(r"\bgit\b|\brefs?\b|^(?:remote|fatal|error|To|From):?\s", re.I | re.M)
API_ROOTS = frozenset({"", "2.0", "1.0", "internal"})  # a base URL's path: it names no endpoint
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATES = [
    (re.compile(r"(20\d\d)-(\d\d)-(\d\d)\b"), "%Y-%m-%d"),
    (re.compile(rf"((?:{MONTHS}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{{1,2}}, 20\d\d)\b"), None),
    (re.compile(rf"(\d{{1,2}} (?:{MONTHS}) 20\d\d)\b"), "%d %B %Y"),
]
# "the token was created on 2025-09-14", "it was generated in September 2025": when the credential
# was made (API tokens expire within a year of it).
CREATED_ON = re.compile(
    rf"(?i)(?:\b(?:token|it)\b[^.\n]{{0,40}}?\b(?:created|generated|made|issued)|"
    # "I created the token on 2025-12-01": the verb first
    rf"\b(?:created|generated|made|issued)[ \t]++(?:(?:the|my|this|that|our|an?|new|API)[ \t]++)*+token)"
    rf"(?:[ \t]++(?:on|in))?[ \t]++"
    rf"(?:(?P<iso>20\d\d-\d\d)(?:-(?P<iso_day>\d\d))?|(?P<month>{MONTHS})(?:[ \t]++(?P<day>\d{{1,2}}),?)?"
    rf"[ \t]++(?P<year>20\d\d)|"
    # counted from the day of writing: "created last May", "made about a year ago"
    rf"last[ \t]++(?P<last>{MONTHS})|(?:about[ \t]++|over[ \t]++|more[ \t]++than[ \t]++|almost[ \t]++)?"
    rf"(?:a|one|an?[ \t]++entire)[ \t]++year[ \t]++ago)\b")
CREATED_WORDS = ("created", "generated", "made", "issued")
MAX_CREATED = 20
# The name's start is found by _name_before (a leading [\w.]* here would try every position). The
# name's rest stops at the next keyword, so a run of keywords is read once, not once per keyword.
ASSIGNED_SECRET = re.compile(
    r"""(?i)(?=[tspa])((?:token|secret|password|passwd|pwd|api_?key)(?:(?!token|secret|passw|pwd|api_?key)\w)*+)"""
    r"""\s*+[:=]\s*+["']([^"'\s]{8,}+[^"']*+)["']""")
ENV_SECRET = re.compile(  # export BITBUCKET_TOKEN=…, set BB_PASSWORD=…, $env:BB_SECRET=…: a name from SECRET_NAME
    r"""(?m)^[ \t]*+(?:export[ \t]++|set[ \t]++|\$env:)?([A-Z_][A-Z0-9_]*+)[ \t]*+=[ \t]*+"""
    r"""([^\s"'`;()\[\]{}]{8,}+)(?=\s|$)""")
ASSIGNED_BEFORE = re.compile(r"[=:][ \t]*+[\"']?\Z")
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|KEY")
STATED = re.compile(r"(?<![ \t])[ \t]*+(?:is|[:=])[ \t]*+[\"'`]?+")  # all that stands between the word and the value
LETTER, DIGIT = re.compile(r"[A-Za-z]"), re.compile(r"[0-9]")
NEAR_WORD_SECRET = re.compile(  # "my token is 8fK2…", "password: hunter2Xy9…"
    r"""(?i)\b(?=[tspa])(token|secret|password|passwd|pwd|api[ _-]?key|app[ _-]?password)\b[^\n]{0,24}?[\s:=]["'`]?"""
    r"""([A-Za-z0-9+/_\-=.~]{16,}+)(?!\()""")  # not followed by "(": token = base64.b64encode(…) is a call


# The credential claims a denial can stand before, and the denial: "we never set up app passwords",
# "I don't use an API token", "not an app password", "no app password", "without any access token".
NEGATABLE = frozenset({"app_password", "api_token", "access_token", "account_password"})
NEGATED_BEFORE = re.compile(r"(?i)(?:\bnever (?:set up|setup|created?|used?|had|made)|"
                            r"\b(?:do|did|does)(?:n[’']t| not) (?:use|have|create|set up|need)|"
                            r"\bnot (?:using|an?|the|my)|"
                            r"\bno|\bwithout)(?:[ \t]++(?:any|an?|the|my|our))?[ \t]++\Z")


def extract_prose(text: str, lines: LineIndex, sink: Collector) -> date | None:
    """Record signals, statuses, scopes, endpoint mentions and loose secrets; return the ticket's date."""
    folded = fold(text)
    folded_lines = LineIndex(folded)
    quoted = _known_error_spans(text, folded, folded_lines, lines)
    for name, gated in SIGNALS.items():
        found = _said(gated, text, folded, folded_lines, lines, sink, quoted, name in NEGATABLE)
        if found:
            sink.found.signals.append(Signal(name=name, line=lines.line_of(found.start()), text=found.group(0)[:80]))
    scopes = list(_at_word_start(SCOPE, text))
    sink.found.scopes_mentioned.extend(match.group(0) for match in scopes)
    sink.found.scopes_claimed = _scopes_claimed(text, lines, scopes)
    sink.found.identifiers = _identifiers(text)
    _known_errors(text, quoted, lines, sink)
    _statuses(text, lines, sink)
    _endpoints(text, lines, sink)
    _loose_secrets(text, lines, sink)
    if "UTC" in text or "GMT" in text or _iso_utc(text):
        sink.found.times = [TimeOfDay(line=lines.line_of(match.start()), hour=int(match.group(1)),
                                      minute=int(match.group(2)))
                            for match, _ in zip(UTC_TIME.finditer(text), range(MAX_TIMES))]
        sink.found.times += list(islice(_clock_times(text, lines), MAX_TIMES))
    sink.found.tokens_created = _tokens_created(text, folded, lines)
    return _ticket_date(text)


def _iso_utc(text: str) -> bool:
    """Whether a Z stands after a digit (ISO 8601's 06:12:03Z, or 06:12 Z) among the first Zs of the text:
    the UTC pass costs about 0.1 ms on 4 KB, and most Zs are letters of a token or a word."""
    at = text.find("Z")
    for _ in range(MAX_Z_LOOKED_AT):
        if at == -1:
            return False
        if at and (text[at - 1].isdigit() or at > 1 and text[at - 1] in " \t" and text[at - 2].isdigit()):
            return True  # 06:12:03Z, or 06:12 Z
        at = text.find("Z", at + 1)
    return True  # past that many, the pass itself decides


def _at_word_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches that start a word, as a leading \\b would keep. The patterns that go through here
    leave their \\b out because one makes `re` try the whole pattern at every position of the ticket,
    10 to 50 times slower than letting it skip to where the first character can match. (A match
    passed over this way holds no word start that the pattern could match from.)"""
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield match


def _identifiers(text: str) -> list[str]:
    """Each snake_case or kebab-case word once, in order, up to MAX_IDENTIFIERS: the field names and
    enum values a ticket writes about, which the knowledge base can check."""
    found: dict[str, None] = {}
    for match in IDENTIFIER.finditer(text):
        found.setdefault(match.group(0))
        if len(found) == MAX_IDENTIFIERS:
            break
    return list(found)


@lru_cache(maxsize=1)
def _known_error_texts() -> Gated:
    """Bitbucket's known error messages (knowledge/errors.toml) as one case-insensitive pattern."""
    errors = load().errors
    return Gated(tuple(fold(error.text) for error in errors),
                 re.compile("|".join(re.escape(error.text) for error in errors), re.I))


def _scopes_claimed(text: str, lines: LineIndex, scopes: list[re.Match[str]]) -> list[str]:
    """The scopes the asker says the credential has: those after the words that say so on their line
    ("it needs write:pullrequest:bitbucket but the token only has read:pullrequest:bitbucket": the last)."""
    claim = SIGNALS["scopes_configured"].pattern
    said_from: dict[int, int] = {}  # line -> where its claim starts (-1: none)
    claimed: list[str] = []
    for match in scopes[:MAX_CLAIMED_SCOPES]:
        line = lines.line_of(match.start())
        if line not in said_from:
            start, end = lines.span(line)
            found = claim.search(text, start, end)
            said_from[line] = found.start() if found else -1
        if 0 <= said_from[line] <= match.start():
            claimed.append(match.group(0))
    return sorted(set(claimed))


def _said(gated: Gated, text: str, folded: str, folded_lines: LineIndex, lines: LineIndex, sink: Collector,
          quoted: list[tuple[int, int]], negatable: bool) -> re.Match[str] | None:
    """The first match of a signal in what the asker says: not on a line a reader consumed (a command
    already shows it), not inside Bitbucket's own message ("Access token expired" is no claim that a
    token expired), and for a credential claim, not one the asker denies ("we never set up app
    passwords"). Only the lines around the gate's words are searched."""
    for start, end in gated.windows(folded, folded_lines, lines):
        for match in gated.pattern.finditer(text, start, end):
            at = match.start()
            line = lines.line_of(at)
            if not sink.taken(line, at) and not _inside(at, quoted) and not (
                    negatable and NEGATED_BEFORE.search(text, max(lines.span(line)[0], at - 40), at)):
                return match
    return None


def _known_error_spans(text: str, folded: str, folded_lines: LineIndex, lines: LineIndex) -> list[tuple[int, int]]:
    """Where Bitbucket's known messages stand in the text, in order."""
    gated = _known_error_texts()
    return [match.span() for start, end in gated.windows(folded, folded_lines, lines)
            for match in gated.pattern.finditer(text, start, end)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a position falls in one of these ordered, disjoint spans."""
    index = bisect_right(spans, (position, math.inf)) - 1
    return index >= 0 and position < spans[index][1]


def _known_errors(text: str, spans: list[tuple[int, int]], lines: LineIndex, sink: Collector) -> None:
    """Bitbucket's own error messages quoted anywhere (a log, a client's exception, prose): each is
    evidence even where no JSON body holds it."""
    said = {body.message.lower() for body in sink.found.error_bodies}
    for start, end in spans:
        message, line = text[start:end], lines.line_of(start)
        if sink.taken(line, start) or (message.lower() in REASON_PHRASES
                                       and STATUS_BEFORE.search(text, max(0, start - 4), start)):
            continue  # a status line's reason phrase ("400 Bad Request"), not a message Bitbucket sent
        if not any(message.lower() in known for known in said):
            said.add(message.lower())
            sink.found.error_bodies.append(ErrorBody(line=line, form="text", message=message))


def _statuses(text: str, lines: LineIndex, sink: Collector) -> None:
    seen: set[int] = {r.status for r in sink.found.responses if r.status}
    for pattern in (STATUS_REASON, STATUS_CONTEXT, STATUS_ARROW, STATUS_COMMENT, STATUS_PLURAL, STATUS_LINE,
                    STATUS_ON):
        for match in (_at_word_start(pattern, text) if pattern is STATUS_REASON else pattern.finditer(text)):
            status = int(match.group(1))
            line = lines.line_of(match.start())
            # an arrow's or a comment's status may follow a command on its line (`curl … -> 403`,
            # `curl … # 401`); other numbers on a command's lines are its own (a path, a port)
            consumed = sink.taken(line, match.start()) and pattern not in (STATUS_ARROW, STATUS_COMMENT)
            if status in seen or consumed or not 400 <= status <= 599:
                continue
            seen.add(status)
            sink.found.responses.append(Response(line=line, status=status, origin="prose"))
    if "tatus" not in text:
        return
    for match in STATUS_NAMED.finditer(text):
        status = STATUS_NAMES[match.group("name").lower()]
        line = lines.line_of(match.start())
        line_start = lines.span(line)[0]
        comment = text.find("//", line_start, match.start()) >= 0 or text.find("#", line_start, match.start()) >= 0
        if status not in seen and (match.group("compared") != "==" or comment):
            seen.add(status)
            sink.found.responses.append(Response(line=line, status=status, origin="prose"))


def _endpoints(text: str, lines: LineIndex, sink: Collector) -> None:
    """'POST /2.0/…' or a bare API URL in prose: a request whose details are unknown."""
    seen: set[str] = {r.path for r in sink.found.requests}
    bodies = pages = 0
    for pattern, has_method in ((PROSE_ENDPOINT, True), (API_URL, False), (BARE_API_PATH, False)):
        for match in (_at_word_start(pattern, text) if has_method else pattern.finditer(text)):
            line = lines.line_of(match.start())
            if sink.taken(line, match.start()):
                continue
            method, target = (match.group(1), match.group(2)) if has_method else ("", match.group(0))
            target = target.rstrip(".,;:)")
            if GIT_SHAPED.search(target) is None and "api.bitbucket.org" not in target \
                    and GIT_OUTPUT.search(text, *lines.span(line)):
                continue  # a remote in git's own words (failed to push some refs to '…'): the git reader's
            url = target if "://" in target else "https://api.bitbucket.org" + target
            if url.startswith("https://bitbucket.org") and "/2.0/" not in url and not has_method:
                url_path = url.split("bitbucket.org", 1)[1]
                if url_path.count("/") < 2:
                    continue
            path = url.split("://", 1)[1].partition("/")[2]
            if path.split("?")[0].strip("/") in API_ROOTS:
                continue  # a base URL (`BASE = "https://api.bitbucket.org/2.0"`) names no endpoint
            # the same path again is the same request, unless its page differs: a log of page 1 then
            # page 2 shows what the client did to the next link
            paged = bool(PAGE_QUERY.search(path)) and pages < MAX_PAGES
            key = "/" + (path if paged else path.split("?")[0])
            if key in seen:
                continue
            seen.add(key)
            pages += paged
            status = STATUS_AFTER_URL.match(text, match.end())  # a log's `GET <url> 400`
            if status and not any(r.line == line for r in sink.found.responses):
                sink.found.responses.append(Response(line=line, status=int(status.group(1)), origin="prose"))
            body = _body_below(text, lines, line) if method in BODY_METHODS and bodies < MAX_PROSE_BODIES else None
            bodies += body is not None
            sink.request(origin="prose", line=line, method=method, url=url, headers=[], sent=True,
                         written_url=target, command_index=0, body=body)
            sink.consume(line, line)


def _body_below(text: str, lines: LineIndex, line: int) -> str | None:
    """The JSON object on the lines right below 'POST /2.0/…' (how REST-client files and many posts
    write a request), unless it is an error Bitbucket answered."""
    start = BODY_START.match(text, lines.span(line)[1])
    if start is None:
        return None
    try:
        value, end = JSON_DECODER.raw_decode(text, start.end() - 1)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the decoder goes
        return None
    if not isinstance(value, dict) or value.get("type") == "error":
        return None
    return text[start.end() - 1:end]


def _loose_secrets(text: str, lines: LineIndex, sink: Collector) -> None:
    for match in sorted((*TOKEN.finditer(text), *JWT.finditer(text)), key=lambda found: found.start()):
        line = lines.line_of(match.start())
        sink.secret(match.group(0), line, _where(text, lines.span(line)[0], match.start()))
    for match in ASSIGNED_SECRET.finditer(text):
        name = _name_before(text, match.start()) + match.group(1)
        sink.secret(match.group(2), lines.line_of(match.start()), "code literal", named=name)
    for match in ENV_SECRET.finditer(text):
        if SECRET_NAME.search(match.group(1)):
            sink.secret(match.group(2), lines.line_of(match.start()), "environment variable",
                        named=match.group(1))
    judged: dict[str, bool] = {}  # a log repeats its values: each is judged once
    for match in NEAR_WORD_SECRET.finditer(text):
        value = match.group(2)
        if value not in judged:
            # Said to be one ("my token is …", "password: …") and made of letters and digits: taken as
            # live even when it reads less random than a generated secret.
            stated = STATED.fullmatch(text, match.end(1), match.start(2)) is not None
            judged[value] = looks_random(value) or (stated and LETTER.search(value) is not None
                                                    and DIGIT.search(value) is not None)
        if judged[value]:
            sink.secret(value, lines.line_of(match.start(2)), "ticket text", named=match.group(1))


def _name_before(text: str, offset: int) -> str:
    """The identifier characters right before `offset` (BITBUCKET_ of BITBUCKET_TOKEN)."""
    start = offset
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:offset]


def _where(text: str, line_start: int, offset: int) -> str:
    """What kind of place a secret at `offset` sits in, from a few characters around it (a line
    of a megabyte holds thousands of secrets: reading it whole for each would be quadratic)."""
    if ASSIGNED_BEFORE.search(text[max(line_start, offset - 16):offset]):
        return "code literal"
    if text[line_start:min(offset, line_start + 16)].lstrip().startswith(("<", ">")):
        return "transcript"
    return "ticket text"


def _clock_times(text: str, lines: LineIndex) -> Iterator[TimeOfDay]:
    """'noon UTC', '6pm UTC', '12 am GMT': a time of day said in words (a log's 18:07 is UTC_TIME's)."""
    for zone in ZONE.finditer(text):
        clock = CLOCK_BEFORE.search(text, max(0, zone.start() - CLOCK_CHARS), zone.start())  # \b sees the text before
        if clock is None:
            continue
        if clock.group(1):
            hour = 12 if clock.group(1).lower() == "noon" else 0
        else:
            hour = int(clock.group(2)) % 12 + (12 if clock.group(3).lower() == "p" else 0)
        yield TimeOfDay(line=lines.line_of(zone.start()), hour=hour, minute=0)


def _tokens_created(text: str, folded: str, lines: LineIndex) -> list[SaidDate]:
    """The dates the asker says a token was created on (a month alone: its first day)."""
    if "token" not in folded or not any(word in folded for word in CREATED_WORDS):
        return []
    found: list[SaidDate] = []
    for match in islice(CREATED_ON.finditer(text), MAX_CREATED):
        line = lines.line_of(match.start())
        if match.group("last"):
            found.append(SaidDate(line=line, last_month=datetime.strptime(match.group("last"), "%B").month))
            continue
        if not (match.group("iso") or match.group("month")):
            found.append(SaidDate(line=line, years_ago=1))
            continue
        try:
            if match.group("iso"):
                year, month = map(int, match.group("iso").split("-"))
                day = date(year, month, int(match.group("iso_day") or 1))
            else:
                month = datetime.strptime(match.group("month"), "%B").month
                day = date(int(match.group("year")), month, int(match.group("day") or 1))
        except ValueError:
            continue
        found.append(SaidDate(line=line, day=day))
    return found


def _ticket_date(text: str) -> date | None:
    """The first date the ticket states (its posting date on forum pages)."""
    found: list[tuple[int, date]] = []
    for pattern, fmt in DATES:
        match = next(_at_word_start(pattern, text), None)
        if not match:
            continue
        try:
            if fmt is None:
                value = match.group(1).replace(".", "").replace("Sept ", "Sep ")
                parsed = _parse_month_first(value)
            else:
                parsed = datetime.strptime(match.group(0), fmt).date()
        except ValueError:
            continue
        found.append((match.start(), parsed))
    return min(found)[1] if found else None


def _parse_month_first(value: str) -> date:
    for fmt in ("%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)
