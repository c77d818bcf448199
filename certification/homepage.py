"""Home-page sections for organizations, WSIB accounts and registrations."""
