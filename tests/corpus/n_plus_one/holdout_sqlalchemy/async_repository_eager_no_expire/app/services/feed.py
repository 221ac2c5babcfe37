from app.db import session_factory
from app.repositories.posts import PostRepository


async def build_feed() -> list[dict]:
    async with session_factory() as session:
        repo = PostRepository(session)
        posts = await repo.recent()
        for post in posts:
            if not post.tags:
                repo.tag(post, f"untagged-{post.id}")
        await repo.save()
        return [
            {"title": p.title, "author": p.author.name, "tags": [t.label for t in p.tags]}
            for p in posts
        ]
