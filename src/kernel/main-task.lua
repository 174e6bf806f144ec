-- The main task's first function: runs the process's runtime prelude, then hands the program to the runner the
-- prelude returned (the task goes on in it), or tells the kernel to run the program itself (no runner).
local prelude, program = ...
local runner = prelude()
if runner == nil then return true end
if type(runner) ~= 'function' then
  error('a runtime prelude returns nothing or a runner function, not a ' .. type(runner), 0)
end
runner(program, select(3, ...))
