"""The Slack app: /bbhelp, the message shortcut, mentions, the App Home (slack-bolt)."""
