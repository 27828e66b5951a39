"""Generate knowledge/curl_options.json from the installed curl's `curl --help all`.

Why: the curl parser must give every option the right number of arguments, or an
unknown option would swallow the URL. Guessing the table by hand drifts from curl;
reading curl's own help keeps it exact. Run: python tools/gen_curl_options.py
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

LINE = re.compile(r"^\s*(?:-(?P<short>[^\s,]), )?--(?P<long>[A-Za-z0-9][\w.-]*)(?: (?P<arg><[^>]*>))?\s")
OUT = Path(__file__).resolve().parent.parent / "knowledge" / "curl_options.json"


def parse_help(text: str) -> dict[str, dict[str, object]]:
    """Map each long option name to its short letter and whether it takes an argument."""
    options: dict[str, dict[str, object]] = {}
    for line in text.splitlines():
        match = LINE.match(line + " ")
        if match:
            options[match["long"]] = {"short": match["short"], "takes_arg": bool(match["arg"])}
    return options


def main() -> None:
    help_text = subprocess.run(["curl", "--help", "all"], capture_output=True, text=True, check=True).stdout
    version = subprocess.run(["curl", "--version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    options = parse_help(help_text)
    OUT.write_text(json.dumps({"curl_version": version, "options": options}, indent=1, sort_keys=True) + "\n")
    print(f"{len(options)} options from {version} -> {OUT}")


if __name__ == "__main__":
    main()
