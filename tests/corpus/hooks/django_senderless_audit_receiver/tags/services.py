from tags.models import Tag


def ensure_tags(names: list[str]) -> None:
    Tag.objects.bulk_create([Tag(name=n) for n in names], ignore_conflicts=True)  # expect: ORM401
