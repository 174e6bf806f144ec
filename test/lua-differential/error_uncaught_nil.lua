-- an uncaught error with nil
io.write('before\n')
error()
