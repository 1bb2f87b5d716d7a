"""Custom actions of the CSO Career Advisor (run by `python -m actions`)."""
