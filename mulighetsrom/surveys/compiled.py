"""Statements that the ORM compiles to SQL once per process instead of once per request.

Building and compiling a QuerySet costs far more Python time than running it: on the public
survey pages the join of response, survey, project and municipality took about 2 ms of CPU to
build and compile and 0.3 ms to run. The classes here let the ORM write the SQL once, with
stand-in parameter values, remember where each stand-in ended up among the SQL parameters, and
afterwards only put the real values in their place and run the SQL. The ORM still chooses the
tables, joins, quoting, value adaptation and column converters, so the SQL is the same on SQLite
and PostgreSQL as the ORM's own.

With the SURVEY_FAST_PATH setting off (see fast_path.py) every class here runs the same
statement through the ORM's public API on every call instead: `values_list`, `update`,
`bulk_create(update_conflicts=True)` and `save(force_insert=True)`.

Parameters are given as the model field they are compared with or stored in, and may only be
used in exact lookups or as a stored value, so the database value is the field's
`get_db_prep_value` of it. Compiling fails loudly if a stand-in cannot be found among the
compiled parameters.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model, QuerySet
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery, UpdateQuery
from django.db.models.sql.compiler import SQLCompiler

from mulighetsrom.surveys import fast_path

Fields = Mapping[str, "Field[Any, Any]"]


class _Statement:
    """SQL with parameter slots: compiled on first use, then shared by every request of the process."""

    def __init__(self, params: Fields) -> None:
        self.params = params
        self._compiled: tuple[str, str, tuple[Any, ...], list[tuple[int, str]]] | None = None
        self._lock = threading.Lock()

    def _compile(self, stand_ins: dict[str, Any]) -> tuple[str, str, tuple[Any, ...], SQLCompiler]:
        raise NotImplementedError

    def _bind(self, values: Mapping[str, Any]) -> tuple[BaseDatabaseWrapper, str, list[Any]]:
        """The connection, SQL and parameters for `values` (one value per parameter)."""
        alias, sql, template, slots = self._compiled or self._compile_once()
        connection = connections[alias]
        params = list(template)
        for position, name in slots:
            params[position] = self.params[name].get_db_prep_value(values[name], connection, prepared=False)
        return connection, sql, params

    def _compile_once(self) -> tuple[str, str, tuple[Any, ...], list[tuple[int, str]]]:
        with self._lock:
            stand_ins = {name: _stand_in(field) for name, field in self.params.items()}
            alias, sql, params, compiler = self._compile(stand_ins)
            connection = connections[alias]
            slots: list[tuple[int, str]] = []
            for name, value in stand_ins.items():
                prepared = self.params[name].get_db_prep_value(value, connection, prepared=False)
                positions = [i for i, param in enumerate(params) if param == prepared]
                if not positions:
                    raise ValueError(f"parameter {name!r} is not among the compiled SQL parameters")
                slots.extend((i, name) for i in positions)
            self._after_compile(compiler)
            self._compiled = (alias, sql, params, slots)
            return self._compiled

    def _after_compile(self, compiler: SQLCompiler) -> None:
        pass


class CompiledValues(_Statement):
    """A `values_list` query: `build(**params)` returns the queryset.

    values = CompiledValues(lambda token: Survey.objects.filter(token=token).values_list("id"),
                            token=Survey._meta.get_field("token"))
    values.rows(token="abc")
    """

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], **params: Field[Any, Any]) -> None:
        super().__init__(params)
        self.build = build
        self._converters: list[tuple[int, list[Any], Any]] = []

    def _compile(self, stand_ins: dict[str, Any]) -> tuple[str, str, tuple[Any, ...], SQLCompiler]:
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        return queryset.db, sql, tuple(params), compiler

    def _after_compile(self, compiler: SQLCompiler) -> None:
        # Column converters (JSON text to Python, SQLite's datetime strings …): the compiler's own.
        expressions = [col for col, _sql, _alias in compiler.select]
        self._converters = [(i, cs, e) for i, (cs, e) in compiler.get_converters(expressions).items()]

    def rows(self, **values: Any) -> list[Sequence[Any]]:
        """The rows (tuples) for `values`, converted as `values_list` would convert them."""
        if not fast_path.is_on():
            return list(self.build(**values))
        connection, sql, params = self._bind(values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[Sequence[Any]] = cursor.fetchall()
        if self._converters:
            rows = [self._convert(row, connection) for row in rows]
        return rows

    def _convert(self, row: Sequence[Any], connection: Any) -> tuple[Any, ...]:
        values = list(row)
        for i, converters, expression in self._converters:
            for converter in converters:
                values[i] = converter(values[i], expression, connection)
        return tuple(values)


class CompiledUpdate(_Statement):
    """An UPDATE: `build(**params)` returns the queryset to update and the values to set.

    Unlike QuerySet.update() it runs no transaction of its own: a single statement is atomic.
    """

    def __init__(
        self, build: Callable[..., tuple[QuerySet[Any, Any], dict[str, Any]]], **params: Field[Any, Any]
    ) -> None:
        super().__init__(params)
        self.build = build

    def _compile(self, stand_ins: dict[str, Any]) -> tuple[str, str, tuple[Any, ...], SQLCompiler]:
        queryset, changes = self.build(**stand_ins)
        query: UpdateQuery = queryset.query.chain(UpdateQuery)  # type: ignore[assignment]
        query.add_update_values(changes)
        compiler = query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if query.related_updates:
            raise ValueError("an update of more than one table cannot be compiled once")
        return queryset.db, sql, tuple(params), compiler

    def execute(self, **values: Any) -> int:
        """Run the update for `values`; the number of rows it changed."""
        if not fast_path.is_on():
            queryset, changes = self.build(**values)
            return queryset.update(**changes)
        connection, sql, params = self._bind(values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount)


class CompiledUpsert:
    """INSERT … ON CONFLICT (unique) DO UPDATE SET update, compiled once per number of rows.

    The statement `bulk_create(objs, update_conflicts=True, …)` runs for objects without a primary
    key, without asking for the new ids back and without the transaction bulk_create opens around
    it (a single statement is atomic).
    """

    def __init__(self, model: type[Model], *, unique: Sequence[str], update: Sequence[str]) -> None:
        self.model = model
        self.unique = [model._meta.get_field(name) for name in unique]
        self.update = [model._meta.get_field(name) for name in update]
        # Every column but the generated id, as bulk_create writes them.
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
        self._sql: dict[int, tuple[str, str, bool]] = {}

    def execute(self, objs: Sequence[Model]) -> None:
        """Insert `objs` (new instances), or update the rows they conflict with."""
        if not fast_path.is_on():
            self.model._default_manager.bulk_create(
                objs,
                update_conflicts=True,
                unique_fields=[f.name for f in self.unique],
                update_fields=[f.name for f in self.update],
            )
            return
        alias, sql, by_column = self._sql.get(len(objs)) or self._compile(len(objs))
        connection = connections[alias]
        rows = [
            [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in self.fields] for obj in objs
        ]
        # A row of parameters after the other, or (PostgreSQL's INSERT … SELECT FROM UNNEST for
        # several rows) one array of values per column.
        params = [list(column) for column in zip(*rows, strict=True)] if by_column else [p for row in rows for p in row]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def _compile(self, count: int) -> tuple[str, str, bool]:
        query = InsertQuery(
            self.model, on_conflict=OnConflict.UPDATE, update_fields=self.update, unique_fields=self.unique
        )
        query.insert_values(self.fields, [self.model() for _ in range(count)])
        alias = self.model._default_manager.db
        statements = query.get_compiler(using=alias).as_sql()
        params = statements[0][1] if len(statements) == 1 else []
        if len(params) == count * len(self.fields):
            by_column = False
        elif count > 1 and len(params) == len(self.fields) and all(len(p) == count for p in params):
            by_column = True
        else:
            raise ValueError("the insert does not compile to one statement with the parameters in a known order")
        self._sql[count] = (alias, statements[0][0], by_column)
        return self._sql[count]


class CompiledInsert:
    """The INSERT of one new instance, compiled once per process; sets the instance's primary key.

    What `obj.save()` runs for a new object, without the rest of the save machinery. When the
    model has pre_save or post_save receivers, or the database cannot return the new id from the
    INSERT, it calls `obj.save(force_insert=True)` instead, so no receiver is ever skipped (and
    so it does with the fast path off).
    """

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.fields = [f for f in model._meta.local_concrete_fields if not f.primary_key and not f.generated]
        self._compiled: tuple[str, str, Any] | None = None

    def insert(self, obj: Model) -> None:
        if not fast_path.is_on() or pre_save.has_listeners(self.model) or post_save.has_listeners(self.model):
            obj.save(force_insert=True)
            return
        alias, sql, returning_params = self._compiled or self._compile()
        connection = connections[alias]
        if not connection.features.can_return_columns_from_insert:
            obj.save(force_insert=True)
            return
        params = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in self.fields]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = connection.ops.fetch_returned_insert_columns(cursor, returning_params)
        obj.pk = row[0]
        obj._state.adding = False
        obj._state.db = alias

    def _compile(self) -> tuple[str, str, Any]:
        alias = self.model._default_manager.db
        query = InsertQuery(self.model)
        query.insert_values(self.fields, [self.model()])
        compiler = query.get_compiler(using=alias)
        compiler.returning_fields = [self.model._meta.pk]
        statements = compiler.as_sql()
        if len(statements) != 1 or len(statements[0][1]) != len(self.fields):
            raise ValueError("the insert does not compile to one statement with a parameter per field")
        self._compiled = (alias, statements[0][0], compiler.returning_params)
        return self._compiled


def _stand_in(field: Field[Any, Any]) -> Any:
    """A value of the field's type that no real request will use."""
    internal = field.get_internal_type()
    if field.is_relation or internal.endswith(("AutoField", "IntegerField")):
        return -(2**52) - uuid.uuid4().int % 2**40
    if internal == "UUIDField":
        return uuid.uuid4()
    if internal == "DateTimeField":
        return datetime(1901, 1, 1, tzinfo=UTC) + timedelta(microseconds=uuid.uuid4().int % 2**40)
    if internal == "FloatField":
        return -(2.0**40) - uuid.uuid4().int % 2**30 / 7
    if internal == "JSONField":
        return None
    return f"stand-in-{uuid.uuid4().hex}"
