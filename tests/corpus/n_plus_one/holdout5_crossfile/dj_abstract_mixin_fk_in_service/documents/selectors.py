from .models import Document as Doc


def active_documents():
    return Doc.objects.filter(archived=False)
