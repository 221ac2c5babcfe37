"""Whether a column name means money, from its name tokens.

A name is split into lower-case tokens (``unitPrice`` → ``unit``, ``price``; ``total_amount``
→ ``total``, ``amount``). English compounds put the head noun last, so the head decides:
``total_weight`` is a weight, ``tax_rate`` a ratio, ``discount_percent`` a percentage — none
of them money — while ``unit_price``, ``amount_paid`` and ``balance_due`` are. A ``per`` clause
names the unit, not the quantity (``price_per_kg`` is a price, ``clicks_per_dollar`` is not).
"""

from __future__ import annotations

import re
from typing import Iterable

# Words that always mean an amount of money.
MONEY_WORDS = frozenset({
    "price", "pricing", "msrp", "cost", "fee", "tax", "vat", "gst", "salary", "wage", "payroll",
    "revenue", "income", "earning", "earnings", "profit", "expense", "refund",
    "payment", "paid", "payout", "payable", "receivable", "commission", "subtotal", "invoice",
    "billing", "budget", "deposit", "withdrawal", "discount", "surcharge", "tip", "gratuity",
    "fare", "rent", "tuition", "donation", "loan", "debt", "money", "cash", "wallet", "bounty",
    "usd", "eur", "gbp", "jpy", "chf", "cad", "aud", "inr", "cny", "dollar", "euro", "cent",
    "pay", "stipend", "remuneration", "reimbursement", "ltv", "clv", "aov", "gmv",
})
# ``<word>_value`` is money after these (``lifetime_value``, ``order_value``, ``market_value``).
MONEY_VALUE_MODIFIERS = frozenset({
    "lifetime", "order", "cart", "basket", "deal", "contract", "transaction", "purchase", "sale", "market",
    "portfolio", "monetary",
})
# Words that mean money unless a modifier says otherwise (``white_balance``, ``battery_charge``).
AMBIGUOUS_MONEY_WORDS = frozenset({"amount", "total", "balance", "charge", "credit", "debit", "bonus", "compensation",
                                   "spend", "spent"})  # ad_spend, total_spent; not time_spent
# Units of physical quantities: ``amount_ml``, ``total_kg`` are not money.
UNITS = frozenset({
    "ml", "millilitre", "milliliter", "litre", "liter", "cl", "dl", "oz", "ounce", "gallon", "pint", "tsp", "tbsp",
    "gram", "kilogram", "kg", "mg", "lb", "lbs", "mm", "cm", "km", "metre", "meter", "mile", "kwh", "watt",
    "calorie", "kcal", "celsius", "fahrenheit", "degree",
})
# Words of a column's documented meaning (``help_text``, ``comment``) that name a quantity other than money.
DESCRIBED_QUANTITIES = UNITS | {
    "volume", "weight", "mass", "distance", "length", "height", "width", "temperature", "percent",
    "percentage", "ratio", "fraction", "proportion", "score", "rating", "probability",
    "second", "minute", "hour", "duration",
}
# Modifiers that turn an ambiguous word into a physical or other non-money quantity.
NON_MONEY_MODIFIERS = frozenset({
    "white", "color", "colour", "energy", "heat", "water", "battery", "electric", "rain",
    "rainfall", "precipitation", "snow", "protein", "fat", "carb", "sugar", "calorie", "dose",
    "dosage", "nutrient", "sample", "signal", "load", "point", "loyalty", "karma", "xp", "token", "reward",
    "leave", "vacation", "holiday", "sick", "storage", "disk", "memory", "cpu", "bandwidth", "data",
    "temperature", "temp", "exposure", "lag", "latency", "delay", "motion", "drift", "phase", "experience",
    "time", "effort",
}) | UNITS
# Models whose ambiguous words (``amount``, ``total``) are quantities, not money.
NON_MONEY_CONTEXTS = frozenset({
    "ingredient", "recipe", "nutrition", "nutrient", "dose", "dosage", "medication", "prescription",
    "measurement", "sensor", "reading", "sample", "rainfall", "weather", "inventory", "exam", "grade",
    "score", "vote", "rating", "quiz", "survey", "battery", "particle", "atom", "ion", "molecule",
    "feeding", "diaper", "pumping", "bottle", "meal", "drink", "intake", "fluid", "milk", "food",
})
# Head nouns of quantities that are not money, even when a money word modifies them.
NON_MONEY_HEADS = frozenset({
    "rate", "ratio", "percent", "percentage", "pct", "fraction", "factor", "multiplier",
    "coefficient", "coef", "index", "score", "rating", "rank", "weight", "count", "number", "num",
    "quantity", "qty", "time", "duration", "second", "minute", "hour", "day", "distance", "lat",
    "lng", "lon", "latitude", "longitude", "probability", "prob", "confidence", "elasticity",
    "volatility", "variance", "std", "growth", "speed", "length", "width", "height", "size",
    "area", "volume", "temperature", "ms", "sec", "hrs", "km", "mile",
    "precision", "scale", "timeout", "interval", "period", "ttl", "elapsed", "runtime", "uptime", "latency",
    "delay", "age",
})

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def name_tokens(name: str) -> list[str]:
    """``unitPrice_EUR2`` → ``["unit", "price", "eur"]`` (digits dropped)."""
    return [t.lower() for t in _CAMEL.findall(name) if not t.isdigit()]


def _singular(token: str, vocabulary: Iterable[str]) -> str:
    vocab = set(vocabulary)
    if token in vocab:
        return token
    for suffix in ("es", "s"):
        if token.endswith(suffix) and token[: -len(suffix)] in vocab:
            return token[: -len(suffix)]
    return token


_VOCABULARY = MONEY_WORDS | AMBIGUOUS_MONEY_WORDS | NON_MONEY_HEADS | NON_MONEY_MODIFIERS | MONEY_VALUE_MODIFIERS


def is_money_name(name: str, extra: Iterable[str] = (), ignore: Iterable[str] = (), context: str = "",
                  description: str = "") -> bool:
    """Whether a column called ``name`` holds money.

    ``extra`` and ``ignore`` hold whole names or single tokens (case-insensitive); ``ignore``
    wins over everything, ``extra`` over the built-in lexicon. ``context`` is the name of the
    model holding the column: ``amount`` of an ``Ingredient`` is not money. ``description`` is
    the column's documented meaning (``help_text="Volume drunk, in millilitres"``): a quantity
    named there decides an ambiguous word (``amount``) unless money is named too.
    """
    lowered = name.lower().strip("_")
    extra_words = {e.lower() for e in extra}
    tokens = [_singular(t, _VOCABULARY | extra_words) for t in name_tokens(name)]
    ignored = {i.lower() for i in ignore}
    if lowered in ignored or ignored.intersection(tokens):
        return False
    if lowered in extra_words or extra_words.intersection(tokens):
        return True
    if "per" in tokens:  # price_per_kg: the quantity is before "per"
        tokens = tokens[: tokens.index("per")]
    if not tokens:
        return False
    head = tokens[-1]
    if head == "value" and len(tokens) > 1 and tokens[-2] in MONEY_VALUE_MODIFIERS:
        return True
    if head in NON_MONEY_HEADS:
        return False
    if head in MONEY_WORDS or any(t in MONEY_WORDS for t in tokens):
        return True
    if any(t in AMBIGUOUS_MONEY_WORDS for t in tokens):
        context_tokens = {_singular(t, NON_MONEY_CONTEXTS) for t in name_tokens(context)}
        # a Django migration spells the model in lower case: ``diaperchange`` is a DiaperChange
        context_tokens |= {w for t in context_tokens for w in NON_MONEY_CONTEXTS if len(w) > 3 and t.startswith(w)}
        described = {_singular(t, DESCRIBED_QUANTITIES | MONEY_WORDS) for t in name_tokens(description)}
        return (not any(t in NON_MONEY_MODIFIERS for t in tokens)
                and not NON_MONEY_CONTEXTS.intersection(context_tokens)
                and not (DESCRIBED_QUANTITIES & described and not MONEY_WORDS & described))
    return False
