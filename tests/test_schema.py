"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import _drop_pg_schema, _pg_available, _pg_engine, need_service

from data.store.db import make_engine
from data.store.models import Base, import_model_modules
from data.store.partitions import include_object
from data.store.schema import migrate


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_models_and_migrations_agree(dialect, tmp_path):
    schema = None
    if dialect == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    else:
        need_service(_pg_available(), "PostgreSQL at 127.0.0.1:5432")
        schema = f"t_{uuid.uuid4().hex[:12]}"
        engine = _pg_engine(schema)
    try:
        migrate(engine)
        import_model_modules()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_schemas": False,
                                                                "include_object": include_object})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
        if schema:
            _drop_pg_schema(schema)
