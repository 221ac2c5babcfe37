from datetime import datetime
from typing import TypedDict

from django.db import transaction

from telemetry.models import Reading, Sensor


class Sample(TypedDict):
    serial: str
    ts: str
    value: float


@transaction.atomic
def ingest(samples: list[Sample]) -> int:
    sensors = Sensor.objects.in_bulk({s["serial"] for s in samples}, field_name="serial")
    readings: list[Reading] = []
    touched: dict[int, Sensor] = {}
    for s in samples:
        sensor = sensors.get(s["serial"])
        if sensor is None:
            continue
        taken = datetime.fromisoformat(s["ts"])
        readings.append(Reading(sensor=sensor, taken_at=taken, value=s["value"]))
        if sensor.last_seen is None or taken > sensor.last_seen:
            sensor.last_seen, sensor.last_value = taken, s["value"]
            touched[sensor.pk] = sensor
    Reading.objects.bulk_create(readings, batch_size=2000)
    Sensor.objects.bulk_update(touched.values(), ["last_seen", "last_value"])
    return len(readings)
