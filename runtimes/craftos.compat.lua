-- The craftos runtime's Lua as CC's: numbers printed as doubles, the compat runtime's old functions (loadstring,
-- setfenv, table.getn...), and gsub/format/sort where callbacks may pull events (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, type, select, error, pcall, tostring = bios.G, bios.type, bios.select, bios.error, bios.pcall, bios.tostring
local tonumber, rawget, load, unpack, concat, floor = bios.tonumber, bios.rawget, bios.load, bios.unpack, bios.concat, bios.floor
local huge, mtype, s_format, s_gsub, s_match, s_sub = bios.huge, bios.mtype, bios.s_format, bios.s_gsub, bios.s_match, bios.s_sub
local s_find, s_gmatch, try = bios.s_find, bios.s_gmatch, bios.try

--------------------------------------------------------------------------------
-- Numbers print as CC prints them (doubles, `%.14g`): print(10/2) shows 5
--------------------------------------------------------------------------------

--- A number as CC's tostring writes it.
---@param n number
---@return string
local function number_text(n)
  if mtype(n) == 'integer' then return s_format('%d', n) end
  if n ~= n then return 'nan' end
  if n == huge then return 'inf' end
  if n == -huge then return '-inf' end
  local a = n < 0 and -n or n
  if a ~= 0 and (a >= 1e14 or a < 1e-4) then
    -- '%.14g' in exponent form, built from '%e' (fengari's '%g' never switches to it)
    local mantissa, exponent = s_match(s_format('%.13e', n), '^(.-)e([-+]%d+)$')
    mantissa = s_gsub(s_gsub(mantissa, '0+$', ''), '%.$', '')
    return s_format('%se%s%02d', mantissa, s_sub(exponent, 1, 1), math.abs(tonumber(exponent)))
  end
  return s_format('%.14g', n)
end

if debug and debug.setmetatable then debug.setmetatable(0, { __tostring = number_text }) end

--------------------------------------------------------------------------------
-- Lua-level compatibility: the compat runtime's functions (loadstring, unpack, setfenv, table.getn, bit32...)
--------------------------------------------------------------------------------

do
  local ok, source = try('store.get', 'runtimes', 'compat')
  if ok and type(source) == 'string' then
    local chunk = load(source, '=runtime:compat', 't', G)
    if chunk then chunk() end
  end
end

--------------------------------------------------------------------------------
-- Yielding where CC's VM can and Lua's C functions cannot: gsub callbacks and sort comparators run in Lua here
--------------------------------------------------------------------------------

local raw_gsub, raw_sort, pack = string.gsub, table.sort, table.pack

--- The text a replacement function's value gives (nil and false keep the match, as Lua's gsub).
local function replacement(value, match)
  if value == nil or value == false then return match end
  local t = type(value)
  if t == 'string' then return value end
  if t == 'number' then return number_text(value) end
  error('invalid replacement value (a ' .. t .. ')', 3)
end

--- string.gsub: Lua's, except that with a function replacement the matching loop is Lua code (Lua 5.4's rules for
--- empty matches), so the function may pull events.
---@return string, integer
function string.gsub(s, pattern, repl, limit)
  if type(repl) ~= 'function' then return raw_gsub(s, pattern, repl, limit) end
  s, pattern = tostring(s), tostring(pattern)
  local anchored = s_sub(pattern, 1, 1) == '^'
  local out, count, pos, last = {}, 0, 1, nil
  while limit == nil or count < limit do
    local found = pack(s_find(s, pattern, pos))
    local first, stop = found[1], found[2]
    if first == nil or (anchored and first ~= pos) then break end
    if stop + 1 == last and stop < first then -- an empty match right after the previous match: step over a byte
      out[#out + 1] = s_sub(s, pos, first)
      pos = first + 1
    else
      local match = s_sub(s, first, stop)
      local value
      if found.n > 2 then value = repl(unpack(found, 3, found.n)) else value = repl(match) end
      out[#out + 1] = s_sub(s, pos, first - 1)
      out[#out + 1] = replacement(value, match)
      count = count + 1
      last = stop + 1
      if stop >= first then
        pos = stop + 1
      else -- an empty match: keep the byte after it
        out[#out + 1] = s_sub(s, first, first)
        pos = first + 1
      end
    end
    if anchored or pos > #s + 1 then break end
  end
  out[#out + 1] = s_sub(s, pos)
  return concat(out), count
end

local raw_format = string.format
local INTEGER_CONVERSION = { d = true, i = true, c = true, o = true, x = true, X = true }

--- Whether any of the values is a float with a fraction (what Lua 5.4's %d refuses and CC's Lua cuts).
---@return boolean
local function any_fraction(...)
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    if mtype(v) == 'float' and v % 1 ~= 0 and v == v and v ~= huge and v ~= -huge then return true end
  end
  return false
end

--- string.format: Lua's, except that an integer conversion (%d, %x, ...) cuts a number's fraction as CC's Lua does
--- (`("%d"):format(7 / 2)` is "3") instead of raising "number has no integer representation".
---@param format string
---@return string
function string.format(format, ...)
  if type(format) ~= 'string' or not any_fraction(...) then
    local ok, text = pcall(raw_format, format, ...)
    if ok then return text end
    -- Lua's own error, as the program's call of string.format would have raised it: named as the call names it,
    -- a method's self not counted, at the caller's line
    local info = debug.getinfo(1, 'n')
    local n, why = s_match(text, "^bad argument #(%d+) to '[^']*' (.*)$")
    if not n then error(text, 2) end
    n = tonumber(n) - (info and info.namewhat == 'method' and 1 or 0)
    error(s_format("bad argument #%d to '%s' %s", n, info and info.name or 'string.format', why), 2)
  end
  local args = pack(...)
  local i = 0
  for conversion in s_gmatch(format, '%%[-+ #0]*%d*%.?%d*(.)') do
    if conversion ~= '%' then
      i = i + 1
      local v = args[i]
      if INTEGER_CONVERSION[conversion] and mtype(v) == 'float' and v % 1 ~= 0 then
        args[i] = v < 0 and math.ceil(v) or floor(v)
      end
    end
  end
  return raw_format(format, unpack(args, 1, args.n))
end

--- table.sort: Lua's, except that with a comparator (or tables to compare) it is a merge sort in Lua, so the
--- comparator (or their __lt) may pull events.
---@param t table
---@param less? function
function table.sort(t, less)
  -- tables compare by their __lt, which may pull events too
  if less == nil and type(t) == 'table' and type(rawget(t, 1)) == 'table' then less = function(a, b) return a < b end end
  if type(less) ~= 'function' then return raw_sort(t, less) end
  local n = #t
  local a, b = {}, {}
  for i = 1, n do a[i] = t[i] end
  local width = 1
  while width < n do
    for lo = 1, n, 2 * width do
      local mid, hi = math.min(lo + width, n + 1), math.min(lo + 2 * width, n + 1)
      local i, j, k = lo, mid, lo
      while i < mid and j < hi do
        if less(a[j], a[i]) then
          b[k], j = a[j], j + 1
        else
          b[k], i = a[i], i + 1
        end
        k = k + 1
      end
      while i < mid do b[k], i, k = a[i], i + 1, k + 1 end
      while j < hi do b[k], j, k = a[j], j + 1, k + 1 end
    end
    a, b = b, a
    width = width * 2
  end
  for i = 1, n do t[i] = a[i] end
end

bios.number_text = number_text
