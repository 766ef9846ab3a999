"""The service engine: declarative service definitions, drafts (also offline), submission, status."""
