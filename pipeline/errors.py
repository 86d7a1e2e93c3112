"""The one exception type users see."""


class PipelineError(Exception):
    """A problem in the user's inputs, stated as what is wrong and how to fix it.

    The stage runner prints the message alone (no traceback) and exits non-zero.
    """
