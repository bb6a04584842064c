"""Money: ``Decimal`` in Python, integer minor units in the database. Never float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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


# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits, and the Arabic decimal/thousands marks.
DIGITS_TO_ASCII = str.maketrans(
    {
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0x0660 + i): str(i) for i in range(10)},
        "\u066b": ".",
        "\u066c": "",
    }
)
