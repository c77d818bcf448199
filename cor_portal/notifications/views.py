from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .services import user_inbox


@login_required
def inbox(request):
    page = Paginator(user_inbox(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_mark_read(request, pk: int):
    # Scoped to the user's own inbox: another user's message id answers 404.
    message = get_object_or_404(user_inbox(request.user), pk=pk)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts=None):
        return redirect(message.url)
    return redirect("inbox")
