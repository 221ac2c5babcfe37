def order_lines_text(order):
    parts = []
    for line in order.lines.all():
        parts.append(f"{line.qty} x {line.product.name}")  # expect: ORM101
    return "\n".join(parts)
