"""States of the execution unit's documents (stored as their string value; CHECK constraints in
the tables and in revisions execution_0001 and execution_0003)."""

from __future__ import annotations

from enum import StrEnum


class NoticeState(StrEnum):
    PREPARED = "prepared"
    SERVED = "served"
    ESCALATED = "escalated"  # an enforcement order was issued on it
    SETTLED = "settled"
    CANCELLED = "cancelled"


class OrderState(StrEnum):
    ISSUED = "issued"
    SERVED = "served"
    SUSPENDED = "suspended"  # an objection suspends it until a date
    SETTLED = "settled"
    CANCELLED = "cancelled"


class SeizureState(StrEnum):
    REQUESTED = "requested"
    ANSWERED = "answered"  # the bank replied: what it seized (0: nothing), its reference
    CANCELLED = "cancelled"


class AgreementState(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    DEFAULTED = "defaulted"
    CANCELLED = "cancelled"


class ServiceMethod(StrEnum):
    HAND = "hand"
    POST = "post"
    ELECTRONIC = "electronic"


class TimelineEvent(StrEnum):
    """What a line of an employer's debt file timeline records."""

    NOTICE = "notice"
    NOTICE_SERVED = "notice_served"
    ORDER = "order"
    ORDER_SERVED = "order_served"
    ORDER_SETTLED = "order_settled"
    OBJECTION = "objection"
    SEIZURE = "seizure"
    SEIZURE_REPLY = "seizure_reply"
    SEIZURE_CANCELLED = "seizure_cancelled"
    AGREEMENT = "agreement"
    AGREEMENT_ENDED = "agreement_ended"
    PAYMENT = "payment"
