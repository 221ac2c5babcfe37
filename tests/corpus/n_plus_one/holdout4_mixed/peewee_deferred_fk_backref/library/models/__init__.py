from .books import Book
from .authors import Author
