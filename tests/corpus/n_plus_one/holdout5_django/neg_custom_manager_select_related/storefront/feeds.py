from publishing.models import Title


def feed_items():
    items = []
    for title in Title.live.order_by("name"):
        items.append((title.name, title.publisher.name))
    return items
