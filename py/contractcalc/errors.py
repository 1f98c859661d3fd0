"""The one exception the package raises for bad input."""

from __future__ import annotations

from collections.abc import Mapping

#: English message templates, keyed by :attr:`InputError.code`. The page keeps a
#: translation of each template under the same key, so every code needs one here.
MESSAGES: Mapping[str, str] = {
    "empty": "Enter a number.",
    "not_a_number": "Enter a number, such as 1000 or 0.25.",
    "not_finite": "Enter a finite number (not NaN or infinity).",
    "too_large": "Enter a number no larger than {limit:g} in size.",
    "not_positive": "Must be greater than zero.",
    "too_small": "Must be at least {limit:g}.",
    "negative": "Must not be negative.",
    "below": "Must be greater than {limit:g}.",
    "at_least": "Must be below {limit:g}.",
    "not_integer": "Enter a whole number.",
    "open_interval": "Must lie between {low:g} and {high:g}, exclusive.",
    "fraction_range": "Must be at least {low:g} and below {high:g}.",
    "stop_equals_open": "The stop price must differ from the open price.",
    "stop_wrong_side_long": "A long's stop must be below the entry price.",
    "stop_wrong_side_short": "A short's stop must be above the entry price.",
    "fall_too_large": "A fall must be less than 100%.",
    "rise_too_small": "A fall of 100% or more is impossible: the change must be above -100%.",
    "side": 'Choose "long" or "short".',
    "choice": "Choose one of the options.",
    "convention": 'Choose "binance" or "bybit".',
    "kind": 'Choose "linear" or "inverse".',
    "basis": 'Choose "notional", "size" or "notional_whole".',
    "mmr_plus_fee": (
        "The maintenance margin rate plus the liquidation fee must be below 1 (100%): "
        "keep the fee below {limit:g}."
    ),
    "inverse_long_roe_ceiling": (
        "An inverse (coin-margined) long cannot reach an ROE of {limit:g}% at this "
        "leverage: even an infinite price earns less."
    ),
    "price_not_positive": "No positive price gives that result: the target is out of reach.",
    "no_fills": "Add at least one fill.",
    "fill": "Each fill needs a positive price and a positive size.",
    "brackets": "The bracket table is invalid: {detail}",
    "no_loss_at_stop": (
        "With these fee rebates the position loses nothing at this stop: move the stop further."
    ),
    "result_out_of_range": "These inputs give a result too large or too small to show.",
    # contractcalc.exchanges.parse_tiers: what could not be read in a pasted tier table.
    "tiers_empty": "Paste a tier table: exchange API JSON, or one floor and rate a line.",
    "tiers_too_long": "The pasted text is too long: at most {limit:g} characters.",
    "tiers_json": "The pasted JSON could not be read: malformed, with NaN, or nested too deeply.",
    "tiers_format": (
        "No tier list found: paste the JSON of Binance leverageBracket (or its website's "
        "brackets), Bybit risk-limit, OKX position-tiers, Bitget query-position-lever or "
        "KuCoin risk-limit, or a table of floor and rate."
    ),
    "tiers_symbol": "The pasted JSON has no tiers for {symbol}.",
    "tiers_linear": "These tiers are for USDT-margined (linear) contracts, not coin-margined.",
    "tiers_inverse": "These tiers are for coin-margined (inverse) contracts, not USDT-margined.",
    "tiers_row": "Row {row:g}: give a floor and a rate, separated by a tab, semicolon or space.",
    "tiers_number": "Row {row:g}: “{text}” is not a number (or is larger than 1e15).",
    "tiers_negative": "Row {row:g}: the floor must not be negative.",
    "tiers_rate": "Row {row:g}: the maintenance rate must be at least 0 and below 100%.",
    "tiers_first_floor": "The first tier must start at 0, not {floor:g}.",
    "tiers_order": "Row {row:g}: floors must rise strictly: sort the rows and remove duplicates.",
    "tiers_too_many": "At most {limit:g} tiers.",
    "tiers_line_fields": (
        "Line {line:g}: write a floor and a maintenance rate, and if you like the tier's"
        ' maximum leverage after them, such as "50,000, 0.5%, 100".'
    ),
    "tiers_line_floor": 'Line {line:g}: the floor "{text}" must be a number of zero or more.',
    "tiers_line_rate": 'Line {line:g}: the rate "{text}" must be at least 0 and below 100%.',
    "tiers_line_leverage": 'Line {line:g}: the maximum leverage "{text}" must be above 0.',
    "tiers_line_first": "Line {line:g}: the first floor must be 0.",
    "tiers_line_order": "Line {line:g}: each floor must be above the one before.",
    # contractcalc.exchanges.symbols and tier_table: the stored tables.
    "unknown_exchange": "No exchange “{name}”: choose one of {known}.",
    "unknown_symbol": (
        "No tier table is stored for “{name}”; {count:g} symbols are, such as {known}."
    ),
    "no_tier_data": "No tier table is stored for this exchange and kind of contract.",
    "tier_file": "No stored tier data is named “{name}”: give “<exchange>-<kind>”.",
    "tier_text": "Give the tier data file's text, or nothing if it could not be fetched.",
    "positions": "Give the account's positions as a list of Position rows.",
    "symbol": "Name the contract, such as BTCUSDT.",
    "mark_differs": "Positions of the same symbol must have the same mark price.",
    "average_out_of_reach": (
        "Adding at this price cannot give that average: the target must lie between the "
        "current entry and the price you add at."
    ),
    "liquidation_wrong_side_long": "A long's liquidation price must be below the entry price.",
    "liquidation_wrong_side_short": "A short's liquidation price must be above the entry price.",
    "no_margin_for_target": "No margin of zero or more puts the liquidation price there.",
}


class InputError(ValueError):
    """A bad argument, named so the page can show the message beside its field.

    Parameters
    ----------
    field : str
        The name of the offending argument, as the public function spells it.
    code : str
        The kind of problem, a key of :data:`MESSAGES`.
    **params : float or str
        Values the message template needs (limits, details).

    Examples
    --------
    >>> error = InputError("leverage", "not_positive")
    >>> error.field, str(error)
    ('leverage', 'leverage: Must be greater than zero.')
    """

    def __init__(self, field: str, code: str, **params: float | str) -> None:
        self.field = field
        self.code = code
        self.params = params
        self.message = MESSAGES[code].format(**params)
        super().__init__(f"{field}: {self.message}")
