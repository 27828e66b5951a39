"""bbhelp triage: read a Bitbucket auth ticket (read/), keep its secrets out of everything (secrets/),
reason over what was read (reason/) and answer (answer/)."""
