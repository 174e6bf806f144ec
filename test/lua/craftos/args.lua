-- Prints its arguments and the CraftOS version, then shuts down with its first argument as the code.
print('args', ...)
print(os.version())
os.shutdown(tonumber((...)) or 0)
