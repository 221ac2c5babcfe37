from docs.models import Page


def breadcrumbs(page: Page) -> list[str]:
    trail = [page.title]
    node = page
    while node.parent_id:
        node = node.parent  # expect: ORM101
        trail.append(node.title)
    return list(reversed(trail))
