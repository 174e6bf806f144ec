-- The text of the main task's uncaught error object, as lua.c's message handler finds it: what the object's
-- __tostring (found raw by the kernel) returns, when that is a string; nil otherwise (the kernel shows the type).
local tostring_of, object = ...
local text = tostring_of(object)
if type(text) == 'string' then return text end
return nil
