from billing.models.invoices import Invoice, InvoiceLine
