"""record_texts: descriptions kept as a message id and its parameters; existing entries migrated

Posted entries never change (their description is hashed, triggers refuse UPDATE): their text
is added next to them. The descriptions the code has written so far are recognised by their
templates, in English and in the Persian and Turkish the services and the demo wrote them in;
a description no template recognises keeps showing its stored text.

Revision ID: texts_r1
Revises: shell_0001
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "texts_r1"
down_revision = "shell_0001"
branch_labels = None
depends_on = None

_D = "[0-9\u06f0-\u06f9]"
METHODS = {"slip": "Bank slip", "transfer": "Transfer", "cheque": "Cheque",
           "Bank slip": "Bank slip", "Transfer": "Transfer", "Cheque": "Cheque"}
RUN_KINDS = ("Monthly payroll", "Productivity bonus", "Performance bonus (karaneh)")

# (msgid, {parameter: kind}); the most specific first.
TEMPLATES: tuple[tuple[str, dict[str, str]], ...] = (
    ("Premium {month} file {file_no}", {"month": "month"}),
    ("Correction {seq} of premium {month} file {file_no}", {"seq": "int", "month": "month"}),
    ("Receipt {number}: {method} {reference}, file {file_no}", {"number": "receipt", "method": "method"}),
    ("Cheque {cheque} bounced (receipt {number}), file {file_no}: {reason}", {"number": "receipt"}),
    ("Cheque {cheque} bounced (receipt {number}), file {file_no}", {"number": "receipt"}),
    ("Cheque {cheque} cleared, file {file_no}", {}),
    ("Bounced cheque charge, cheque {cheque}, file {file_no}", {}),
    ("Cheque {number} to {payee} ({reference})", {}),
    ("{kind} {month}: net pay", {"kind": "runkind", "month": "month"}),
    ("{kind} {month}: loan fund", {"kind": "runkind", "month": "month"}),
    ("{kind} {month}", {"kind": "runkind", "month": "month"}),
    ("Loan fund loan {id}: {personnel_no}", {"id": "int"}),
    ("Payroll funding {month}", {"month": "month"}),
    ("Bank statement line", {}),
    # the demo's own texts (written in the pack's language)
    ("Payroll {month}: net pay funded by the provincial office", {"month": "month"}),
    ("Payroll {month}", {"month": "month"}),
    ("Premium accrual {month}, employer {employer}", {"month": "month", "employer": "int"}),
    ("Cheque received, employer {employer}", {"employer": "int"}),
    ("Cheque cleared {reference}", {}),
    ("Premium payment by bank slip, employer {employer}", {"employer": "int"}),
    ("Premium payment by transfer, employer {employer}", {"employer": "int"}),
    ("Funding from the provincial office {month}", {"month": "month"}),
    ("Legal-obligation cheque {month}/{number}", {"month": "month", "number": "int"}),
)
VOID = ("Void of receipt {number}: {reason}", {"number": "receipt"})


def _group(name: str, kind: str, alternatives: dict[str, str]) -> str:
    if kind == "int":
        return f"(?P<{name}>{_D}+)"
    if kind == "month":
        return f"(?P<{name}>{_D}{{4}}[-/]{_D}{{2}})"
    if kind == "receipt":
        return f"(?P<{name}>{_D}{{4}}[-/]{_D}{{6}})"
    if kind in ("method", "runkind"):
        words = sorted(alternatives, key=len, reverse=True)
        return f"(?P<{name}>" + "|".join(re.escape(w) for w in words) + ")"
    return f"(?P<{name}>.+?)"


class _Matcher:
    def __init__(self, translate: Callable[[str, str], str]) -> None:
        self.translate = translate
        self.methods: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        for lang in ("en", "fa", "tr"):
            for word, label in METHODS.items():
                self.methods[word] = label
                self.methods[translate(lang, label)] = label
            for label in RUN_KINDS:
                self.kinds[label] = label
                self.kinds[translate(lang, label)] = label
        self.patterns = [self._compile(t) for t in TEMPLATES]
        self.void = self._compile(VOID)

    def _compile(self, template: tuple[str, dict[str, str]]
                 ) -> tuple[str, dict[str, str], list[tuple[re.Pattern[str], str]]]:
        """The template's pattern in each language, with its longest literal part (a quick
        ``in`` test rejects most descriptions before the pattern runs)."""
        msgid, kinds = template
        out: list[tuple[re.Pattern[str], str]] = []
        for lang in ("en", "fa", "tr"):
            text = self.translate(lang, msgid)
            parts = re.split(r"\{(\w+)\}", text)
            regex = ""
            for i, part in enumerate(parts):
                if i % 2 == 0:
                    regex += re.escape(part)
                else:
                    kind = kinds.get(part, "str")
                    regex += _group(part, kind, self.methods if kind == "method" else self.kinds)
            try:
                pattern = re.compile(f"^{regex}$", re.DOTALL)
            except re.error:  # a translation naming a parameter twice
                continue
            literal = max((p.strip() for p in parts[::2]), key=len, default="")
            if all(pattern != known for known, _lit in out):
                out.append((pattern, literal))
        return msgid, kinds, out

    def params(self, kinds: dict[str, str], found: dict[str, str]) -> dict[str, Any]:
        from branch_desktop.core.calendar import YearMonth
        from branch_desktop.core.money import DIGITS_TO_ASCII
        from branch_desktop.core.texts import DocumentNumber, Month, Msg

        out: dict[str, Any] = {}
        for name, value in found.items():
            kind = kinds.get(name, "str")
            ascii_value = value.translate(DIGITS_TO_ASCII)
            if kind == "int":
                out[name] = int(ascii_value)
            elif kind == "month":
                y, m = re.split("[-/]", ascii_value)
                if not 1 <= int(m) <= 12:
                    raise ValueError(value)
                out[name] = Month(YearMonth(int(y), int(m)))
            elif kind == "receipt":
                y, n = re.split("[-/]", ascii_value)
                out[name] = DocumentNumber("receipt", int(y), int(n))
            elif kind == "method":
                out[name] = Msg(self.methods[value])
            elif kind == "runkind":
                out[name] = Msg(self.kinds[value])
            else:
                out[name] = value
        return out

    def match(self, text: str, patterns: list[tuple[str, dict[str, str], list[tuple[re.Pattern[str], str]]]]
              ) -> tuple[str, dict[str, Any]] | None:
        for msgid, kinds, regexes in patterns:
            for regex, literal in regexes:
                if literal not in text:
                    continue
                m = regex.match(text)
                if m is None:
                    continue
                try:
                    return msgid, self.params(kinds, m.groupdict())
                except (ValueError, KeyError):
                    continue
        return None

    def recognise(self, description: str, reversal: bool) -> tuple[str, dict[str, Any]] | None:
        """The message of an entry's description, or None."""
        from branch_desktop.core.texts import DocumentNumber

        if reversal:
            m = re.match(r"^([A-Za-z0-9_]+)-(\d{4})-(\d{6}): (.*)$", description, re.DOTALL)
            if m is None:
                return None
            reason = m.group(4)
            void = self.match(reason, [self.void])
            if void is not None:
                return void
            return "Reversal of {number}: {reason}", {
                "number": DocumentNumber("entry", int(m.group(2)), int(m.group(3)), m.group(1)), "reason": reason}
        return self.match(description, self.patterns)


def _rows(bind: sa.Connection) -> Iterator[tuple[int, str, int | None]]:
    entries = sa.table("entries", sa.column("id"), sa.column("description"), sa.column("reverses_id"))
    last = 0
    while True:
        chunk = bind.execute(sa.select(entries.c.id, entries.c.description, entries.c.reverses_id)
                             .where(entries.c.id > last).order_by(entries.c.id).limit(5000)).all()
        if not chunk:
            return
        for row in chunk:
            yield int(row[0]), str(row[1] or ""), row[2]
        last = int(chunk[-1][0])


def upgrade() -> None:
    op.create_table(
        "record_texts",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.BigInteger(), nullable=False),
        sa.Column("msgid", sa.String(length=500), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_record_texts")),
    )
    backfill(op.get_bind())


def backfill(bind: sa.Connection) -> int:
    """Add the message of every entry whose description a known template recognises; returns
    how many were recognised."""
    from branch_desktop.core.i18n import translate_to
    from branch_desktop.core.texts import encode_params

    matcher = _Matcher(translate_to)
    texts = sa.table("record_texts", sa.column("kind"), sa.column("record_id"), sa.column("msgid"),
                     sa.column("params"))
    batch: list[dict[str, Any]] = []
    count = 0
    for entry_id, description, reverses_id in _rows(bind):
        found = matcher.recognise(description, reverses_id is not None)
        if found is None:
            continue
        count += 1
        batch.append({"kind": "entry", "record_id": entry_id, "msgid": found[0], "params": encode_params(found[1])})
        if len(batch) >= 2000:
            bind.execute(texts.insert(), batch)
            batch = []
    if batch:
        bind.execute(texts.insert(), batch)
    return count


def downgrade() -> None:
    op.drop_table("record_texts")
