import os

import pika


def channel():
    connection = pika.BlockingConnection(pika.URLParameters(os.environ["AMQP_URL"]))
    return connection.channel()
