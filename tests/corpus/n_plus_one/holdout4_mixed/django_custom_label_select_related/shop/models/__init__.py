from .catalog import Category, Product

__all__ = ["Category", "Product"]
