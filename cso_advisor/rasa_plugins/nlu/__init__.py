"""The spaCy language pipeline built from the knowledge base, and the Rasa component that reads its entities."""
