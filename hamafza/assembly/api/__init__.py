"""The assembly's API under /api/assembly/ (see views)."""
