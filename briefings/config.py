"""Settings: one pydantic-settings class read from the environment and ``.env``."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./data/briefbot.db"


class Settings(BaseSettings):
    """Every setting of briefbot; each has a line in ``.env.example``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(None, description="Bot token; without it the console runs")
    database_url: str = Field(DEFAULT_DATABASE_URL, description="SQLite file or PostgreSQL URL")
    default_timezone: str = Field("UTC", description="IANA time zone for briefings when none is given")
    default_briefing_time: str = Field("08:00", description="Local time of day for briefings when none is given")
    dev_guild_id: int | None = Field(None, description="Guild to sync commands to on start, for development")
    log_level: str = Field("INFO", description="Python logging level")
    log_file: str | None = Field(None, description="File the bot and the console log to, instead of standard error")
    default_workspace: str = Field("cli", description="Workspace of the command line and console")
    allow_private_hosts: bool = Field(False, description="Let /article add fetch private addresses")
    briefing_grace_hours: float = Field(6.0, description="How late a missed briefing may still be sent")
    db_pool_size: int = Field(5, description="PostgreSQL connection pool size")
    shard_count: int | None = Field(None, description="Total shards when sharding, one process per shard")
    shard_id: int | None = Field(None, ge=0, description="This process's shard, 0 .. SHARD_COUNT-1")
    extract_workers: int = Field(1, ge=1, le=16, description="Worker processes that extract articles for the bot")

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, v: object) -> object:
        if isinstance(v, str) and not v.strip():
            return None
        return v

    @field_validator("log_file", mode="before")
    @classmethod
    def _blank_path_is_none(cls, v: object) -> object:
        if isinstance(v, str) and not v.strip():
            return None
        return v

    @field_validator("dev_guild_id", "shard_count", "shard_id", mode="before")
    @classmethod
    def _blank_int_is_none(cls, v: object) -> object:
        if isinstance(v, str) and not v.strip():
            return None
        return v

    @model_validator(mode="after")
    def _shards_together(self) -> Settings:
        if (self.shard_id is None) != (self.shard_count is None):
            raise ValueError("set SHARD_ID and SHARD_COUNT together, or neither")
        if self.shard_id is not None and self.shard_count is not None and self.shard_id >= self.shard_count:
            raise ValueError("SHARD_ID must be below SHARD_COUNT")
        return self

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v
