"""The logged-in start page: household now; drafts and applications as later features arrive."""
