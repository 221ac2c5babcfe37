from library.models import Author


def author_tag_cloud():
    cloud = {}
    authors = Author.objects.prefetch_related("books__tags")
    for author in authors:
        words = set()
        for book in author.books.all():
            words.update(tag.name for tag in book.tags.all())
            words.add(book.author.name)
        cloud[author.name] = sorted(words)
    return cloud
