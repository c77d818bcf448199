"""Page forms of the certification app, one module per area: organization (organizations,
WSIB accounts, registrations), onboarding (creating an organization, invitations) and people
(people, training, exemptions, Code of Ethics, OHSMS date)."""
