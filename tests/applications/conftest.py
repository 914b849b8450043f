"""Fixtures of the applications tests: the URLs of this stage, a published catalogue, an open
call, departments."""

from __future__ import annotations
