-- deadlock: waits for an event that nothing will ever queue.
os.pull('never')
print('not reached')
