import json
import os

import boto3
from kafka import KafkaProducer
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from orders.models import Order

Session = sessionmaker(create_engine(os.environ["DATABASE_URL"]))
producer = KafkaProducer(bootstrap_servers=os.environ["KAFKA_BROKERS"], value_serializer=lambda v: json.dumps(v).encode())
sns = boto3.client("sns")
TOPIC_ARN = os.environ["ORDER_EVENTS_TOPIC"]


def place_order(customer: str) -> int:
    with Session.begin() as session:
        order = Order(customer=customer)
        session.add(order)
        session.flush()
        producer.send("orders.placed", {"order_id": order.id})  # expect: ORM303
        return order.id


def cancel_order(order_id: int) -> None:
    with Session.begin() as session:
        order = session.get(Order, order_id)
        order.status = "cancelled"
        sns.publish(TopicArn=TOPIC_ARN, Message=json.dumps({"order_id": order_id, "event": "cancelled"}))  # expect: ORM303
