"""Signed webhook alerts for new or changed violation and possible verdicts.

    from standoff.store import append
    from standoff.alerts import Deliverer, webhook_secret
    secret, created = webhook_secret("monitor.duckdb")      # created: print the secret once
    deliverer = Deliverer("monitor.duckdb", secret).start()
    append("monitor.duckdb", result, webhooks=["https://example.org/hook"])   # queues, same transaction
    deliverer.wake()

Each POST carries `Standoff-Signature: t=<unix>,v1=<HMAC-SHA256 of "t.body">` and an
`Idempotency-Key` that stays the same on every retry. See docs/watch.md.
"""

from standoff.alerts.deliver import Backoff, Deliverer, check_webhook_url, post
from standoff.alerts.signing import SECRET_ENV, SIGNATURE_HEADER, sign, verify, webhook_secret

__all__ = ["SECRET_ENV", "SIGNATURE_HEADER", "Backoff", "Deliverer", "check_webhook_url", "post", "sign",
           "verify", "webhook_secret"]
