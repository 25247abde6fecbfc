"""The annual goals API under /api/goals/: programmes with their goals, measures and states, adoptions
side by side, quarterly reports (read, and sent by the programme's organisation) and year-end reviews.
The same access rules as the pages: every queryset starts from the user's scope, so anything outside it
is a 404 and absent from lists."""
