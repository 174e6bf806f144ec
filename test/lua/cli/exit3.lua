-- exit3: prints a line, then ends the process with exit status 3.
print('before exit')
os.exit(3)
print('not reached')
