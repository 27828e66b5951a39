"""Test-wide setup: the learning-loop store in a temporary SQLite file (set before any test module
builds an app), and hypothesis profiles (`default` quick; HYPOTHESIS_PROFILE=deep searches harder)."""
from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("deep", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
os.environ["BBHELP_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bbhelp-tests-')}/bbhelp.db"
