from inventory.models.catalog import Category, Product, db
