from flask import Flask, request

from .store import revoke_sessions

app = Flask(__name__)


@app.post("/sessions/revoke")
def revoke():
    revoke_sessions(request.get_json()["user_id"])
    return "", 204
