-- Fails with an error, which the craftos runtime shows in red on the terminal.
print('before')
error('boom')
