def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
