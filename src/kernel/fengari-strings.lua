-- string.format and string.char on fengari (a kernel chunk the sandbox runs at start there, never on wasmoon): room
-- asked first for the strings format copies, the conversions fengari's sprintf gets wrong, char's range check.
---@param string table the process's string library, whose format and char are set here
---@param deps table the sandbox's values these functions use
local string, deps = ...
local as_c, raise_c, call_c, reserve, BIG = deps.as_c, deps.raise_c, deps.call_c, deps.reserve, deps.BIG
local load_kernel_chunk, pack, type = deps.load_kernel_chunk, table.pack, type

local c_format, find_spec = string.format, string.find -- Lua's own find: the sandbox's is set after this
local c_formats -- src/kernel/format-c.lua, loaded by the first format that needs it
--- string.format, with room asked first for the strings it copies (fengari), and the conversions fengari's sprintf
--- gets wrong written as C writes them; its errors named as Lua names them.
string.format = as_c(function(...)
  local args = pack(...)
  local size = 0.0
  for k = 1, args.n do
    if type(args[k]) == 'string' then size = size + #args[k] end
  end
  if size > BIG then reserve(size) end
  local fmt, format = ..., c_format
  if type(fmt) == 'string' and (find_spec(fmt, '%%[-+ #0]*[ #][-+ #0]*%d*%.?%d*[diouxX]') or find_spec(fmt, '%%[-+ #0]*%d+c')
    or find_spec(fmt, '%%[-+ #0]*%d*%.%d*[diouxX]') or find_spec(fmt, '%%[-+ #0]*%d*%.?%d*[aA]')) then
    c_formats = c_formats or load_kernel_chunk('format-c', c_format) -- what fengari's sprintf gets wrong, as C writes it
    format = c_formats
  end
  local r = pack(pcall(format, ...))
  if r[1] then return r[2] end
  raise_c('string.format', r[2])
end)

local c_char, tointeger = string.char, math.tointeger
--- string.char with Lua's range check (fengari's own raises an internal error for a code out of 0..255).
string.char = as_c(function(...)
  local codes = pack(...)
  for k = 1, codes.n do
    local c = codes[k]
    c = (type(c) == 'number' or type(c) == 'string') and tointeger(tonumber(c))
    if c and (c < 0 or c > 255) then raise_c('string.char', ("bad argument #%d to 'char' (value out of range)"):format(k)) end
  end
  local r = call_c('string.char', c_char, ...)
  return r[2]
end)
