from docs.models import Page


def breadcrumbs(page: Page) -> list[str]:
    by_id = {p.pk: p for p in Page.objects.only("id", "title", "parent_id")}
    trail = [page.title]
    node = page
    while node.parent_id:
        node = by_id[node.parent_id]
        trail.append(node.title)
    return list(reversed(trail))
