import os

from celery import Celery

app = Celery("sync", broker=os.environ["BROKER_URL"])
app.autodiscover_tasks(["sync"])
