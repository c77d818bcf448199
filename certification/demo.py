"""Demo organizations, WSIB accounts and registrations at each stage."""


def seed(*, users):
    return {}
