"""raw observations partitioned by month on PostgreSQL (traffic readings, environment readings): each table
becomes a range-partitioned parent with a DEFAULT partition holding the existing rows; `cityops migrate` and the
jobs process then create the monthly partitions (data.store.partitions.keep_ahead). Nothing changes on SQLite.

Revision ID: 0012
Revises: 0010
"""

from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

# Frozen at this revision: the table, its primary key and its time index.
TABLES = {"traffic_obs": ("segment_code, ts", "ix_traffic_obs_ts"),
          "env_obs": ("station_code, parameter, ts", "ix_env_obs_ts")}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (key, index) in TABLES.items():
        old = f"{table}_unpartitioned"
        op.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
        op.execute(f'ALTER INDEX "{index}" RENAME TO "{index}_unpartitioned"')
        op.execute(f'ALTER TABLE "{old}" RENAME CONSTRAINT "{table}_pkey" TO "{old}_pkey"')
        op.execute(f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS) PARTITION BY RANGE (ts)')
        op.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY ({key})')
        op.execute(f'CREATE INDEX "{index}" ON "{table}" (ts)')
        op.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
        op.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
        op.execute(f'DROP TABLE "{old}"')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (key, index) in TABLES.items():
        plain = f"{table}_plain"
        op.execute(f'CREATE TABLE "{plain}" (LIKE "{table}" INCLUDING DEFAULTS)')
        op.execute(f'INSERT INTO "{plain}" SELECT * FROM "{table}"')
        op.execute(f'DROP TABLE "{table}" CASCADE')
        op.execute(f'ALTER TABLE "{plain}" RENAME TO "{table}"')
        op.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY ({key})')
        op.execute(f'CREATE INDEX "{index}" ON "{table}" (ts)')
