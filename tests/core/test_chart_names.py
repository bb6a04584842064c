"""The packs' charts name every account for what it is (issue 10, item 7), and a branch created
with the old names gets the new ones from migration screens_0001 (a name the branch changed itself
is left alone)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from branch_desktop.core.migrations import alembic_config
from branch_desktop.core.packs import load_pack
from branch_desktop.core.storage import Database
from branch_desktop.paths import migrations_dir

EXPENSE_WORDS = ("هزینه", "Masraf", "expense", "charges")  # words that name a cost


@pytest.mark.parametrize(("pack", "income_words"), [("ir_sso", ("درآمد",)), ("tr_sgk", ("Gelir",))])
def test_income_accounts_are_not_named_as_costs(pack: str, income_words: tuple[str, ...]) -> None:
    accounts = load_pack(pack).accounts
    for a in accounts:
        if a.kind == "revenue" and a.postable:
            assert not any(w in a.name for w in EXPENSE_WORDS) or any(w in a.name for w in income_words), a
            assert not a.name_en.endswith("charges"), a
    bounced = next(a for a in accounts if a.name_en == "Bounced cheque charge income")
    assert bounced.kind == "revenue" and any(w in bounced.name for w in income_words)
    names = [a.name for a in accounts]
    assert len(names) == len(set(names)), "two accounts of one chart share a name"


def _migration() -> object:
    path = next(Path(migrations_dir(), "versions").glob("screens_0001_*.py"))
    spec = importlib.util.spec_from_file_location("screens_0001", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_renames_the_old_names(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    module = _migration()
    cfg = alembic_config(db.engine)
    before = module.down_revision  # type: ignore[attr-defined]
    for revision in (before,) if isinstance(before, str) else before:
        command.upgrade(cfg, revision)
    with db.engine.begin() as conn:
        for code, old, old_en, _new, _new_en in module.RENAMES:  # type: ignore[attr-defined]
            conn.execute(text("INSERT INTO accounts (code, name, name_en, kind, is_postable, active) "
                              "VALUES (:c, :n, :e, 'revenue', 1, 1)"), {"c": code, "n": old, "e": old_en})
        conn.execute(text("UPDATE accounts SET name = 'named by the branch' WHERE code = '4310'"))
    db.upgrade(backup=False)
    with db.engine.connect() as conn:
        rows = {r[0]: (r[1], r[2]) for r in conn.execute(text("SELECT code, name, name_en FROM accounts"))}
    assert rows["4220"] == ("درآمد کارمزد چک‌های برگشتی", "Bounced cheque charge income")
    assert rows["649.02"] == ("Karşılıksız Çek Masraf Gelirleri", "Bounced cheque charge income")
    assert rows["4310"] == ("named by the branch", "Loan-fund loan fees")
    # and the packs' files carry the new names
    for code, _old, _old_en, new, new_en in module.RENAMES:  # type: ignore[attr-defined]
        pack = load_pack("ir_sso" if "." not in code and code.isdigit() and len(code) == 4 else "tr_sgk")
        account = next(a for a in pack.accounts if a.code == code)
        assert (account.name, account.name_en) == (new, new_en)
    db.dispose()
