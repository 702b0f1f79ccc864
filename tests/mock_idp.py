"""A small OpenID Connect identity provider on 127.0.0.1, for testing the app's single sign-on.

It speaks just enough of OpenID Connect for Streamlit's `st.login` (Authlib underneath): discovery
(`/.well-known/openid-configuration`), an authorization page with one "Sign in as ..." button per
test user, a token endpoint that checks the client's secret, the redirect address and the PKCE
verifier and issues an ID token signed with RS256, and the public key as a JWKS. The RSA key is
made at start-up; nothing is read from or sent to anywhere but 127.0.0.1.

    idp = MockIdP(redirect_uris=["http://127.0.0.1:8501/oauth2callback"]).start()
    ...  # point [auth] server_metadata_url at idp.metadata_url
    idp.stop()

`python -m tests.mock_idp` runs one in the foreground for trying the sign-in by hand.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HOST = "127.0.0.1"


@dataclass(frozen=True)
class IdpUser:
    sub: str
    name: str
    email: str


DEFAULT_USERS = (
    IdpUser("u-anna", "Anna Berg", "anna.berg@example.org"),
    IdpUser("u-ben", "Ben Novak", "ben.novak@example.org"),
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_bytes(number: int) -> bytes:
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


class SigningKey:
    """An RSA key made at start-up: signs ID tokens (RS256) and publishes its public half."""

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)

    def jwk(self) -> dict:
        numbers = self._key.public_key().public_numbers()
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                "n": b64url(_int_bytes(numbers.n)), "e": b64url(_int_bytes(numbers.e))}

    def sign(self, claims: dict) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}".encode("ascii")
        signature = self._key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input.decode('ascii')}.{b64url(signature)}"


@dataclass
class Grant:
    """What an authorization code stands for, until the token endpoint redeems it (once)."""

    client_id: str
    redirect_uri: str
    user: IdpUser
    nonce: str
    code_challenge: str
    code_challenge_method: str
    issued: float = field(default_factory=time.time)


class MockIdP:
    """The identity provider: start() serves it on a free port of 127.0.0.1 in a thread."""

    def __init__(self, redirect_uris: list[str], users: tuple[IdpUser, ...] = DEFAULT_USERS,
                 client_id: str = "drafting-app", client_secret: str | None = None, port: int = 0) -> None:
        self.redirect_uris = list(redirect_uris)
        self.users = {u.sub: u for u in users}
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.key = SigningKey()
        self.grants: dict[str, Grant] = {}
        self.requests: list[str] = []  # "METHOD /path" of every request, to check the flow went through here
        self._server = ThreadingHTTPServer((HOST, port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def issuer(self) -> str:
        return f"http://{HOST}:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> "MockIdP":
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-idp", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "name", "email", "email_verified"],
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        return self.key.sign({"iss": self.issuer, "sub": grant.user.sub, "aud": self.client_id, "iat": now, "exp": now + 300,
                              "nonce": grant.nonce, "name": grant.user.name, "email": grant.user.email,
                              "email_verified": True})

    # --- the endpoints -----------------------------------------------------------------------------------

    def authorize_page(self, params: dict[str, str]) -> tuple[int, str]:
        """The sign-in page: one button per test user, the request's parameters carried along."""
        problem = self._check_authorize(params)
        if problem:
            return 400, f"<p>{html.escape(problem)}</p>"
        keep = {k: params.get(k, "") for k in ("client_id", "redirect_uri", "state", "nonce", "code_challenge",
                                                 "code_challenge_method")}
        hidden = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v, quote=True)}">' for k, v in keep.items())
        buttons = "".join(f'<button type="submit" name="user" value="{html.escape(u.sub, quote=True)}">'
                          f"Sign in as {html.escape(u.name)}</button> " for u in self.users.values())
        return 200, (f"<!doctype html><title>Mock identity provider</title><h1>Mock identity provider</h1>"
                     f'<form method="post" action="/authorize">{hidden}{buttons}</form>')

    def authorize(self, params: dict[str, str]) -> tuple[int, str]:
        """A user chose to sign in: a one-time code, sent back to the app's redirect address."""
        problem = self._check_authorize({**params, "response_type": "code"})
        user = self.users.get(params.get("user", ""))
        if problem or user is None:
            return 400, problem or "Unknown user."
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(params["client_id"], params["redirect_uri"], user, params.get("nonce", ""),
                                  params.get("code_challenge", ""), params.get("code_challenge_method", ""))
        return 302, params["redirect_uri"] + "?" + urlencode({"code": code, "state": params.get("state", "")})

    def _check_authorize(self, params: dict[str, str]) -> str:
        if params.get("response_type") != "code":
            return "Only the authorization code flow is supported."
        if params.get("client_id") != self.client_id:
            return "Unknown client."
        if params.get("redirect_uri") not in self.redirect_uris:
            return "This redirect address is not registered for the client."
        if urlsplit(params["redirect_uri"]).hostname != HOST:
            return "The redirect address must be on 127.0.0.1."
        return ""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict]:
        """Redeem a code for an ID token (and an access token nobody uses)."""
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or not secrets.compare_digest(client_secret, self.client_secret):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        grant = self.grants.pop(form.get("code", ""), None)  # a code is good for one exchange only
        if grant is None or grant.client_id != client_id or grant.redirect_uri != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        if time.time() - grant.issued > 120:
            return 400, {"error": "invalid_grant", "error_description": "code expired"}
        if grant.code_challenge:
            verifier = form.get("code_verifier", "")
            if grant.code_challenge_method != "S256" or b64url(hashlib.sha256(verifier.encode()).digest()) != grant.code_challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        return 200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 300,
                     "id_token": self.id_token(grant)}

    def _handler_class(self):
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet: the tests read idp.requests instead
                pass

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                idp.requests.append(f"GET {path}")
                params = {k: v[0] for k, v in parse_qs(query).items()}
                if path == "/.well-known/openid-configuration":
                    self._json(200, idp.metadata())
                elif path == "/jwks":
                    self._json(200, {"keys": [idp.key.jwk()]})
                elif path == "/authorize":
                    self._page(*idp.authorize_page(params))
                else:
                    self._page(404, "Not found.")

            def do_POST(self) -> None:
                path = self.path.partition("?")[0]
                idp.requests.append(f"POST {path}")
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if path == "/authorize":
                    status, body = idp.authorize(form)
                    if status == 302:
                        self.send_response(302)
                        self.send_header("Location", body)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    else:
                        self._page(status, html.escape(body))
                elif path == "/token":
                    self._json(*idp.token(form, self.headers.get("Authorization", "")))
                else:
                    self._page(404, "Not found.")

            def _json(self, status: int, body: dict) -> None:
                self._send(status, json.dumps(body).encode(), "application/json")

            def _page(self, status: int, body: str) -> None:
                self._send(status, body.encode(), "text/html; charset=utf-8")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


if __name__ == "__main__":
    import sys

    app_port = sys.argv[1] if len(sys.argv) > 1 else "8501"
    running = MockIdP([f"http://{HOST}:{app_port}/oauth2callback"], port=8765, client_secret="mock-secret").start()
    print(f"[auth]\nredirect_uri = \"http://{HOST}:{app_port}/oauth2callback\"\ncookie_secret = \"{secrets.token_hex(16)}\"\n"
          f"client_id = \"{running.client_id}\"\nclient_secret = \"{running.client_secret}\"\n"
          f"server_metadata_url = \"{running.metadata_url}\"\n\n(Ctrl+C stops the mock identity provider.)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        running.stop()
