-- string.format's conversions that fengari's own sprintf gets wrong (a kernel chunk, loaded on fengari by the first
-- format that has one): %a/%A (subnormals, flags, a precision), integers with a precision or the ' ' and '#' flags,
-- a width for %c; written as glibc's printf writes them.
local c_format = ...
local byte, sub, rep, find, match, upper = string.byte, string.sub, string.rep, string.find, string.match, string.upper
local concat, tointeger, type, select, pcall, error = table.concat, math.tointeger, type, select, pcall, error

--- The hex digits of a double's 52-bit mantissa (13), its biased exponent and its sign, from its bytes.
---@param x number
local function parts(x)
  local b = { byte(string.pack('>d', x), 1, 8) }
  local hex = {}
  for i = 1, 8 do hex[i] = c_format('%02x', b[i]) end
  local all = concat(hex)
  return sub(all, 4), ((b[1] & 0x7f) << 4) | (b[2] >> 4), b[1] >= 128
end

local HEX = '0123456789abcdef'

--- Rounds hex digits to n of them, to nearest (a tie to even), as C's printf: the leading digit and the digits.
---@param lead integer
---@param digits string
---@param n integer
local function round(lead, digits, n)
  local kept, rest = sub(digits, 1, n), sub(digits, n + 1)
  local half = '8' .. rep('0', #rest - 1)
  local last = n > 0 and find(HEX, sub(kept, n, n), 1, true) - 1 or lead
  if rest == '' or rest < half or (rest == half and last % 2 == 0) then return lead, kept end
  for i = n, 1, -1 do
    local d = find(HEX, sub(kept, i, i), 1, true) -- the digit's value + 1
    if d < 16 then return lead, sub(kept, 1, i - 1) .. sub(HEX, d + 1, d + 1) .. rep('0', n - i) end
  end
  return lead + 1, rep('0', n)
end

--- %a of x as glibc writes it: 0x1.HHHp+E (subnormals 0x0.HHHp-1022), the precision rounding the digits.
---@param x number
---@param precision? integer
---@param alt boolean the '#' flag: a point even without digits
local function hex_float(x, precision, alt)
  local digits, exponent, negative = parts(x)
  local sign = negative and '-' or ''
  if exponent == 0x7ff then return sign, (digits == rep('0', 13) and 'inf' or 'nan') end
  local lead, e = 1, exponent - 1023
  if exponent == 0 then
    lead, e = 0, digits == rep('0', 13) and 0 or -1022
  end
  if precision then
    lead, digits = round(lead, digits, precision)
  else
    digits = match(digits, '^(.-)0*$')
  end
  local point = (digits ~= '' or alt) and '.' or ''
  return sign, ('0x%d%s%sp%s%d'):format(lead, point, digits, e < 0 and '-' or '+', e < 0 and -e or e)
end

--- Pads a converted value to the width: spaces before (or after, with '-'), or zeros after its sign and prefix.
local function pad(sign, prefix, body, flags, width)
  local size = #sign + #prefix + #body
  if not width or size >= width then return sign .. prefix .. body end
  if find(flags, '-', 1, true) then return sign .. prefix .. body .. rep(' ', width - size) end
  if find(flags, '0', 1, true) then return sign .. prefix .. rep('0', width - size) .. body end
  return rep(' ', width - size) .. sign .. prefix .. body
end

--- One conversion that fengari gets wrong, as C writes it; nil for one it gets right.
---@param flags string
---@param width? integer
---@param precision? integer
---@param conv string
local function convert(flags, width, precision, conv, v)
  if conv == 'c' then return pad('', '', c_format('%c', v), flags:gsub('0', ''), width) end
  if conv == 'a' or conv == 'A' then
    local sign, body = hex_float(v, precision, find(flags, '#', 1, true) ~= nil)
    if sign == '' then sign = find(flags, '+', 1, true) and '+' or find(flags, ' ', 1, true) and ' ' or '' end
    if conv == 'A' then body = upper(body) end
    local prefix = ''
    if body:sub(1, 2) == '0x' or body:sub(1, 2) == '0X' then prefix, body = body:sub(1, 2), body:sub(3) end
    if body == 'inf' or body == 'nan' or body == 'INF' or body == 'NAN' then flags = flags:gsub('0', '') end
    return pad(sign, prefix, body, flags, width)
  end
  -- d i o u x X with ' ', '#' or a precision: the digits from fengari, the rest here
  local digits = c_format('%' .. conv, v)
  local sign = ''
  if sub(digits, 1, 1) == '-' then sign, digits = '-', sub(digits, 2) end
  if precision then -- at least that many digits; none for a zero with precision 0, as C
    if precision == 0 and digits == '0' then digits = '' end
    if #digits < precision then digits = rep('0', precision - #digits) .. digits end
  end
  if sign == '' and (conv == 'd' or conv == 'i') then
    sign = find(flags, '+', 1, true) and '+' or find(flags, ' ', 1, true) and ' ' or ''
  end
  local prefix = ''
  if find(flags, '#', 1, true) then
    if (conv == 'x' or conv == 'X') and tointeger(v) ~= 0 then prefix = conv == 'x' and '0x' or '0X'
    elseif conv == 'o' and sub(digits, 1, 1) ~= '0' then digits = '0' .. digits end
  end
  if precision then flags = flags:gsub('0', '') end -- as C: a precision turns the '0' flag off
  return pad(sign, prefix, digits, flags, width)
end

--- string.format(fmt, ...) with the conversions fengari gets wrong written here, the others by fengari's.
---@param fmt string
return function(fmt, ...)
  local args, out, i, pos = table.pack(...), {}, 0, 1
  while true do
    local s, e, flags, width, precision, conv = find(fmt, '%%([-+ #0]*)(%d*)%.?(%d*)(.)', pos)
    if not s then break end
    out[#out + 1] = sub(fmt, pos, s - 1)
    pos = e + 1
    if conv == '%' then
      out[#out + 1] = c_format(sub(fmt, s, e))
    else
      i = i + 1
      local spec = sub(fmt, s, e)
      local hasPoint = find(spec, '.', 1, true) ~= nil
      local w, p = tonumber(width), hasPoint and (tonumber(precision) or 0) or nil
      local wrong = (conv == 'c' and w) or conv == 'a' or conv == 'A'
        or (find('diouxX', conv, 1, true) and (find(flags, ' ', 1, true) or find(flags, '#', 1, true) or p))
      local v = args[i]
      if wrong and (conv == 'c' or find('diouxX', conv, 1, true)) then
        wrong = tointeger(v) ~= nil -- anything else: fengari's own error
      elseif wrong then
        wrong = type(v) == 'number'
      end
      if wrong then
        out[#out + 1] = convert(flags, w, p, conv, v)
      else -- fengari's own, its argument errors numbered as in the whole call
        local ok, r = pcall(c_format, spec, select(i, ...))
        if not ok then error((r:gsub('^bad argument #2', 'bad argument #' .. (i + 1), 1)), 0) end
        out[#out + 1] = r
      end
    end
  end
  local ok, r = pcall(c_format, sub(fmt, pos)) -- text with no conversion left (a lone '%' is fengari's error)
  if not ok then error((r:gsub('^bad argument #2', 'bad argument #' .. (i + 2), 1)), 0) end
  out[#out + 1] = r
  return concat(out)
end
