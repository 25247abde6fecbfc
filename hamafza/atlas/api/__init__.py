"""The atlas API under /api/atlas/ (read-only): `serializers` and the endpoints in `views`."""
