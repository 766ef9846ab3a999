"""PDF letters of the portal (receipts, decision letters, signature pages) with the tenant's letterhead."""
