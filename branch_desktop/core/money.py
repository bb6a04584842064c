"""Money: ``Decimal`` in Python, integer minor units in the database. Never float."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from branch_desktop.core.errors import ValidationError


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217, e.g. "IRR", "TRY"
    minor_digits: int  # 0 for IRR, 2 for TRY

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.minor_digits)

    def to_minor(self, amount: Decimal | int | str) -> int:
        """Decimal amount -> integer minor units; refuses fractions finer than the currency's unit."""
        value = to_decimal(amount)
        scaled = value.scaleb(self.minor_digits)
        if scaled != scaled.to_integral_value():
            raise ValidationError(
                "The amount {amount} has more decimals than {currency} allows ({digits}).",
                amount=str(value),
                currency=self.code,
                digits=self.minor_digits,
            )
        return int(scaled)

    def example(self, sample: Decimal) -> Decimal:
        """A sample amount cut to the currency's decimals (for "write it like ..." messages)."""
        return sample.quantize(self.quantum, rounding=ROUND_DOWN)

    def check_decimals(self, decimals: str, text: str, example: str = "") -> None:
        """Refuse an amount typed with more decimal digits than the currency has (``12.50`` rials,
        ``1.250`` lira), even trailing zeros: such a figure was probably meant another way."""
        if len(decimals) <= self.minor_digits:
            return
        if example:
            raise ValidationError(
                "'{text}' has more decimals than {currency} allows ({digits}): write it like {example}.",
                text=text, currency=self.code, digits=self.minor_digits, example=example)
        raise ValidationError("The amount {amount} has more decimals than {currency} allows ({digits}).",
                              amount=text, currency=self.code, digits=self.minor_digits)

    def from_minor(self, minor: int) -> Decimal:
        return Decimal(int(minor)).scaleb(-self.minor_digits).quantize(self.quantum)

    def round(self, amount: Decimal) -> Decimal:
        """Round a computed amount (a premium, a percentage) to the currency's unit, half up."""
        return amount.quantize(self.quantum, rounding=ROUND_HALF_UP)

    def plain(self, minor: int) -> str:
        """The amount as a plain decimal number (for CSV and ledger files): ``1234.50`` / ``1000``."""
        return format(self.from_minor(minor), "f")


def to_decimal(amount: Decimal | int | str) -> Decimal:
    if isinstance(amount, float):  # pragma: no cover - defensive: money is never float
        raise TypeError("money must not be a float")
    if isinstance(amount, Decimal):
        value = amount
    else:
        text = str(amount).strip().replace("_", "")
        text = text.translate(DIGITS_TO_ASCII)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError("'{text}' is not an amount.", text=str(amount)) from None
    if not value.is_finite():
        raise ValidationError("'{text}' is not an amount.", text=str(amount))
    return value


# Digits only (Persian, Arabic-Indic): separators are left alone, so a parser can refuse them.
DIGITS_ONLY_TO_ASCII = str.maketrans(
    {**{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}}
)
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def parse_cli_decimal(text: str) -> Decimal:
    """A number written the machine way (command-line options): digits, an optional point and
    decimals, an optional leading minus; no thousands separator, no comma. Persian digits are
    read as digits. ``12,50`` is refused rather than guessed (it would be 1250 in one locale
    and 12.5 in another)."""
    clean = text.strip().translate(DIGITS_ONLY_TO_ASCII)
    if "," in clean or "\u066b" in clean or "\u066c" in clean or "\u060c" in clean:
        raise ValidationError(
            "'{text}' has a comma: on the command line write a plain number, with a point before the decimals "
            "and no thousands separator, e.g. {example}.", text=text, example="1234.50")
    if not _PLAIN_NUMBER.fullmatch(clean):
        raise ValidationError(
            "'{text}' is not a plain number: write digits, with a point before the decimals and no thousands "
            "separator, e.g. {example}.", text=text, example="1234.50")
    return Decimal(clean)


def parse_cli_amount(text: str, currency: Currency) -> int:
    """An amount given on the command line (:func:`parse_cli_decimal`) in minor units; more
    decimals than the currency has are refused (any decimals for IRR)."""
    example = format(currency.example(Decimal("1234.50")), "f")
    try:
        value = parse_cli_decimal(text)
    except ValidationError as exc:
        raise ValidationError(exc.template, **{**exc.params, "example": example}) from None
    currency.check_decimals(text.strip().partition(".")[2], text)
    return currency.to_minor(value)


# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits, and the Arabic decimal/thousands marks.
DIGITS_TO_ASCII = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
        "\u066b": ".",
        "\u066c": "",
    }
)


# The most integer digits a plain amount read from a file may have (10^15 units: a wrong file, not money).
MAX_FILE_AMOUNT_DIGITS = 15


def parse_plain_amount(text: str, *, decimal_mark: str = ".", group_mark: str = "",
                       max_digits: int = MAX_FILE_AMOUNT_DIGITS) -> Decimal:
    """A plain decimal amount read from a file (a declaration, a bank statement), parsed strictly.

    Accepts an optional sign (leading ``-``/``+``, trailing ``-``, or parentheses), ASCII, Persian or
    Arabic-Indic digits, at most one decimal mark and the given thousands mark; refuses anything
    else (``5x0y0``, ``1E+99``, ``NaN``, ``--1``), and amounts with more than ``max_digits`` integer
    digits, with a ValidationError naming the text. The locale-aware parser of typed amounts is
    ``core.i18n.parse_amount``.
    """
    shown = str(text)[:40]
    clean = str(text).strip().translate(DIGITS_TO_ASCII).replace("\u00a0", "").replace(" ", "")
    if group_mark:
        clean = clean.replace(group_mark, "")
    negative = clean.endswith("-") or (clean.startswith("(") and clean.endswith(")")) or clean.startswith("-")
    if clean.endswith("-"):
        clean = clean[:-1]
    elif clean.startswith("(") and clean.endswith(")"):
        clean = clean[1:-1]
    elif clean[:1] in ("-", "+"):
        clean = clean[1:]
    whole, _mark, fraction = clean.partition(decimal_mark)
    if not (whole or fraction) or any(part and not (part.isascii() and part.isdigit()) for part in (whole, fraction)):
        raise ValidationError("'{text}' is not an amount.", text=shown)
    if len(whole.lstrip("0")) > max_digits:
        raise ValidationError("The amount {text} is too large.", text=shown)
    if len(fraction) > 2 * max_digits:
        raise ValidationError("'{text}' is not an amount.", text=shown)
    value = Decimal((whole or "0") + ("." + fraction if fraction else ""))
    return -value if negative else value
