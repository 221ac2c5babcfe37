from flask import Blueprint, request

from analytics.export import sales_frame

bp = Blueprint("analytics", __name__)


@bp.get("/sales.csv")
def sales_csv():
    return sales_frame(request.args["region"]).to_csv(index=False)
