"""Short-lived signed tokens that our own chat pages carry, so the widget needs no API key.

A token is `v1.EXPIRES.NONCE.SIGNATURE` (HMAC-SHA256 over the first three parts). It only proves
"issued by this server, not expired"; the nonce makes every token distinct, so each one can be
rate-limited on its own. The secret is read from settings or from a file in the home directory
(created once, mode 0600), so tokens survive restarts and every worker accepts every other's.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.settings import Settings

TOKEN_TTL_S = 30 * 60
SECRET_FILE = "widget-token.key"
_TOKEN = re.compile(r"v1\.([0-9]{1,12})\.([0-9a-f]{16})\.([0-9a-f]{64})")


def token_secret(settings: Settings) -> bytes:
    """The configured secret, else the one persisted in HOME (created on first use, mode 0600)."""
    if settings.token_secret is not None:
        return settings.token_secret.get_secret_value().encode("utf-8")
    path = settings.home / SECRET_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:  # first start: write it whole before anyone can read a half
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32))
    if path.stat().st_mode & 0o077:
        raise UserError(f"{path}: 令牌密钥文件权限过宽，请执行 chmod 600 {path}")
    secret = path.read_text("ascii").strip()
    if len(secret) < 32:
        raise UserError(f"{path}: 令牌密钥文件内容无效 (至少 32 个字符)，删除后重启即可重新生成")
    return secret.encode("ascii")


class WidgetTokens:
    """Issue and check widget tokens; `check` never raises, whatever string it is given."""

    def __init__(self, secret: bytes, ttl_s: int = TOKEN_TTL_S) -> None:
        self.ttl_s = ttl_s
        self._secret = secret

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self, now: float | None = None) -> str:
        payload = f"v1.{int((time.time() if now is None else now) + self.ttl_s)}.{secrets.token_hex(8)}"
        return f"{payload}.{self._sign(payload)}"

    def check(self, token: str, now: float | None = None) -> str | None:
        """None when valid, else the error code ("invalid_token" / "token_expired")."""
        m = _TOKEN.fullmatch(token)
        if not m or not hmac.compare_digest(m.group(3), self._sign(token[: m.start(3) - 1])):
            return "invalid_token"
        return "token_expired" if int(m.group(1)) < (time.time() if now is None else now) else None
