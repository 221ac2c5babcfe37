import logging
from dataclasses import dataclass

from .models import Product, StockLevel

log = logging.getLogger(__name__)


@dataclass
class CountedLine:
    sku: str
    quantity: int


class StocktakeService:
    def __init__(self, warehouse):
        self.warehouse = warehouse

    def apply(self, lines: list[CountedLine]) -> list[str]:
        unknown: list[str] = []
        levels = []
        for line in lines:
            try:
                product = Product.objects.get(sku=line.sku)  # expect: ORM102
            except Product.DoesNotExist:
                log.warning("unknown sku %s", line.sku)
                unknown.append(line.sku)
                continue
            levels.append(StockLevel(product=product, warehouse=self.warehouse, quantity=line.quantity))
        StockLevel.objects.bulk_create(levels)
        return unknown
