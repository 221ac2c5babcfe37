"""Sessions, connections and transactions."""
