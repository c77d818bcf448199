"""Demo people, training records, exemptions and Code of Ethics signatures."""


def seed(*, users, organizations):
    return None
