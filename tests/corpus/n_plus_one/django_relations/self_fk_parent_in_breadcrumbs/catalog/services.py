from catalog.models import Category


def category_labels():
    labels = []
    for category in Category.objects.exclude(parent=None):
        parent_name = category.parent.name  # expect: ORM101
        labels.append(f"{parent_name} / {category.name}")
    return labels


def top_level_with_children():
    tree = {}
    for root in Category.objects.filter(parent__isnull=True):
        tree[root.name] = [child.name for child in root.children.all()]  # expect: ORM101
    return tree
