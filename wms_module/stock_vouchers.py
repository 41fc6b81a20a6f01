"""ERPNext's stock vouchers: the documents whose submit posts Stock Ledger Entries.

The app follows each of them into the bins (hooks.py doc_events, services.stock_sync). Plain data
with no import, so hooks.py can name the same tuple.
"""

STOCK_VOUCHER_TYPES = (
	"Purchase Receipt",
	"Purchase Invoice",
	"Delivery Note",
	"Sales Invoice",
	"Stock Entry",
	"Stock Reconciliation",
)
