"""An employer's debt file timeline on both databases: notices, orders, objections, seizures,
agreements and payments in date order, as typed rows and as a PDF in each language."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from branch_desktop.execution import services
from branch_desktop.execution.documents import debt_file_pdf
from branch_desktop.execution.exceptions import UnknownEmployer
from branch_desktop.execution.states import TimelineEvent
from branch_desktop.revenue import services as revenue
from tests.conftest import Branch
from tests.execution.helpers import declared, pay


def test_the_debt_file_in_date_order(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    emp, file_no, ms = declared(b, months=4)
    declared(b, 2, months=4)  # another employer's documents stay out of this file
    today = b.ctx.today()
    owed = dict(revenue.open_months(b.ctx, b.clerk, emp))
    pay(b, emp, ms[0], owed[ms[0]], "F-1")
    services.prepare_notices(b.ctx, b.clerk, today)
    [notice] = services.list_notices(b.ctx, b.clerk, employer_file=file_no)
    served_on = today + dt.timedelta(days=1)
    services.serve_notice(b.ctx, b.clerk, notice.number, served_on, "post")
    order_day = served_on + dt.timedelta(days=notice.period_days)
    order = services.issue_order(b.ctx, b.clerk, notice.number, order_day)
    services.object_to_order(b.ctx, b.clerk, order.number, order_day + dt.timedelta(days=2), "wages disputed",
                             order_day + dt.timedelta(days=9))
    seizure = services.request_seizure(b.ctx, b.clerk, order.number, "Halkbank", order_day + dt.timedelta(days=10))
    with pytest.raises(UnknownEmployer):
        services.debt_file(b.ctx, b.clerk, "no-such-file")
    f = services.debt_file(b.ctx, b.accountant, file_no)
    assert f.file_no == file_no
    steps = [(r.event, r.reference) for r in f.rows]
    assert steps == [
        (TimelineEvent.NOTICE, notice.number), (TimelineEvent.PAYMENT, ""),  # a day's payments come last
        (TimelineEvent.NOTICE_SERVED, notice.number), (TimelineEvent.ORDER, order.number),
        (TimelineEvent.OBJECTION, order.number), (TimelineEvent.SEIZURE, seizure.number)]
    days = [r.day for r in f.rows]
    assert days == sorted(days) and days == [today, today, served_on, order_day, order_day + dt.timedelta(days=2),
                                                 order_day + dt.timedelta(days=10)]
    _n, payment, served, issued, objection, seized = f.rows
    assert payment.month == ms[0] and payment.amount == b.ctx.pack.currency.from_minor(owed[ms[0]])
    assert served.detail == "post" and issued.amount == order.amount
    assert objection.detail == "wages disputed" and objection.until == order_day + dt.timedelta(days=9)
    assert seized.detail == "Halkbank" and seized.amount == seizure.amount
    for lang in ("en", "fa", "tr"):
        assert debt_file_pdf(f, b.ctx.info, lang).startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(debt_file_pdf(f, b.ctx.info, "en"))).pages)
    assert "Halkbank" in text and "By post" in text and order.number in text and "wages disputed" in text
