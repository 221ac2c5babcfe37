from celery import shared_task

from .services import LifetimeValueService


@shared_task
def refresh_ltv():
    return {str(k): str(v) for k, v in LifetimeValueService().compute().items()}
