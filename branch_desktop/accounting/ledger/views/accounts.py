"""The chart of accounts as a tree."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.queries import AccountNode
from branch_desktop.gui.operations import read
from branch_desktop.gui.session import Session


def kind_label(kind: str) -> str:
    # the msgids are listed literally so that extraction finds them
    labels = {"asset": _("Asset"), "liability": _("Liability"), "equity": _("Equity"),
              "revenue": _("Revenue"), "expense": _("Expense")}
    return labels.get(kind, kind)


class AccountsPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Code"), _("Account"), _("Kind"), _("Postable"), _("Status")])
        self.tree.setAlternatingRowColors(True)
        layout.addWidget(self.tree, 1)
        read(session, queries.list_accounts).on_done(self._loaded).run(quiet=True)

    def _loaded(self, accounts: list[AccountNode]) -> None:
        s = self.session
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        pending = list(accounts)
        while pending:
            rest = []
            for a in pending:
                if (a.parent_id is not None and a.parent_id not in items
                        and any(p.id == a.parent_id for p in pending)):
                    rest.append(a)
                    continue
                texts = [s.digits(a.code), a.name, kind_label(a.kind), _("yes") if a.is_postable else _("no"),
                         _("active") if a.active else _("closed")]
                parent = items.get(a.parent_id) if a.parent_id is not None else None
                item = QTreeWidgetItem(parent, texts) if parent is not None else QTreeWidgetItem(texts)
                if parent is None:
                    self.tree.addTopLevelItem(item)
                if not a.is_postable:
                    font = item.font(1)
                    font.setBold(True)
                    item.setFont(0, font)
                    item.setFont(1, font)
                items[a.id] = item
            if len(rest) == len(pending):
                break
            pending = rest
        self.tree.expandAll()
        for col in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(col)
        self.summary.setText(_("{count} accounts").format(count=s.digits(str(len(accounts)))))
