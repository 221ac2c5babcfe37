from .base import BaseModel, database
from .people import Author
from .entries import Entry

__all__ = ["BaseModel", "database", "Author", "Entry"]
