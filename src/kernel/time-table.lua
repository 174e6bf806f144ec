-- os.time of a date table (a kernel chunk, loaded by a program's first os.time with a table). The sandbox's os.time
-- calls it protected and raises its errors again at the program's call, so their levels here only need to reach C.
--- Lua 5.4's os.time of a table, in thox's time zone, UTC. It is worked out here, not by the engine's mktime, which follows
--- the host's zone and differs between engines: each field an integer within a C int (Lua's messages), the
--- date normalised as mktime does, the normalised fields written back. The arithmetic is exact in 64-bit
--- integers (Lua 5.4); where integers are 32-bit (fengari) it is done in floats, and a result past them
--- stays a float.
---@param t? table
---@return integer
local function time_of_table(t)
  if type(t) ~= 'table' then error("bad argument #1 to 'time' (table expected, got " .. type(t) .. ')', 3) end
  local INT_MAX, INT_MIN = 2147483647, -2147483648
  local exact = math.maxinteger > INT_MAX and math.tointeger or function(x) return x + 0.0 end
  --- Lua's getfield: the field as an integer (numeric strings and integral floats too) minus delta, in a C int.
  ---@param key string
  ---@param default? integer
  ---@param delta integer
  local function field(key, default, delta)
    local v = t[key]
    local n = (type(v) == 'number' or type(v) == 'string') and tonumber(v)
    if not (n and n == n // 1 and n >= -2^63 and n < 2^63) then
      if v ~= nil then error("field '" .. key .. "' is not an integer", 4) end
      if default == nil then error("field '" .. key .. "' missing in date table", 4) end
      n = default
    elseif not (n >= 0 and n - delta <= INT_MAX or n < 0 and INT_MIN + delta <= n) then
      error("field '" .. key .. "' is out-of-bound", 4)
    end
    return exact(n) - delta
  end
  --- Days from 1970-01-01 to a proleptic Gregorian date (any month; floor division throughout).
  local function days_from_civil(y, m, d)
    y = y + (m - 1) // 12
    m = (m - 1) % 12 + 1
    if m <= 2 then y = y - 1 end
    local era, yoe = y // 400, y % 400
    local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
  end
  local year = field('year', nil, 1900) + 1900
  local month = field('month', nil, 1) + 1
  local day = field('day', nil, 0)
  local time = days_from_civil(year, month, day) * 86400
    + field('hour', 12, 0) * 3600 + field('min', 0, 0) * 60 + field('sec', 0, 0)
  -- the normalised date, as gmtime gives it
  local days, secs = time // 86400, time % 86400
  local z = days + 719468
  local era, doe = z // 146097, z % 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  month = mp < 10 and mp + 3 or mp - 9
  year = yoe + era * 400 + (month <= 2 and 1 or 0)
  if year - 1900 > INT_MAX or year - 1900 < INT_MIN then
    error('time result cannot be represented in this installation', 3)
  end
  local normal = {
    year = year, month = month, day = doy - (153 * mp + 2) // 5 + 1,
    hour = secs // 3600, min = secs % 3600 // 60, sec = secs % 60,
    yday = days - days_from_civil(year, 1, 1) + 1, wday = (days + 4) % 7 + 1,
  }
  local keys = { 'year', 'month', 'day', 'hour', 'min', 'sec', 'yday', 'wday' }
  for i = 1, #keys do t[keys[i]] = math.tointeger(normal[keys[i]]) or normal[keys[i]] end
  t.isdst = false
  -- mktime answers -1 for errors, so Lua refuses the one second it also stands for (1969-12-31 23:59:59)
  if time == -1 then error('time result cannot be represented in this installation', 3) end
  return math.tointeger(time) or time
end

return time_of_table
