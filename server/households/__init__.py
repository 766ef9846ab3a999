"""The household of a parent: address, guardians and children, entered once and reused by every service."""
