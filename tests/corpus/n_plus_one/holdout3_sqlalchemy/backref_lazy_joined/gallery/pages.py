from sqlalchemy import select
from sqlalchemy.orm import Session

from gallery.models import Photographer


def portfolio(session: Session) -> list[str]:
    html = []
    result = session.execute(select(Photographer).order_by(Photographer.name))
    for (artist,) in result.unique():
        html.append(f"<h2>{artist.name}</h2>")
        for photo in artist.photos:
            html.append(f"<figure>{photo.caption} by {photo.photographer.name}</figure>")
    return html
