-- infinite_loop: a CPU-bound loop that never ends; prints 'ready' first so a test knows it started.
print('ready')
while true do end
