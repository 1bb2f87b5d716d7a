"""What operators run on the stored conversations: the report, the review queue and retention (docs/insights.md)."""
