"""Reading Python syntax: names through imports, the fast tree walk, literal readers."""
