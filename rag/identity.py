"""Who is calling: server-issued shopper identities, ids bound to their owner, the analyst key.

A shopper's identity is an id the server makes up (``shopper-<random>``) and
signs (:mod:`itsdangerous`, HMAC-SHA256 with a key derived from the identity
secret). The browser holds it in an HTTP-only, SameSite=Lax cookie; an API
client holds the same token as a bearer token. Nothing the client sends names
a shopper on its own: every id in a path or body is checked against the
caller's identity (:meth:`Identities.authorize`), and a mismatch is
:class:`Forbidden` (403).

Session ids and request ids are *bound* to their owner: ``<nonce>.<mac>``,
where the MAC covers the owner and the nonce. Continuing a session or rating
a turn with an id that was not issued to the caller fails the MAC check, with
no lookup and no state (so it holds across replicas that share the secret).

Used by both front ends (the API and the Gradio app), which never import each
other; it sits beside the facade and imports only the core.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from rag.settings import Settings

COOKIE = "shopassist_id"
BEARER = "bearer"
#: Identity ids this module issues; other ids (demo personas) are never issued to a browser.
ISSUED_PREFIX = "shopper-"
_MAC_CHARS = 22  # 132 bits of an HMAC-SHA256, base64url


class Forbidden(PermissionError):
    """The caller may not act on the shopper, session or turn it named (HTTP 403)."""


def load_secret(settings: Settings) -> bytes:
    """The identity secret: from settings (the environment), else from ``identity_key_file``,
    generated there (mode 0600) the first time. Never logged."""
    if settings.identity_key is not None:
        return settings.identity_key.get_secret_value().encode()
    path = Path(settings.identity_key_file)
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first: use theirs
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as out:
        out.write(secret)
    return secret


def analyst_key_ok(settings: Settings, key: str | None) -> bool:
    """True when ``key`` is the configured analyst key (constant-time compare); False when none is set."""
    expected = settings.api_key.get_secret_value() if settings.api_key else None
    if expected is None or not key:
        return False
    return hmac.compare_digest(key.encode(), expected.encode())


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header (header names lower-case)."""
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == BEARER else None


@dataclass(frozen=True, slots=True)
class Issued:
    user_id: str
    token: str


#: Tokens :meth:`Identities.verify` remembers at most (per process).
VERIFIED_KEPT = 65_536


class Identities:
    """Issues and checks identities, owner-bound ids and one-time download tickets.

    Built once per process (on :class:`~rag.app_services.AppServices`); the
    secret is read (or generated) on first use, so building it touches no disk.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._secret: bytes | None = None
        self._lock = threading.Lock()
        self._used_tickets: dict[str, float] = {}
        self._verified: dict[str, tuple[str, float]] = {}  # token -> (user id, signed at): see verify

    @property
    def secret(self) -> bytes:
        if self._secret is None:
            with self._lock:
                if self._secret is None:
                    self._secret = load_secret(self.settings)
        return self._secret

    def _serializer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=salt)

    # -- identities ---------------------------------------------------------------------------------
    def issue(self, user_id: str | None = None) -> Issued:
        """A new identity (or a token for ``user_id``, e.g. one a trusted OIDC proxy vouched for)."""
        user_id = user_id or f"{ISSUED_PREFIX}{secrets.token_hex(12)}"
        return Issued(user_id, self._serializer("shopassist.identity").dumps({"u": user_id}))

    def verify(self, token: str | None) -> str | None:
        """The user id a token was issued for; None for a missing, forged or expired token.

        A token that verified is remembered with its signing time (at most :data:`VERIFIED_KEPT`; all
        are forgotten when that many are held), so a shopper's next requests skip the HMAC and the JSON decoding; its age is checked on
        every request all the same. Forged or expired tokens are never remembered.
        """
        if not token or len(token) > 512:
            return None
        max_age = self.settings.identity_max_age_days * 86400
        known = self._verified.get(token)
        if known is not None and time.time() - known[1] <= max_age:
            return known[0]
        try:
            data, signed = self._serializer("shopassist.identity").loads(token, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return None
        user = data.get("u") if isinstance(data, dict) else None
        if not (isinstance(user, str) and user):
            return None
        if len(self._verified) >= VERIFIED_KEPT:
            self._verified.clear()  # simple and rare: the next requests verify again
        self._verified[token] = (user, signed.timestamp())
        return user

    def caller(self, headers: Mapping[str, str], cookies: Mapping[str, str]) -> str | None:
        """The caller's identity from a bearer token, else the cookie; None when neither verifies."""
        return self.verify(bearer_token(headers)) or self.verify(cookies.get(COOKIE))

    def authorize(self, caller: str | None, user_id: str | None, personas: Collection[str] = ()) -> str:
        """The shopper a request may act on: the caller's own identity, or (demo mode only) a demo persona.

        ``user_id`` None means "me". Ids compare exactly: a look-alike (Cyrillic
        letters, zero-width or RTL characters) is a different id and is refused.
        """
        if caller is None:
            raise Forbidden("no shopper identity: get one from POST /api/identity (or reload the page)")
        if user_id is None or user_id == caller:
            return caller
        if self.settings.demo_mode and user_id in personas:
            return user_id
        raise Forbidden("you may only act on your own shopper id"
                        + ("" if self.settings.demo_mode else " (demo personas need SHOPASSIST_DEMO_MODE=1)"))

    # -- ids bound to their owner -----------------------------------------------------------------
    def _mac(self, purpose: str, owner: str, nonce: str) -> str:
        digest = hmac.new(self.secret, f"{purpose}\x00{owner}\x00{nonce}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:_MAC_CHARS]

    def bound_id(self, purpose: str, owner: str) -> str:
        """A fresh id (55 characters) only ``owner`` can use for ``purpose`` ("session", "request")."""
        nonce = secrets.token_hex(16)
        return f"{nonce}.{self._mac(purpose, owner, nonce)}"  # the MAC is base64url: it may hold "-", never "."

    def owns(self, purpose: str, owner: str | None, bound: str | None) -> bool:
        if not owner or not bound:
            return False
        nonce, _, mac = bound.rpartition(".")
        return bool(nonce) and hmac.compare_digest(mac.encode(), self._mac(purpose, owner, nonce).encode())

    # -- one-time tickets (the app's export download) ------------------------------------------------
    def ticket(self, purpose: str, payload: Mapping[str, object]) -> str:
        """A signed, single-use ticket for ``purpose`` (valid ``TICKET_TTL_S`` seconds)."""
        return self._serializer(f"shopassist.ticket.{purpose}").dumps({**payload, "n": secrets.token_hex(8)})

    def redeem(self, purpose: str, ticket: str | None) -> dict[str, object] | None:
        """The ticket's payload the first time it is presented within its lifetime; None afterwards."""
        if not ticket or len(ticket) > 1024:
            return None
        try:
            data = self._serializer(f"shopassist.ticket.{purpose}").loads(ticket, max_age=TICKET_TTL_S)
        except BadSignature:
            return None
        now = time.monotonic()
        with self._lock:
            self._used_tickets = {n: t for n, t in self._used_tickets.items() if now - t < 2 * TICKET_TTL_S}
            if data.get("n") in self._used_tickets:
                return None
            self._used_tickets[str(data.get("n"))] = now
        return dict(data)


TICKET_TTL_S = 120
