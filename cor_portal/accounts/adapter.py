from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails (verification, password reset) through our outbox, so they
    are queued after commit and retried like every other e-mail."""

    def send_mail(self, template_prefix, email, context):
        from cor_portal.notifications.services import email_queue

        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        email_queue(to=email, subject=message.subject, body=message.body, html_body=html)
