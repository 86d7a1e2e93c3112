"""The one exception type users see."""


class PipelineError(Exception):
    """A problem in the user's inputs, stated as what is wrong and how to fix it.

    The stage runner prints the message alone (no traceback) and exits non-zero.
    """


#: The class names of PipelineError and its subclasses, as a notebook's error reports them
#: (the runner reads only the name: it imports no stage module). A test keeps this complete.
USER_ERRORS = frozenset({"PipelineError", "InputProblems"})
