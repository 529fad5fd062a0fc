from django.http import HttpRequest


def organization(request: HttpRequest) -> dict[str, object]:
    """Expose the person the user acts as, and their organization, to every template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    person = user.current_person
    return {"current_person": person, "current_organization": person.organization if person else None}
