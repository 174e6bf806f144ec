-- os.exit with a code: status 3, buffered output written out
io.write('partial line')
os.exit(3)
