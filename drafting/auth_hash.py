"""Password hashing for a shared deployment's sign-in (see ui/auth.py)."""

import hashlib


def hash_password(password: str) -> str:
    return hashlib.sha256(password.encode("utf-8")).hexdigest()
