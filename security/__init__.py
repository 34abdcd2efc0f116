"""Passwords, device tokens, security headers and the authorization scope."""
