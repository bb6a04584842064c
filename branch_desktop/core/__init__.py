"""The shared kernel: money, calendars, localisation, identifiers, storage, ledger, packs, security.

Nothing here imports Qt or any department.
"""

from branch_desktop.core import errors as _errors
from branch_desktop.core import texts as _texts

# Wiring, not registration: domain errors (the kernel's lowest module) are written in the reader's
# language by core.texts, which sits above money, calendars and localisation.
_errors.set_renderer(_texts.render_error)
