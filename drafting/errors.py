"""The one exception type for problems a user can cause.

Its message is a sentence a drafter understands; the app and the CLI show it as it is,
never with a traceback.
"""


class DraftingError(Exception):
    """A problem with the user's input (file, model set, request), explained in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
