"""Pages of applications, one module per audience: calls (staff), the enterprise's
applications, the qualification review (staff, auditors read-only), and departments' opinions."""
