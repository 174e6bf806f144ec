-- The main task's first function: runs the process's runtime prelude, then hands the program to the runner the
-- prelude returned (the task goes on in it), or tells the kernel to run the program itself (no runner).
-- `program` is false when the runtime is to find the program by name (arg[0]) itself, and true when it is to, but
-- the kernel holds a stored program of that name to run if the runtime has no runner.
local prelude, program = ...
local runner = prelude()
if runner == nil then
  if program == false then error(("program not found: '%s' (its runtime finds no programs by name)"):format(arg and arg[0]), 0) end
  return true
end
if type(runner) ~= 'function' then
  error('a runtime prelude returns nothing or a runner function, not a ' .. type(runner), 0)
end
runner(type(program) == 'function' and program or nil, select(3, ...))
