from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
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
    message = services.inbox_mark_read(user=request.user, message_id=message.pk)
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts=None):
        return redirect(message.url)
    return redirect("inbox")
