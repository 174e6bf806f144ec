-- The slow paths of string.gmatch and string.gsub (a kernel chunk, loaded by the first call that needs one): the
-- host's budgeted matcher, one match per host call, with Lua's argument checks and messages. Each function here is
-- called by the sandbox's wrapper (itself called by the C function that stands for it: sys.as_c), so errors are
-- raised one level further up than in the wrapper itself.
local deps = ...
local gmatch_next, gsub_next, c_gmatch, c_gsub, c_match = deps.gmatch_next, deps.gsub_next, deps.c_gmatch, deps.c_gsub, deps.c_match
local c_concat, raise_c, call_c_at, in_callback, running = deps.c_concat, deps.raise_c, deps.call_c_at, deps.in_callback, deps.running
local pack, unpack, pcall, type, error, tostring, select, math_type = table.pack, table.unpack, pcall, type, error, tostring, select, math.type

--- The checks Lua's gmatch and gsub make of their first two arguments.
local function check_strings(qualified, ...)
  local s, p = ...
  if type(s) ~= 'string' or type(p) ~= 'string' then
    local r = call_c_at(4, qualified, c_match, ...) -- string.match checks these two as gmatch and gsub do
    return r and tostring(s), tostring(p)
  end
  return s, p
end

--- string.gmatch's slow path: an iterator over the matches of p in s, from init.
local function gmatch(...)
  local init = select(3, ...)
  local s, p = check_strings('string.gmatch', ...)
  local len = #s
  init = init or 1
  if math_type(init) ~= 'integer' then
    call_c_at(3, 'string.gmatch', c_gmatch, s, p, init) -- Lua's own argument error, or an init that converts
    init = math.tointeger(tonumber(init)) or 1
  end
  if init < 0 then init = math.max(len + init + 1, 1) elseif init == 0 then init = 1 end
  local pos, last = math.min(init, len + 1) - 1, -1
  return function()
    local r = pack(pcall(gmatch_next, s, p, pos, last))
    if not r[1] then raise_c('gmatch', r[2]) end -- named 'for iterator', as Lua's
    if r[2] == nil then pos = len + 1 return nil end
    pos, last = r[2], r[2]
    return unpack(r, 3, r.n)
  end
end

--- Calls a gsub replacement function as Lua's C gsub does: the program cannot yield in it. Its error passes
--- through untouched (a message handler sees the function's frames), leaving the thread's mark behind (see
--- in_callback in sandbox.lua: it holds only while this function's frame is on the stack).
local function callback(f, ...)
  local co = running()
  local outer = in_callback[co]
  in_callback[co] = callback
  local v = f(...)
  in_callback[co] = outer
  return v
end

--- string.gsub's slow path (a table or function replacement).
local function gsub(...)
  local repl, n = select(3, ...)
  local tr = type(repl)
  local s, p = check_strings('string.gsub', ...)
  if tr ~= 'table' and tr ~= 'function' then
    call_c_at(3, 'string.gsub', c_gsub, ...) -- Lua's own argument error
  end
  local max = n == nil and #s + 1 or math.tointeger(n)
  if not max then call_c_at(3, 'string.gsub', c_gsub, s, p, repl, n) end
  local anchored = p:byte(1) == 94
  local parts, count, pos, last, changed = {}, 0, 0, -1, false
  while count < max do
    local r = pack(pcall(gsub_next, s, p, pos, last))
    if not r[1] then raise_c('string.gsub', r[2], 2) end
    if r[2] == nil then break end
    local value
    if tr == 'table' then value = repl[r[5]] else value = callback(repl, unpack(r, 5, r.n)) end
    if value == nil or value == false then value = r[4]
    elseif type(value) ~= 'string' and type(value) ~= 'number' then
      error('invalid replacement value (a ' .. type(value) .. ')', 4) -- level 4: past the C frame of the wrapper
    else changed = true end
    parts[#parts + 1] = s:sub(pos + 1, r[2])
    parts[#parts + 1] = value
    count, pos, last = count + 1, r[3], r[3]
    if anchored then break end
  end
  if not changed then return s, count end
  parts[#parts + 1] = s:sub(pos + 1)
  return c_concat(parts), count
end

return { gmatch = gmatch, gsub = gsub }
