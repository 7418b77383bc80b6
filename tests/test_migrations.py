"""The Alembic history builds exactly the schema the models declare, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from briefings.models import Base
from tests.conftest import Store


def _modelled(name: str | None, type_: str, parent_names: dict) -> bool:  # type: ignore[type-arg]
    # The full-text search of statements (migration 0003) is not in the models: SQLite's FTS5
    # table and its shadow tables, PostgreSQL's expression index.
    return not (name or "").startswith(("statements_fts", "ix_statements_text_search"))


def _diff(connection) -> list:  # type: ignore[no-untyped-def]
    ctx = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": _modelled})
    return compare_metadata(ctx, Base.metadata)


async def test_migrations_match_the_models(store: Store) -> None:
    async with store.engine.connect() as conn:
        diff = await conn.run_sync(_diff)
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert diff == [], "a model changed without a migration: " + repr(diff)
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


async def test_migrating_twice_changes_nothing(store: Store) -> None:
    from briefings.db import migrate

    await migrate(store.engine)  # already at head: must be a no-op, not an error
    async with store.engine.connect() as conn:
        assert await conn.run_sync(_diff) == []
