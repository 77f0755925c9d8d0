"""Bulk writing for the generator: rows as tuples, in large batches, ids handed out here.

On PostgreSQL rows go in through COPY (psycopg's `cursor.copy`); on SQLite through the
driver's `executemany` in one transaction. Both bypass the ORM: the generator supplies every
column value itself, so no Python-side default is needed.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, func, select, text

BATCH = 50_000


class Sink:
    """Write rows into tables of one connection; remember counts and the next free id."""

    def __init__(self, connection, metadata):
        self.connection = connection
        self.metadata = metadata
        self.postgres = connection.dialect.name == "postgresql"
        self.counts = {}
        self._next_id = {}
        self._columns = {}
        self._buffers = {}
        if not self.postgres:  # keep the one long transaction's pages in memory
            connection.exec_driver_sql("PRAGMA cache_size = -262144")

    def next_id(self, table_name):
        """Return the next id of `table_name` and reserve it."""
        if table_name not in self._next_id:
            table = self.metadata.tables[table_name]
            highest = self.connection.scalar(select(func.max(table.c.id)))
            self._next_id[table_name] = (highest or 0) + 1
        value = self._next_id[table_name]
        self._next_id[table_name] = value + 1
        return value

    def declare(self, table_name, columns):
        """Name the columns, in order, of the tuples `add` will get for `table_name`."""
        self._columns[table_name] = tuple(columns)
        self._buffers.setdefault(table_name, [])

    def add(self, table_name, row):
        """Queue one row; a full queue writes every queue, parents before children."""
        buffer = self._buffers[table_name]
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush()

    def flush(self):
        """Write every queued row, in the metadata's dependency order."""
        for table in self.metadata.sorted_tables:
            batch = self._buffers.get(table.name)
            if not batch:
                continue
            columns = self._columns[table.name]
            if self.postgres:
                self._copy(table.name, columns, batch)
            else:
                self._executemany(table.name, columns, batch)
            self.counts[table.name] = self.counts.get(table.name, 0) + len(batch)
            batch.clear()

    def _executemany(self, table_name, columns, batch):
        batch = self._sqlite_values(table_name, columns, batch)
        marks = ", ".join("?" for _ in columns)
        statement = (f'INSERT INTO {table_name} ({", ".join(columns)}) '  # noqa: S608
                     f"VALUES ({marks})")
        self.connection.connection.driver_connection.executemany(statement, batch)

    def _sqlite_values(self, table_name, columns, batch):
        """Dates and times as the text SQLAlchemy stores in SQLite (no driver adapter)."""
        table = self.metadata.tables[table_name]
        timed = [i for i, name in enumerate(columns)
                 if isinstance(table.c[name].type, (Date, DateTime))]
        if not timed:
            return batch
        converted = []
        for row in batch:
            row = list(row)
            for i in timed:
                row[i] = _sqlite_time(row[i])
            converted.append(row)
        return converted

    def _copy(self, table_name, columns, batch):
        cursor = self.connection.connection.driver_connection.cursor()
        with cursor.copy(f'COPY {table_name} ({", ".join(columns)}) FROM STDIN') as copy:
            for row in batch:
                copy.write_row(row)

    def finish(self):
        """Write what is queued; move PostgreSQL's id sequences past the ids written here."""
        self.flush()
        if not self.postgres:
            return
        for table_name in self._next_id:
            self.connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table_name}))"))  # table names from the metadata


def _sqlite_time(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value
