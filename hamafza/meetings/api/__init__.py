"""The REST API for bodies, meetings, resolutions, assignments and progress reports.

Reads are scoped with the helpers in `hamafza.meetings.access` (an object outside the user's scope is a
404); writes go through `hamafza.meetings.services` only.
"""
