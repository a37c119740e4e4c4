"""taskpoll's code generator: specs/ → sdk/taskpoll/<api>/_generated/.

Development-only: the generated package never imports anything from here.
"""
