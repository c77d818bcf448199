def register(router) -> None:
    """Adds this area's viewsets to the API router."""
