-- an error raised while a module loads, and an uncaught error inside a module's function
local ok, err = pcall(require, 'diff_bad_module')
print(ok, err)
local h = require('diff_helper')
print(pcall(h.greet))
h.greet(nil)
