-- pattern_bomb: a backtracking pattern that takes exponential time; the kernel must stop it.
print(string.find(('a'):rep(1e4), '.-.-.-.-b$'))
print('not reached')
