PERSON_BY_NAME = "SELECT id, name, phone FROM people WHERE name = '{name}'"
PERSON_BY_ID = "SELECT id, name, phone FROM people WHERE id = %s"
