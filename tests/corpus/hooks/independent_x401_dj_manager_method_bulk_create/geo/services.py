from geo.models import City


def load(rows):
    return City.objects.import_rows(rows)
