"""Questions in plain words ("which scope do I need to approve a pull request?") answered from the
knowledge base with a lexical ranking: SQLite FTS5 and its BM25, in memory.

Why FTS5: it ships with Python's sqlite3, stems English words (porter), and ranks
with BM25 weighted per column, so the knowledge base needs no other index. Every
entry of `knowledge/` is a document: endpoints (summary, path words, method verbs,
scopes), credential kinds, scopes, error messages and the mistake catalog.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from datetime import date
from functools import lru_cache

from pydantic import BaseModel

from triage.knowledge import Knowledge, load

WORD = re.compile(r"[a-z0-9]+")
# A question: a sentence of one line that ends with "?", or opens with a wh-word ("how do I put the
# token in the git URL."); longer than MAX_QUESTION_CHARS it is a pasted log line. ("Should", "is",
# "can" open questions only with their "?": at the start of a wrapped line they continue a sentence.)
# TOPIC: it asks about what the knowledge base holds.
QUESTION = re.compile(r"(?im)(?:^|(?<=[.!?]\s))(?:(?:how|which|what|where|why)\b[^\n.?!]*+[?.!]?|[^\n.?!]++\?)")
MAX_QUESTION_CHARS = 300
TOPIC = re.compile(r"(?i)\b(?:scopes?|permissions?|tokens?|app[ -]?passwords?|git|url|webhooks?|clone|endpoint|"
                   r"api|oauth|pipelines?|ssh|credentials?|pull requests?|prs?|repositor(?:y|ies)|workspace)\b")
MAX_QUESTIONS = 3
# Beside evidence, a question's best entry must match it at least this well (BM25, lower is better):
# a vague aside ("what does the API want?") would otherwise be answered with whatever shares a word.
BESIDE_EVIDENCE_SCORE = -10.0
CANDIDATE_HITS = 20  # fetched, then those that do not hold at the date dropped and the limit kept
# Words of a question about when: a credential whose standing changes with the date answers it first.
WHEN = frozenset("still when until anymore longer stop stops stopped deprecated deprecation retired retire removed "
                 "removal deadline brownout brownouts sunset disabled".split())
MAX_TERMS = 64  # a question is a few words; a query of a whole pasted log would cost seconds in FTS5
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from get got have how i if in is it its me my need of on or "
    "should so still that the this to use using was what when where which why will with you your "
    "via through script rest possible way ok no not any there kind sort different missed want".split())
# A question's verb says which method it means ("fork a repository" is POST, "list forks" is GET).
INTENT = {"POST": {"create", "add", "make", "post", "upload", "fork", "approve", "merge", "decline", "trigger", "run",
                   "comment", "start", "open"},
          "GET": {"list", "get", "show", "read", "view", "fetch", "see", "find", "retrieve", "all"},
          "DELETE": {"delete", "remove", "unapprove"}, "PUT": {"update", "change", "edit", "rename", "set"}}
INTENT_BONUS = 1.0
# A question about scopes or permissions asks what an endpoint (or a scope) needs: those entries
# come before a mistake that merely shares its words ("token", "scope", "API").
SCOPE_QUESTION = frozenset({"scope", "scopes", "permission", "permissions", "privilege", "privileges"})
ASKED_KINDS = frozenset({"endpoint", "scope"})
KIND_BONUS = 5.0
ABOUT_BONUS = 5.0
ABOUT_WINDOW = 5  # the entries of a question beside evidence that the ticket's own operation may lift
VERBS = {"GET": "get read list view show fetch see", "POST": "create add post make run trigger approve",
         "PUT": "update change edit set replace", "PATCH": "update change edit",
         "DELETE": "delete remove revoke decline"}
# Column weights for bm25(): title, body.
WEIGHTS = (4.0, 1.0)
ITEM_PENALTY = 0.3


class KnowledgeHit(BaseModel):
    """One knowledge-base entry matched to a question."""

    kind: str  # endpoint, credential, scope, error, mistake
    key: str  # "POST /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/approve", an id …
    title: str
    text: str
    details: list[str] = []


def _words(text: str) -> str:
    """Path and identifier words split for the index: pullrequests/{pull_request_id} -> pull request id."""
    text = re.sub(r"pullrequests?", "pull requests", text, flags=re.I)
    return " ".join(WORD.findall(re.sub(r"[_{}/:.-]", " ", text).lower()))


def _documents(kb: Knowledge) -> list[tuple[KnowledgeHit, str]]:
    """Every entry as (hit, indexed body)."""
    docs: list[tuple[KnowledgeHit, str]] = []
    for e in kb.endpoints:
        scopes = ", ".join(e.token_scopes) or "none"
        hit = KnowledgeHit(kind="endpoint", key=f"{e.method} {e.path}", title=e.summary,
                           text=f"{e.method} /2.0{e.path}",
                           details=[f"API token scopes: {scopes}",
                                    f"Legacy scope (x-accepted-oauth-scopes): {', '.join(e.legacy_scopes) or 'none'}",
                                    f"Accepts: {', '.join(e.accepts) or 'apps only'}"])
        literal_path = re.sub(r"\{[^{}]*+\}", " ", e.path)  # {comment_id} would make every item endpoint a match
        # No word every endpoint shares ("scope", "endpoint"): it ranks nothing and makes FTS5 score all of them.
        body = " ".join([_words(literal_path), VERBS.get(e.method, ""), _words(" ".join(e.token_scopes))])
        docs.append((hit, body))
    for c in kb.credentials.values():
        hit = KnowledgeHit(kind="credential", key=c.kind, title=c.name, text=f"REST API: {c.rest}. Git: {c.git}.",
                           details=[f"curl {c.rest_curl} …", f"git clone {c.git_url}", c.revoke])
        docs.append((hit, " ".join([_words(c.kind), c.rest, c.git, _words(c.git_url), "clone push pull git curl send",
                                    *(stage.says for stage in c.stages)])))  # "does it still work?"
    for token, legacy in kb.scopes.token.items():
        hit = KnowledgeHit(kind="scope", key=token, title=f"Scope {token}",
                           text=f"API-token scope {token}; older credentials (and x-accepted-oauth-scopes) call it "
                                f"{legacy}.")
        docs.append((hit, f"{_words(token)} {_words(legacy)} scope permission"))
    for error in kb.errors:
        docs.append((KnowledgeHit(kind="error", key=error.id, title=error.text, text=error.meaning),
                     f"{error.text} {error.meaning} error message"))
    for m in kb.mistakes.values():
        docs.append((KnowledgeHit(kind="mistake", key=m.id, title=m.title, text=m.explanation,
                                  details=[f"Fix: {m.fix}", *m.links]),
                     " ".join([m.explanation, m.fix, _words(m.id), *(e.text for e in m.positive)])))  # examples: how users say it
    return docs


class Index:
    """The knowledge base in an in-memory FTS5 table, one connection guarded by a lock."""

    def __init__(self, kb: Knowledge) -> None:
        self.hits: list[KnowledgeHit] = []
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.lock = threading.Lock()
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter')")
        for number, (hit, body) in enumerate(_documents(kb)):
            self.hits.append(hit)
            self.db.execute("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                            (number, _words(hit.title), body.lower()))

    def search(self, question: str, limit: int = 3) -> list[KnowledgeHit]:
        """The best entries for a question, best first; none when no word of it is indexed."""
        return [hit for hit, _ in self.scored(question, limit)]

    def scored(self, question: str, limit: int = 3) -> list[tuple[KnowledgeHit, float]]:
        """The best entries with their scores (lower is better: BM25 as FTS5 gives it)."""
        terms = [w for w in WORD.findall(_words(question)) if w not in STOPWORDS][:MAX_TERMS]
        if not terms:
            return []
        # Words, and neighbouring words near each other ("api token", "create … webhook … repository"),
        # so an entry that says the question's words together outranks one that has them apart.
        unique = list(dict.fromkeys(terms))
        pairs = [f'NEAR("{a}" "{b}", 3)' for a, b in zip(terms, terms[1:]) if a != b]
        query = " OR ".join([f'"{term}"' for term in unique] + pairs)
        with self.lock:
            rows = self.db.execute(f"SELECT rowid, bm25(docs, {WEIGHTS[0]}, {WEIGHTS[1]}) FROM docs WHERE docs MATCH ? "
                                   "ORDER BY 2 LIMIT 20", (query,)).fetchall()
        # bm25 is negative, lower is better. Between near-equal scores the method the question's verb
        # names wins, and the collection (/comments over /comments/{comment_id}) is what it means.
        methods = {method for method, verbs in INTENT.items() if verbs & set(terms)}
        asks_scopes = bool(SCOPE_QUESTION & set(terms))

        def score(row: tuple[int, float]) -> float:
            hit = self.hits[row[0]]
            method = hit.key.split(" ", 1)[0] if hit.kind == "endpoint" else ""
            return row[1] + ITEM_PENALTY * hit.text.count("{") - INTENT_BONUS * (method in methods) \
                - KIND_BONUS * (asks_scopes and hit.kind in ASKED_KINDS)

        return [(self.hits[row[0]], score(row)) for row in sorted(rows, key=score)[:limit]]


@lru_cache(maxsize=1)
def index() -> Index:
    return Index(load())


def answer_question(question: str, limit: int = 3, now: date | None = None) -> list[KnowledgeHit]:
    """The knowledge-base entries that answer a question at the date `now` (default: today), best
    first: a mistake that does not hold at that date is no answer ("app passwords no longer work"
    asked in 2025), and a credential whose standing changes with the date says where it stands then."""
    return [hit for hit, _ in _answers(question, limit, now or date.today())]


def _answers(question: str, limit: int, day: date) -> list[tuple[KnowledgeHit, float]]:
    kb = load()
    kept = []
    for hit, score in index().scored(question, CANDIDATE_HITS):
        if hit.kind == "mistake" and not kb.mistakes[hit.key].window.holds(day):
            continue
        stage = kb.credentials[hit.key].stage_at(day) if hit.kind == "credential" else ""
        kept.append((hit.model_copy(update={"text": f"On {day.isoformat()}: {stage} {hit.text}"}) if stage else hit,
                     score))
    if WHEN & set(WORD.findall(question.lower())):  # "do app passwords still work?": where it stands that day
        kept.sort(key=lambda pair: not (pair[0].kind == "credential" and kb.credentials[pair[0].key].stages))
    return kept[:limit]


def questions_in(text: str) -> list[str]:
    """The sentences of a ticket that ask about the knowledge base ("Which scope do I need…?",
    "how do I put the token in the git URL"), at most MAX_QUESTIONS of them."""
    found = []
    for match in QUESTION.finditer(text):
        sentence = match.group(0).strip()
        if len(sentence) <= MAX_QUESTION_CHARS and TOPIC.search(sentence):
            found.append(sentence)
        if len(found) == MAX_QUESTIONS:
            break
    return found


def answer_questions(text: str, nothing_else: bool, now: date | None = None,
                     about: frozenset[str] = frozenset()) -> list[KnowledgeHit]:
    """The entries that answer what a ticket asks, at the ticket's date: the whole text when it holds
    no evidence at all (it is a question), else each question sentence beside the evidence, where
    the operations the ticket's requests call (`about`, "METHOD /path") win a near tie: "which scope
    for webhooks?" beside a POST to a repository's hooks means that one, not a workspace's."""
    if nothing_else:
        return answer_question(text, now=now)
    day = now or date.today()
    best: dict[str, tuple[KnowledgeHit, float]] = {}
    for sentence in questions_in(text):
        near = _answers(sentence, ABOUT_WINDOW, day)
        lifted = next(((hit, score) for hit, score in near if hit.key in about and score - ABOUT_BONUS < near[0][1]),
                      None)
        for hit, score in [lifted] if lifted else near[:1]:
            if score <= BESIDE_EVIDENCE_SCORE and (hit.key not in best or score < best[hit.key][1]):
                best[hit.key] = (hit, score)
    # The most specific question first: "which scopes does listing pull requests need?" before "what
    # does the API want that git does not?", whose few words match many entries weakly.
    return [hit for hit, _ in sorted(best.values(), key=lambda pair: pair[1])][:MAX_QUESTIONS]
