"""API serializers of the certification app, one module per area (organization: organizations,
WSIB accounts and registrations; people: people, training, exemptions and readiness)."""
