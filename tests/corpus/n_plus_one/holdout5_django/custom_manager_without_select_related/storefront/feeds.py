from publishing.models import Title


def feed_items():
    items = []
    for title in Title.published.all():
        items.append((title.name, title.publisher.name))  # expect: ORM101
    return items
