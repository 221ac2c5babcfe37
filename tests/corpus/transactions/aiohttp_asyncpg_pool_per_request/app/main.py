from aiohttp import web

from app.handlers import routes


def build_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    return app
