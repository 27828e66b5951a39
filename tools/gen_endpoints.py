"""Generate knowledge/endpoints.json from shared/knowledge-sources/endpoints.tsv.

Why generated: the TSV is transcribed from Atlassian's OpenAPI description and is
the source of truth; the JSON keeps only the facts the engine needs (method,
path template, scopes, auth types, deprecated), validated again at load.
Run: python tools/gen_endpoints.py [path/to/endpoints.tsv]
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TSV = ROOT.parent / "shared" / "knowledge-sources" / "endpoints.tsv"
OUT = ROOT / "knowledge" / "endpoints.json"


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TSV
    with source.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    endpoints = [
        {
            "method": row["method"],
            "path": row["path"],
            "summary": row["summary"],
            "legacy_scopes": split(row["legacy_scopes"]),
            "token_scopes": split(row["token_scopes"]),
            "auth_types": split(row["auth_types"]),
            "deprecated": row["deprecated"] == "true",
        }
        for row in rows
    ]
    OUT.write_text(json.dumps({"source": "endpoints.tsv (Bitbucket Cloud OpenAPI)", "endpoints": endpoints},
                              indent=1) + "\n")
    print(f"{len(endpoints)} endpoints -> {OUT}")


if __name__ == "__main__":
    main()
