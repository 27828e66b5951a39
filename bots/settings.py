"""Server and Slack settings, read from the environment (and a `.env` file) with pydantic-settings.

Why a settings object: the same process runs with or without Slack, in HTTP or
Socket Mode; deciding that in one validated place keeps the server and the CLI
honest about what is configured, and the secrets stay `SecretStr` (never printed).
"""
from __future__ import annotations

import os
import secrets

from platformdirs import user_data_path
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite in the user's data directory (e.g. ~/.local/share/bbhelp), not wherever the server starts."""
    return f"sqlite:///{user_data_path('bbhelp', appauthor=False, ensure_exists=True) / 'bbhelp.db'}"


class Settings(BaseSettings):
    # An empty variable (compose's `${SLACK_BOT_TOKEN:-}`, a blank line in .env) counts as unset.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_timeout_seconds: float = Field(10.0, gt=0, description="Web API call timeout (one retry at most)")
    host: str = "127.0.0.1"
    port: int = 8000
    bbhelp_api_keys: SecretStr | None = None
    bbhelp_max_body_bytes: int = Field(256 * 1024, gt=0)
    bbhelp_database_url: str = Field(default_factory=default_database_url,
                                     description="SQLAlchemy URL of the store (PostgreSQL: postgresql+psycopg://…)")
    bbhelp_retention_days: int = Field(30, gt=0)
    bbhelp_rate_per_minute: int = Field(30, gt=0, description="triages and ratings per client and minute")
    bbhelp_page_requires_key: bool = Field(False, description="the web page asks for an API key too")
    bbhelp_form_secret: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_hex(32)),
                                          description="signs the page's form tokens (default: new per start)")
    bbhelp_triage_processes: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1,
                                         description="processes that triage, per server worker (default: one per "
                                                     "CPU; `bbhelp serve --workers N` divides the CPUs among them)")

    @model_validator(mode="after")
    def _page_key_needs_keys(self) -> "Settings":
        if self.bbhelp_page_requires_key and not self.api_keys:
            raise ValueError("BBHELP_PAGE_REQUIRES_KEY is set but BBHELP_API_KEYS holds no key")
        return self

    @property
    def api_keys(self) -> list[str]:
        """The accepted REST API keys (BBHELP_API_KEYS, comma-separated); none: the API is open."""
        raw = self.bbhelp_api_keys.get_secret_value() if self.bbhelp_api_keys else ""
        return [key.strip() for key in raw.split(",") if key.strip()]

    @property
    def slack_http(self) -> bool:
        """HTTP mode needs the bot token and the signing secret that verifies Slack's requests."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    @property
    def slack_socket(self) -> bool:
        """Socket Mode (development) needs the bot token and an app-level token."""
        return self.slack_bot_token is not None and self.slack_app_token is not None

    def slack_missing(self) -> list[str]:
        """The environment variables HTTP mode still lacks."""
        return [name for name, value in (("SLACK_BOT_TOKEN", self.slack_bot_token),
                                         ("SLACK_SIGNING_SECRET", self.slack_signing_secret)) if value is None]
