import json
import logging
import os

import httpx
from kafka import KafkaProducer
from sqlalchemy.orm import Session

from events.models import Signup

log = logging.getLogger(__name__)
producer = KafkaProducer(bootstrap_servers=os.environ["KAFKA_BROKERS"])
CRM_URL = os.environ["CRM_URL"]


def sign_up(session: Session, email: str, profile: dict) -> int:
    with session.begin():
        signup = Signup(email=email, profile=profile)
        session.add(signup)
        session.flush()
        payload = json.dumps({"id": signup.id, "email": email}).encode()
        log.info("signup %s staged", signup.id)
    producer.send("signups", payload)
    httpx.post(CRM_URL, content=payload, timeout=5)
    return signup.id
