USER_COLUMNS = "id, email, date_joined, is_active"
USER_TABLE = "auth_user"
ACTIVE_FILTER = "is_active AND last_login IS NOT NULL"
