-- Pattern matching (a kernel chunk the sandbox runs at start): string.find, match, gmatch and gsub take Lua's own
-- matcher where it is bounded on the subject, and the host's step-budgeted one (no hook interrupts C's) elsewhere.
---@param string table the process's string library, whose four matching functions are set here
---@param deps table the sandbox's values these functions use
local string, deps = ...
local sys, as_c, call_c, call_c_at, raise_c = deps.sys, deps.as_c, deps.call_c, deps.call_c_at, deps.raise_c
local load_kernel_chunk, in_callback, raw_running = deps.load_kernel_chunk, deps.in_callback, deps.running
local reserve, BIG, c_find, c_match = deps.reserve, deps.BIG, deps.c_find, deps.c_match
local pack, unpack, type, math_type = table.pack, table.unpack, type, math.type

local gmatch_next, gsub_next, gsub_string = sys.str_gmatch_next, sys.str_gsub_next, sys.str_gsub_string

local c_gmatch, c_gsub = string.gmatch, string.gsub
local host_find, host_match = sys.str_find, sys.str_match

--- The longest subject Lua's own matcher may take for each pattern, anchored as written or not (the
--- host works it out once per pattern: see safeSubjectLengths in string-library.ts), -1 for a pattern that
--- could raise an error (it always takes the slow path, where errors are raised as Lua's); and its captures.
--- Longer subjects go to the budgeted matcher.
local max_anchored, max_free, captures_of, known, limits = {}, {}, {}, 0, sys.str_limits

local checks -- src/kernel/pattern-check.lua, on the first pattern

--- Works out (once per pattern) the subject lengths p is safe for.
local function learn(p)
  if known > 1000 then max_anchored, max_free, captures_of, known = {}, {}, {}, 0 end
  checks = checks or load_kernel_chunk('pattern-check')
  local ok, count = checks.well_formed(p)
  if ok then max_anchored[p], max_free[p] = limits(p) else max_anchored[p], max_free[p] = -1, -1 end
  captures_of[p] = count
  known = known + 1
end

--- string.find: Lua's matcher when the pattern is bounded on this subject, the budgeted one otherwise.
string.find = as_c(function(...)
  local s, p, init, plain = ...
  local max = max_anchored[p]
  if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
  if max and type(s) == 'string' and (#s <= max or plain) and (init == nil or math_type(init) == 'integer') then
    return c_find(s, p, init, plain)
  end
  local r = call_c('string.find', host_find, ...)
  return unpack(r, 2, r.n)
end)

--- string.match, chosen as string.find.
string.match = as_c(function(...)
  local s, p, init = ...
  local max = max_anchored[p]
  if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
  if max and type(s) == 'string' and #s <= max and (init == nil or math_type(init) == 'integer') then return c_match(s, p, init) end
  local r = call_c('string.match', host_match, ...)
  return unpack(r, 2, r.n)
end)

--- Whether Lua's own matcher is safe for p over s (gmatch ignores '^'; gsub honours it).
local function bounded(s, p, honour_anchor)
  if not max_anchored[p] then learn(p) end
  return #s <= (honour_anchor and max_anchored[p] or max_free[p])
end

local slow -- src/kernel/string-slow.lua: gmatch and gsub over the budgeted matcher

--- Loads the slow paths of gmatch and gsub on first use.
local function load_slow()
  return load_kernel_chunk('string-slow', {
    gmatch_next = gmatch_next, gsub_next = gsub_next, c_gmatch = c_gmatch, c_gsub = c_gsub, c_match = c_match,
    c_concat = table.concat, raise_c = raise_c, call_c_at = call_c_at, in_callback = in_callback, running = raw_running,
  })
end

--- string.gmatch: an iterator over the matches of p in s, from init.
string.gmatch = as_c(function(...)
  local s, p, init = ...
  if type(s) == 'string' and type(p) == 'string' and bounded(s, p, false) and (init == nil or math_type(init) == 'integer') then
    return c_gmatch(s, p, init)
  end
  slow = slow or load_slow()
  local r = slow.gmatch(...)
  return r
end)

--- string.gsub: replaces matches of p in s by repl (a string, a table or a function), at most n times. The very
--- string s comes back when nothing was replaced, as in Lua 5.4.
string.gsub = as_c(function(...)
  local s, p, repl, n = ...
  local tr = type(repl)
  if tr == 'string' or tr == 'number' then
    local max = max_anchored[p] -- bounded(s, p, true), written out: gsub is often in hot loops
    if not max and type(p) == 'string' then learn(p) max = max_anchored[p] end
    -- on fengari a result that may be big is built by the host, within the process's memory
    local small = not reserve or tr == 'number' or type(s) ~= 'string' or #repl * #s <= BIG
    local r, count
    if max and small and type(s) == 'string' and #s <= max and (n == nil or math_type(n) == 'integer')
      and (tr == 'number' or checks.good_replacement(repl, captures_of[p])) then
      r, count = c_gsub(s, p, repl, n)
    else
      local all = call_c('string.gsub', gsub_string, ...)
      r, count = all[2], all[3]
    end
    if count == 0 then return s, 0 end
    return r, count
  end
  slow = slow or load_slow()
  local r = pack(slow.gsub(...))
  return unpack(r, 1, r.n)
end)
