from flask import Blueprint, jsonify, request

from .extensions import db
from .models import Coupon, Voucher

bp = Blueprint("promo", __name__)


@bp.post("/coupons/check")
def check_coupons():
    payload = request.get_json()
    results = []
    for coupon_id in payload["ids"]:
        coupon = Coupon.query.get(coupon_id)  # expect: ORM102
        results.append({"id": coupon_id, "valid": coupon is not None})
    return jsonify(results)


@bp.post("/vouchers/labels")
def voucher_labels():
    ids = request.get_json()["ids"]
    labels = [db.get_or_404(Voucher, vid).label for vid in ids]  # expect: ORM102
    return jsonify(labels)


@bp.get("/coupons")
def list_coupons():
    coupons = Coupon.query.order_by(Coupon.code).all()
    return jsonify([{"code": c.code, "percent": c.percent} for c in coupons])
