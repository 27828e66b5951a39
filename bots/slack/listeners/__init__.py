"""Every listener of the Bolt app, one per file, registered by kind (the layout of Bolt's starter
templates: listeners/<kind>/<listener>.py, each kind's __init__ registering its listeners)."""
from __future__ import annotations

from slack_bolt import App

from . import actions, commands, events, shortcuts, views


def register_listeners(app: App) -> None:
    for kind in (actions, commands, events, shortcuts, views):
        kind.register(app)
