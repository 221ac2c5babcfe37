from flask import Blueprint, jsonify, g

from .repository import OrderRepository
from .services import PickingService

bp = Blueprint("shop", __name__)


@bp.get("/picking")
def picking():
    return jsonify(PickingService(OrderRepository(g.dbsession)).pick_list())
