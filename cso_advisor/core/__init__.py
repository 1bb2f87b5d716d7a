"""The domain, free of Rasa: the knowledge base, the answer ranking and the personal roadmap."""
