from __future__ import annotations

from dataclasses import dataclass

import requests
from django.core.cache import cache

FEED_URL = "https://feeds.example.com/books.json"


@dataclass
class RemoteAuthor:
    name: str


@dataclass
class RemoteBook:
    title: str
    author: RemoteAuthor

    @classmethod
    def from_json(cls, data: dict) -> RemoteBook:
        return cls(title=data["title"], author=RemoteAuthor(name=data["author"]["name"]))


def remote_author_names() -> list[str]:
    payload = requests.get(FEED_URL, timeout=10).json()
    books = [RemoteBook.from_json(item) for item in payload["books"]]
    return [book.author.name for book in books]


def cached_titles() -> list[str]:
    books = cache.get("catalog:books") or []
    return [f"{book['title']} / {book['author']['name']}" for book in books]
