"""What ormlint knows of each ORM, driver and migration tool: one module per family, the only place that names them."""
