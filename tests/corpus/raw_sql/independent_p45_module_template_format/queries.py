USER_BY_NAME = "SELECT id, name FROM users WHERE name = '{name}'"
