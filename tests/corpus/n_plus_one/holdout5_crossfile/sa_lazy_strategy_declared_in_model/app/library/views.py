from pyramid.view import view_config

from app.library import queries as q


@view_config(route_name="catalogue", renderer="json")
def catalogue(request):
    db = request.dbsession
    authors = {a.name: [b.title for b in a.books] for a in q.all_authors(db)}
    books = [(b.title, b.author.name) for b in q.all_books(db)]
    return {"authors": authors, "books": books}
