from starlette.middleware.base import BaseHTTPMiddleware

from app.db import async_session
from app.models import Visit


async def record_visit(user_id: int, path: str) -> None:
    session = async_session()  # expect: ORM301
    session.add(Visit(user_id=user_id, path=path))
    await session.commit()
    await session.close()


class VisitMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        if request.user.is_authenticated:
            await record_visit(request.user.id, request.url.path)
        return response
