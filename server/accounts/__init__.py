"""Parents and staff: registration, confirmation, login, password reset, sessions, roles and guards."""
