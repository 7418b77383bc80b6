"""Alembic environment: runs on the connection that briefings.db.migrate hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from briefings.db import async_url
from briefings.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    # The `alembic` command line (autogenerate): a plain sync engine on sqlalchemy.url.
    url = async_url(config.get_main_option("sqlalchemy.url") or "sqlite:///./data/briefbot.db")
    sync_url = url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    with create_engine(sync_url).connect() as conn:
        _run(conn)
        conn.commit()
