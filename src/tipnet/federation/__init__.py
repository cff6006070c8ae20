"""Transport between independent tipnet deployments: signed, encrypted packages with an
outbox that retries and an inbox that receives each message exactly once.

Payload-agnostic: other apps call ``federation.services.send`` and register handlers for the
kinds they receive in ``settings.TIPNET_FEDERATION_HANDLERS``. See docs/federation.md.
"""
