"""The parent's portal mailbox (Postfach): decisions, requests for documents, offers and news about a case,
with read state and attachments. E-mail only says that something arrived, never what."""
