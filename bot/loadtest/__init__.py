"""`python -m bot.loadtest`: Kintsugi against the assistant `rasa init` creates, under load, in one run.

One job per module: comparison (the run, start to finish), conversations (what virtual
users say), driver (closed-loop users over REST), memory (peak RSS from /proc), assistant
(a started assistant and its start-up time), stock and kintsugi (starting each), parse
(NLU parse latency), training_time (timed training, remembered between runs), targets
(the issue's goals), report (table and JSON), plot (PNG).
"""
