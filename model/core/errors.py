"""The error raised for invalid input to the model.

Every invalid value a user can give (a parameter out of range, an unknown parameter, a
malformed intervention or event) raises :class:`InputError`, whose message names the
argument, the value and what was expected. Other exceptions are bugs.
"""


class InputError(ValueError):
    """A value given to the model is invalid; the message names it and what was expected."""
