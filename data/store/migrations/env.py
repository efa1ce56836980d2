"""Alembic environment: runs on the connection handed over by `data.store.schema.migrate`."""

from alembic import context

from data.store.models import Base, import_model_modules
from data.store.partitions import include_object

import_model_modules()

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through data.store.schema.migrate(engine)")

context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                  include_object=include_object)
with context.begin_transaction():
    context.run_migrations()
