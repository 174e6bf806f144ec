-- an uncaught error: message, traceback line, status 1
local function inner() error('went wrong') end
local function outer() inner() end
print('start')
outer()
print('never')
