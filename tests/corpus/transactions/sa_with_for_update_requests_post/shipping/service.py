import os

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from shipping.models import Shipment

CARRIER_URL = os.environ["CARRIER_API"]


def mark_shipped(session: Session, shipment_id: int) -> None:
    with session.begin():
        shipment = session.execute(select(Shipment).where(Shipment.id == shipment_id).with_for_update()).scalar_one()
        shipment.status = "shipped"
        requests.post(CARRIER_URL, json={"tracking": shipment.tracking}, timeout=10)  # expect: ORM303
