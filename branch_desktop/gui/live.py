"""Pages that refresh themselves when another workstation changes what they show.

:class:`LiveRefresh` runs the database's change feed (``core.changes.ChangeFeed``: PostgreSQL
LISTEN, SQLite ``data_version``) for one session and announces what it hears on the session's
notices, on the GUI thread: the pages that ``watch`` those topics refresh (a visible one at once,
a hidden one when shown), exactly as after a write of this workstation.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from branch_desktop.core.changes import ChangeFeed, known
from branch_desktop.gui.operations import ALL_TOPICS
from branch_desktop.gui.session import Session


class LiveRefresh(QObject):
    """Lives as long as the session's window; :meth:`stop` when the user logs out."""

    arrived = Signal(object)  # frozenset[str], from the feed's thread, queued to the GUI thread

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.feed: ChangeFeed | None = None
        self.arrived.connect(self._announce)
        db = session.ctx.db
        if db.is_sqlite:
            path = db.sqlite_path
            if path is not None:
                self.feed = ChangeFeed("sqlite", str(path), self.arrived.emit)
        elif db.engine.dialect.name == "postgresql":
            conninfo = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self.feed = ChangeFeed("postgresql", conninfo, self.arrived.emit)
        if self.feed is not None:
            self.feed.start()

    def _announce(self, topics: object) -> None:
        wanted = known(topics if isinstance(topics, frozenset) else (), ALL_TOPICS)
        if wanted:
            self.session.notices.announce(wanted)

    def stop(self) -> None:
        if self.feed is not None:
            self.feed.stop()
            self.feed = None
