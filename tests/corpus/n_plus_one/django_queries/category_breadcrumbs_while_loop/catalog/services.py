from catalog.models import Category


def breadcrumbs(category_id):
    trail = []
    node_id = category_id
    while node_id is not None:
        node = Category.objects.only("name", "slug", "parent_id").get(pk=node_id)  # expect: ORM102
        trail.append({"name": node.name, "slug": node.slug})
        node_id = node.parent_id
    trail.reverse()
    return trail
