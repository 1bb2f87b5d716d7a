"""The Rasa server as this project runs it: `python -m cso_advisor.rasa_plugins.server run ...`
takes the arguments of `rasa run`."""
