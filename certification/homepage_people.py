"""Home-page sections for people, training and readiness."""
