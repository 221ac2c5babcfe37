from social.models import Member


async def profiles() -> list[dict]:
    members = await Member.all().prefetch_related("posts")
    result = []
    for member in members:
        # prefetch filled member.posts, but a new queryset on it goes back to the database
        visible = await member.posts.filter(hidden=False)  # expect: ORM101
        result.append({"handle": member.handle, "visible": len(visible), "total": len(member.posts)})
    return result


async def post_counts() -> dict[str, int]:
    members = await Member.all().prefetch_related("posts")
    return {m.handle: len(await m.posts.all()) for m in members}  # expect: ORM101
