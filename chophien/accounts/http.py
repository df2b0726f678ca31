from django.http import HttpRequest

from .models import User


def signed_in_user(request: HttpRequest) -> User:
    """The logged-in person of a view behind @login_required, typed as our User."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("signed_in_user() is for views behind @login_required")
    return user
