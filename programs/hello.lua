-- hello: the smallest thox program. Prints a greeting, and its arguments if it has any.
local who = ... or 'world'
print(('Hello, %s! (pid %d, %s)'):format(who, os.pid(), _VERSION))
