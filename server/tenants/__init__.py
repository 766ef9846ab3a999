"""Municipalities: configuration, the tenant of a request, branding and the web app manifest."""
