"""Every state change of programmes, goals, measures, reports and reviews goes through these modules."""
