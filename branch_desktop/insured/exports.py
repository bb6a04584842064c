"""Insured-affairs files out: the service record as CSV and Excel (typed cells, frozen header,
right-to-left sheets for Persian)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from branch_desktop.core.i18n import current_language, is_rtl
from branch_desktop.core.i18n import gettext as _
from branch_desktop.insured.types import PersonView, ServiceMonth


def _header() -> list[str]:
    return [_("Year"), _("Month"), _("Employer file"), _("Employer"), _("Days"), _("Earnings")]


def service_record_csv(months: Sequence[ServiceMonth]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(_header())
    for m in months:
        w.writerow([m.year, m.month, m.employer_file_no, m.employer_name, m.days, format(m.wage, "f")])
    return out.getvalue()


def service_record_xlsx(person: PersonView, months: Sequence[ServiceMonth]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Service record")[:31]
    ws.sheet_view.rightToLeft = is_rtl(current_language())
    ws.append([f"{person.first_name} {person.last_name}", person.national_id])
    ws.append(_header())
    for m in months:
        ws.append([m.year, m.month, m.employer_file_no, m.employer_name, m.days, m.wage])
    last = ws.max_row
    ws.append([_("Total"), None, None, None, f"=SUM(E3:E{last})", f"=SUM(F3:F{last})"])
    ws.freeze_panes = "A3"
    for col, width in enumerate((8, 7, 22, 36, 8, 16), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=3, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
