from .selectors import orders_for_invoice as fetch


def invoice_rows(ids):
    rows = []
    for order in fetch(ids):
        for line in order.line_list:
            rows.append((order.customer.name, line.product.title, line.qty * line.unit_price))
    return rows
