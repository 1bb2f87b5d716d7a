"""CSO Career Advisor: `core` is the domain (knowledge base, answer ranking, roadmap) and knows nothing of Rasa;
`rasa_plugins` is what Rasa loads (NLU components, channels, stores, the server); `insights` and `operations` are
the operators' tools. Imports point that way only: core <- rasa_plugins and actions/ <- insights, operations."""
