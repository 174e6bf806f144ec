-- The text of an uncaught error object of the main task, as lua.c's message handler makes it: the object's
-- __tostring result when that is a string, else nil (the kernel then shows the object's type and the traceback).
-- Runs as the main task's code after its program failed, so a __tostring that loops is preempted and killable.
local object = ...
local meta = getmetatable(object)
local tostring_of = type(meta) == 'table' and rawget(meta, '__tostring') or nil
if tostring_of == nil then return nil end
local text = tostring_of(object)
if type(text) == 'string' then return text end
return nil
