"""The intake form's questions, with buttons whose payloads are plain sentences."""

from actions.messages import asking_action

ActionAskRole = asking_action("ask_role")
ActionAskBetrayalType = asking_action("ask_betrayal_type")
