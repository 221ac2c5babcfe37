from social.models import Member


async def digest() -> list[str]:
    lines = []
    for member in await Member.all().prefetch_related("posts"):
        for post in member.posts:
            # Tortoise does not set the reverse side on prefetched children:
            # post.member is still an unfetched relation, awaiting it queries.
            author = await post.member  # expect: ORM101
            lines.append(f"{author.handle}: {post.body[:40]}")
    return lines


async def digest_fast() -> list[str]:
    lines = []
    for member in await Member.all().prefetch_related("posts"):
        for post in member.posts:
            lines.append(f"{member.handle}: {post.body[:40]} ({post.member_id})")
    return lines
