"""Stores the Rasa server loads from endpoints.yml in place of its own."""
