"""The signed, expiring link a client's contact rates a resolved ticket with, no sign-in needed (R13).

The signature is an HMAC-SHA256 with the site's own encryption key over the ticket, its contact and the
expiry, so a link names exactly one ticket and cannot be stretched to another ticket or a later date.
"""

import hashlib
import hmac
from datetime import datetime
from urllib.parse import urlencode

from frappe.utils import get_url
from frappe.utils.password import get_encryption_key

ROUTE = "/rate"
EXPIRY_FORMAT = "%Y%m%d%H%M%S"


def sign(ticket: str, contact: str, expires: str) -> str:
	message = f"{ticket}|{contact or ''}|{expires}".encode()
	return hmac.new(get_encryption_key().encode(), message, hashlib.sha256).hexdigest()


def expiry_text(deadline: datetime) -> str:
	return deadline.strftime(EXPIRY_FORMAT)


def parse_expiry(expires: str) -> datetime | None:
	try:
		return datetime.strptime(expires, EXPIRY_FORMAT)
	except (TypeError, ValueError):
		return None


def rating_link(ticket: str, contact: str, deadline: datetime) -> str:
	expires = expiry_text(deadline)
	query = urlencode({"ticket": ticket, "expires": expires, "sig": sign(ticket, contact, expires)})
	return get_url(f"{ROUTE}?{query}")


def signature_matches(ticket: str, contact: str, expires: str, sig: str) -> bool:
	if not all(isinstance(v, str) for v in (ticket, expires, sig)):
		return False
	return hmac.compare_digest(sign(ticket, contact, expires), sig)
