import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DatabaseConfig:
    user: str
    password: str
    host: str
    name: str = "app"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@{self.host}/{self.name}"


def from_env() -> DatabaseConfig:
    return DatabaseConfig(os.environ["DB_USER"], os.environ["DB_PASSWORD"], os.environ["DB_HOST"])


URL_TEMPLATE = "postgresql://{user}:{password}@{host}:{port}/{name}"
READONLY_URL = "postgresql://readonly@replica.internal.example.com/app"
DOCS_EXAMPLE = "Set DATABASE_URL, e.g. postgresql://user:password@host:5432/dbname"
