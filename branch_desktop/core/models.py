"""The declarative base shared by every table, and the kernel's own tables (branch, users, audit)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from branch_desktop.core.driver import utcnow as utcnow  # defined beside the timestamps' stored text

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Integer ids: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")
# Amounts in minor units. 64-bit everywhere.
Minor = BigInteger


def table_of(model: type) -> Table:
    """The Core table of a mapped class (for bulk executemany inserts and updates)."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Branch(Base):
    """The one branch this database belongs to, and the jurisdiction pack it runs."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    pack_code: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # command-line sessions (``core.cli_sessions``): allowed at all, and their idle timeout
    cli_sessions_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    cli_session_idle_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditLog(Base):
    """Append-only: who did what, when. The database refuses UPDATE and DELETE on it."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(60), default="")
    object_id: Mapped[str] = mapped_column(String(60), default="")
    details: Mapped[str] = mapped_column(Text, default="")


class RecordText(Base):
    """A record's description kept as a message id and its parameters (``core/texts.py``), so
    screens and documents render it in the reader's language. The record's own text column
    keeps the plain text it was written with (a posted entry's description is hashed and never
    changes); ``kind`` names the record's table ("entry", ...)."""

    __tablename__ = "record_texts"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    msgid: Mapped[str] = mapped_column(String(500))
    params: Mapped[str] = mapped_column(Text, default="{}")


class RecordLink(Base):
    """One legal record's place in its kind's hash chain (``core.records``); append-only."""

    __tablename__ = "record_links"
    __table_args__ = (UniqueConstraint("kind", "record_id", name="uq_record_links_record"),)

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(BigInteger)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RecordHead(Base):
    """The head of a record kind's chain: how many records it holds and the last one's hash."""

    __tablename__ = "record_heads"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    length: Mapped[int] = mapped_column(Integer, default=0)
    head: Mapped[str] = mapped_column(String(64), default="0" * 64)


class RecordEvent(Base):
    """A change of a state column of a legal record (a receipt voided, a cheque cleared): the only
    way such a column may change once the record is final; itself a chained record."""

    __tablename__ = "record_events"
    __table_args__ = (Index("ix_record_events_record", "kind", "record_id", "field", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(BigInteger)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


def check_in(column: str, states: type[StrEnum], nullable: bool = False) -> str:
    """A CHECK constraint's SQL: ``column`` holds one of the enum's values (or NULL when
    ``nullable``). Every department writes its state columns' constraints with it."""
    rule = f"{column} IN ({', '.join(repr(str(s.value)) for s in states)})"
    return f"{column} IS NULL OR {rule}" if nullable else rule


class WorkLock(Base):
    """Who is running a piece of work that only one person may run at a time (a day close, a month
    close). On PostgreSQL the lock itself is an advisory lock and this row only names its holder; on
    SQLite the row is the lock (``core.locks``)."""

    __tablename__ = "work_locks"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    workstation: Mapped[str] = mapped_column(String(120))
    pid: Mapped[int] = mapped_column(Integer)
    since: Mapped[dt.datetime] = mapped_column(DateTime)


class CliSession(Base):
    """A command-line session (``branch-desktop login``): the SHA-256 of its random token, never the
    token itself, whose user it is and where it was opened. The user's role is read afresh at every
    command; a changed password (``password_mark``), a deactivated user, the idle timeout or the hard
    limit end it (``core.cli_sessions``)."""

    __tablename__ = "cli_sessions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    password_mark: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(120))
    os_user: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
