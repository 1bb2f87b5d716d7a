"""The Rasa server as this project runs it: `python -m server run ...` takes the arguments of `rasa run`."""
