"""The matching engine (pure) and its hypothesis properties."""

from __future__ import annotations

import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.rules import BookItem, StatementItem

D = dt.date(2024, 7, 22)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def test_cheque_number_and_amount():
    s = [StatementItem(1, day(3), -500, "", "CHEQUE 000123456 CASHED")]
    b = [BookItem(10, day(0), -500, "123456"), BookItem(11, day(0), -500, "123457")]
    (m,) = rules.auto_match(s, b)
    assert (m.statement_ids, m.book_ids, m.rule, m.confidence) == ((1,), (10,), "cheque", 100)


def test_reference_beats_amount_and_date():
    s = [StatementItem(1, day(0), 900, "SLIP-77")]
    b = [BookItem(10, day(0), 900, "SLIP-76"), BookItem(11, day(2), 900, "slip 77")]
    (m,) = rules.auto_match(s, b)
    assert m.book_ids == (11,) and m.rule == "reference"


def test_amount_within_window_nearest_first_and_outside_refused():
    s = [StatementItem(1, day(5), 700), StatementItem(2, day(20), 700)]
    b = [BookItem(10, day(1), 700), BookItem(11, day(4), 700)]
    matches = rules.auto_match(s, b, window=3)
    assert [(m.statement_ids, m.book_ids, m.rule) for m in matches] == [((1,), (11,), "amount_date")]


def test_day_total_one_line_many_items_and_many_lines_one_item():
    s = [StatementItem(1, day(1), 600, "DEPOSIT"), StatementItem(2, day(5), -100), StatementItem(3, day(5), -250)]
    b = [BookItem(10, day(0), 100), BookItem(11, day(0), 200), BookItem(12, day(0), 300),
         BookItem(13, day(4), -350)]
    matches = {m.rule: m for m in rules.auto_match(s, b)}
    assert matches["day_total"].statement_ids == (1,) and matches["day_total"].book_ids == (10, 11, 12)
    assert matches["many_to_one"].statement_ids == (2, 3) and matches["many_to_one"].book_ids == (13,)


def test_reference_total_and_learned_counterparty():
    s = [StatementItem(1, day(0), 300, "F-19"), StatementItem(2, day(9), 450, "", "", "Alborz Steel Co")]
    b = [BookItem(10, day(0), 100, "F-19"), BookItem(11, day(0), 200, "F-19"),
         BookItem(12, day(1), 450, "R-1", ("employer", 7)), BookItem(13, day(8), 450, "R-2", ("employer", 8))]
    without = {m.statement_ids: m for m in rules.auto_match(s, b, window=3)}
    assert without[(1,)].rule == "reference_total" and without[(2,)].book_ids == (13,)
    learned = {m.statement_ids: m for m in rules.auto_match(
        s, b, window=3, links={rules.counterparty_key("ALBORZ  steel co"): [("employer", 7)]})}
    assert learned[(2,)].rule == "counterparty" and learned[(2,)].book_ids == (12,)


def test_figures_and_ten_day_spans():
    f = rules.figures(1000, 1300, [-200, 50], [150, -100])
    assert (f.outstanding_cheques, f.deposits_in_transit, f.other_items) == (200, 50, 50)
    assert f.difference == (1300 - 200 + 50) - (1000 + 50)
    spans = rules.ten_day_spans(dt.date(2024, 7, 22), dt.date(2024, 8, 21), 31)
    assert [(a.day, b.day) for _n, a, b in spans] == [(22, 31), (1, 10), (11, 21)]


# -- properties ------------------------------------------------------------------------------

amounts = st.sampled_from([-500, -250, -100, 100, 150, 250, 300, 500, 1000])
refs = st.sampled_from(["", "", "111", "222", "333", "SLIP-1"])


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[StatementItem], list[BookItem]]:
    n_s = draw(st.integers(0, 25))
    n_b = draw(st.integers(0, 25))
    stmt = [StatementItem(i, day(draw(st.integers(0, 12))), draw(amounts), draw(refs), draw(refs),
                          draw(st.sampled_from(["", "A Co", "B Co"]))) for i in range(1, n_s + 1)]
    book = [BookItem(100 + i, day(draw(st.integers(0, 12))), draw(amounts), draw(refs),
                     draw(st.sampled_from([None, ("employer", 1), ("employer", 2)]))) for i in range(1, n_b + 1)]
    return stmt, book


@settings(max_examples=300, deadline=None)
@given(worlds(), st.integers(0, 4))
def test_matching_never_pairs_a_line_twice_and_sides_balance(world, window):
    stmt, book = world
    matches = rules.auto_match(stmt, book, window=window, links={"A CO": [("employer", 1)]})
    s_ids = [i for m in matches for i in m.statement_ids]
    b_ids = [i for m in matches for i in m.book_ids]
    assert len(s_ids) == len(set(s_ids)) and len(b_ids) == len(set(b_ids))
    amount_s = {x.id: x.amount for x in stmt}
    amount_b = {x.id: x.amount for x in book}
    for m in matches:
        assert m.statement_ids and m.book_ids and 0 < m.confidence <= 100
        assert sum(amount_s[i] for i in m.statement_ids) == sum(amount_b[i] for i in m.book_ids)


@settings(max_examples=300, deadline=None)
@given(worlds(), st.integers(-2000, 2000), st.integers(-2000, 2000))
def test_report_difference_equals_the_true_difference(world, opening_bank, opening_book):
    """Whatever is matched, the report's difference is the true one: the disagreement between
    the two records once the items each side lacks are accounted for (here: the openings)."""
    stmt, book = world
    matches = rules.auto_match(stmt, book)
    matched_s = {i for m in matches for i in m.statement_ids}
    matched_b = {i for m in matches for i in m.book_ids}
    statement_balance = opening_bank + sum(x.amount for x in stmt)
    book_balance = opening_book + sum(x.amount for x in book)
    f = rules.figures(book_balance, statement_balance, [x.amount for x in book if x.id not in matched_b],
                      [x.amount for x in stmt if x.id not in matched_s])
    assert f.difference == opening_bank - opening_book
    # and with nothing matched at all the same holds: matching moves items, never the difference
    g = rules.figures(book_balance, statement_balance, [x.amount for x in book], [x.amount for x in stmt])
    assert g.difference == f.difference


def test_no_quadratic_step():
    """20,000 lines against 20,000 items with few distinct amounts (the worst case for naive
    matching) in well under the time a quadratic pass would need."""
    n = 20_000
    stmt = [StatementItem(i, day(i % 28), (i % 7 + 1) * 1000) for i in range(n)]
    book = [BookItem(n + i, day(i % 28), (i % 7 + 1) * 1000) for i in range(n)]
    started = time.perf_counter()
    matches = rules.auto_match(stmt, book)
    assert time.perf_counter() - started < 5
    assert len(matches) == n
