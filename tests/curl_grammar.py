"""A grammar of the curl commands users paste: the options that change a request (methods in any
case, headers, every kind of data, -G, --json, --url-query, -u, --oauth2-bearer, -I, globbing on
and off, dot segments, several URLs and --next groups), each word quoted as a user may quote it
(bare, single, double with backslash escapes, $'…', parts joined). URLs start with the loopback
placeholder @U@. Used by tests/test_curl_grammar.py and `python -m bench --only reader`."""
from __future__ import annotations

from hypothesis import strategies as st

TEXT = st.text(st.sampled_from("abcXYZ019 -_.:/=&?%+*!'\"$\\{}[],;#~()"), min_size=0, max_size=12)
SEGMENT = st.one_of(st.text(st.sampled_from("abc019-_~"), min_size=1, max_size=6), st.sampled_from(["..", "."]))
QUERY = st.text(st.sampled_from("abc019=&+%-_.~"), min_size=1, max_size=10)
METHOD = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "post", "Get"])
HEADER = st.builds("{}: {}".format, st.sampled_from(["X-A", "X-B", "Accept", "Content-Type", "Authorization"]),
                   st.text(st.sampled_from("abcXYZ019 -_.:/=;,$'\"\\"), max_size=12))
NO_FILE = TEXT.filter(lambda value: not value.startswith("@"))  # @name would read a file


def quoted(word: str, style: int) -> str:
    """`word` as bash must receive it, quoted in one of several styles a user may pick."""
    if style == 0 and word and all(c.isalnum() or c in "-_./:=%+,@~" for c in word):
        return word
    if style == 1 and "'" not in word:
        return f"'{word}'"
    if style == 2:
        return '"' + "".join("\\" + c if c in '"\\$`' else c for c in word) + '"'
    if style == 3:
        return "$'" + "".join("\\" + c if c in "'\\" else c for c in word) + "'"
    # adjacent parts: single-quoted (quotes escaped outside), then double-quoted; the loopback
    # placeholder @U@ stays in one part (the test replaces it in the command's text)
    middle = max(len(word) // 2, 3 if word.startswith("@U@") else 0)
    first = "'" + word[:middle].replace("'", "'\\''") + "'"
    return first + '"' + "".join("\\" + c if c in '"\\$`' else c for c in word[middle:]) + '"'


@st.composite
def url(draw: st.DrawFn) -> tuple[list[str], bool]:
    """A loopback URL's words: the path (maybe with dot segments or a glob) and a query."""
    segments = draw(st.lists(SEGMENT, min_size=1, max_size=4))
    globbed = draw(st.booleans()) and draw(st.booleans())
    if globbed:
        segments.append(draw(st.sampled_from(["{a,b}", "[1-2]", "{only}"])))
    query = draw(st.one_of(st.none(), QUERY))
    return ["@U@/" + "/".join(segments) + (f"?{query}" if query else "")], globbed


@st.composite
def group(draw: st.DrawFn) -> list[str]:
    """The words of one URL group: options, then the URL (or the URL first)."""
    options: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["-X", "-H", "-d", "--data-raw", "--data-urlencode", "--json", "-G",
                                     "-u", "--oauth2-bearer", "--url-query", "-I", "-s", "-g", "--path-as-is"]))
        value = {"-X": METHOD, "-H": HEADER, "-u": st.builds("{}:{}".format, st.sampled_from(["me", "a@b.io", ""]),
                                                          NO_FILE)}.get(kind, NO_FILE)
        options += [kind] if kind in ("-G", "-I", "-s", "-g", "--path-as-is") else [kind, draw(value)]
    words, globbed = draw(url())
    if globbed and "-g" not in options and draw(st.booleans()):
        options.append("-g")
    return words + options if draw(st.booleans()) else options + words


@st.composite
def command(draw: st.DrawFn) -> str:
    groups = [draw(group()) for _ in range(draw(st.integers(1, 2)))]
    words = groups[0] + [w for later in groups[1:] for w in ["--next", *later]]
    return "curl " + " ".join(quoted(word, draw(st.integers(0, 4))) for word in words)
