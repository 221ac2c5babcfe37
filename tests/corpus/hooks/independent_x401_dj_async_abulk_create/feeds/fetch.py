import httpx

from feeds.models import Entry


async def ingest(feed_url: str) -> int:
    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.get(feed_url)
    items = resp.json()["items"]
    if not items:
        return 0
    entries = [Entry(url=i["url"], title=i["title"]) for i in items]
    await Entry.objects.abulk_create(entries, ignore_conflicts=True)  # expect: ORM401
    return len(entries)
