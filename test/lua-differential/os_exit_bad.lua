-- os.exit with bad codes raises errors; a wrapped code
print(pcall(os.exit, 'x'))
print(pcall(os.exit, 1.5))
print(pcall(function() os.exit({}) end))
os.exit(-1)
