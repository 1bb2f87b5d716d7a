"""What Rasa loads by name from config.yml, credentials.yml and endpoints.yml, and the server that loads it."""
