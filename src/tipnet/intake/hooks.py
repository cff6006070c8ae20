"""Webhooks of messaging providers (see messaging): no session, authenticated by signature."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from tipnet.audit import services as audit

from . import messaging

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@csrf_exempt
def twilio(request: HttpRequest, key: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    channel = messaging.active_channel(key)
    if channel is None:
        raise Http404("No such channel.")
    params = {k: request.POST.getlist(k) for k in request.POST}
    params = {k: v[0] if len(v) == 1 else v for k, v in params.items()}
    if not messaging.signed_by(channel, messaging.webhook_url(channel), params,
                               request.headers.get("X-Twilio-Signature", "")):
        audit.record("denied", object_type="intake.messagingchannel", object_id=channel.pk,
                     organisation_id=channel.organisation_id, via="sms",
                     detail={"reason": "bad signature"})
        return HttpResponse("Signature does not match.", status=403,
                            content_type="text/plain")
    messaging.receive(channel, {k: v if isinstance(v, str) else v[-1]
                                for k, v in params.items()})
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
