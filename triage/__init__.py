"""bbhelp triage: read a Bitbucket auth ticket, find the mistake, answer it."""
from .extract import extract

__all__ = ["extract"]
