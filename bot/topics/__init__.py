"""The topic library: answers to the questions people in affair recovery ask (data/topics)."""
