from flask import Blueprint, request

from auth.store import revoke

bp = Blueprint("auth", __name__)


@bp.post("/logout")
def logout():
    revoke(request.headers["X-Session-Token"])
    return "", 204
