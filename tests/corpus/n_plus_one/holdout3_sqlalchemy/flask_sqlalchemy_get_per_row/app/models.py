from .extensions import db


class Coupon(db.Model):
    __tablename__ = "coupons"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(32), unique=True)
    percent = db.Column(db.Integer, nullable=False)


class Voucher(db.Model):
    __tablename__ = "vouchers"
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(64))
