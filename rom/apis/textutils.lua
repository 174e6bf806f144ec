-- textutils: text in and out of values (Lua-syntax serialisation, JSON both ways, URL encoding, time of day)
-- and text on the terminal (slow writing, paged printing, tables in columns, completion of Lua expressions).

local expect_module = dofile("rom/modules/main/cc/expect.lua")
local expect, field = expect_module.expect, expect_module.field

--- Raises an error on any change to a marker table (json_null, empty_json_array).
---@param name string
---@return table
local function marker(name)
  return setmetatable({}, {
    __newindex = function() error("attempt to mutate textutils." .. name, 2) end,
    __tostring = function() return name end,
  })
end

--- Stands for JSON's null: serialised as null, and given by unserialiseJSON for null with parse_null.
json_null = marker("json_null")
--- Stands for JSON's []: serialised as [], and given by unserialiseJSON for an empty array.
empty_json_array = marker("empty_json_array")

local KEYWORDS = {}
for word in ([[and break do else elseif end false for function goto if in local nil not or repeat return then
  true until while]]):gmatch("%a+") do KEYWORDS[word] = true end

--- Whether `k` can be written as a bare name (`k = v`, `t.k`).
---@param k any
---@return boolean
local function is_identifier(k)
  return type(k) == "string" and not KEYWORDS[k] and k:match("^[%a_][%w_]*$") ~= nil
end

--- A number as CC writes it: integers exactly, floats with 14 significant digits unless more are needed to
--- read back the same number, and nan/inf as expressions.
---@param n number
---@return string
local function number_text(n)
  if math.type(n) == "integer" then return tostring(n) end
  if n ~= n then return "0/0" end
  if n == math.huge then return "1/0" end
  if n == -math.huge then return "-1/0" end
  local short = ("%.14g"):format(n)
  if tonumber(short) == n then return short end
  return ("%.17g"):format(n)
end

---------------------------------------------------------------------------------------------------------------
-- Lua-syntax serialisation
---------------------------------------------------------------------------------------------------------------

--- Marks `t` as being written (or seen, when repetitions are refused), raising CC's errors on a second visit.
---@param t table
---@param seen table table → true while being written, false once written
local function enter(t, seen)
  if seen[t] then error("Cannot serialize table with recursive entries", 0) end
  if seen[t] == false then error("Cannot serialize table with repeated entries", 0) end
  seen[t] = true
end

--- Ends the visit of `t`: it may appear again only when repetitions are allowed.
local function leave(t, seen, opts)
  if opts.allow_repetitions then seen[t] = nil else seen[t] = false end
end

local serialise_value

--- The order of a table's other keys in serialise's text (so the same table always reads the same): numbers,
--- then strings, then the rest, each kind in its own order.
local KEY_RANK = { number = 1, string = 2, boolean = 3 }
local function key_before(a, b)
  local ra, rb = KEY_RANK[type(a)] or 4, KEY_RANK[type(b)] or 4
  if ra ~= rb then return ra < rb end
  if ra <= 2 then return a < b end
  if ra == 3 then return not a and b end
  return tostring(a) < tostring(b)
end

--- A table's text: its list part in order, then the other keys, one per line (or packed with compact).
local function serialise_table(t, seen, indent, opts)
  enter(t, seen)
  if next(t) == nil then
    leave(t, seen, opts)
    return "{}"
  end
  local inner = opts.compact and "" or indent .. "  "
  local nl, eq, comma = "\n", " = ", ",\n"
  local lk, rk = "[ ", " ]"
  if opts.compact then nl, eq, comma, lk, rk = "", "=", ",", "[", "]" end
  local out = { "{", nl }
  local n = rawlen(t)
  for i = 1, n do
    out[#out + 1] = inner .. serialise_value(rawget(t, i), seen, inner, opts) .. comma
  end
  local keys = {}
  for k in next, t do -- the table's own keys: a metatable's __pairs or __index is not asked
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, key_before)
  for _, k in ipairs(keys) do
    local key = is_identifier(k) and k or lk .. serialise_value(k, seen, inner, opts) .. rk
    out[#out + 1] = inner .. key .. eq .. serialise_value(t[k], seen, inner, opts) .. comma
  end
  out[#out + 1] = (opts.compact and "" or indent) .. "}"
  leave(t, seen, opts)
  return table.concat(out)
end

--- A string as a Lua literal: %q's, with a newline written as \n (the text stays on one line).
---@param v string
---@return string
local function quote(v)
  if not v:find('[%c"\\\128-\255]') then return '"' .. v .. '"' end -- the common case, without string.format
  local text = ("%q"):format(v)
  if v:find("\n", 1, true) then text = text:gsub("\\\n", "\\n") end
  return text
end

---@return string
function serialise_value(v, seen, indent, opts)
  local kind = type(v)
  if kind == "table" then return serialise_table(v, seen, indent, opts) end
  if kind == "string" then return quote(v) end
  if kind == "number" then return number_text(v) end
  if kind == "boolean" or kind == "nil" then return tostring(v) end
  error("Cannot serialize type " .. kind, 0)
end

--- The value as Lua source that unserialise reads back: tables, strings, numbers, booleans and nil.
---@param t any
---@param opts? { compact?: boolean, allow_repetitions?: boolean }
---@return string
function serialize(t, opts)
  expect(2, opts, "table", "nil")
  opts = opts or {}
  field(opts, "compact", "boolean", "nil")
  field(opts, "allow_repetitions", "boolean", "nil")
  return serialise_value(t, {}, "", opts)
end

--- The value written by serialise (or any Lua expression of constants), or nil when `s` is not one.
---@param s string
---@return any
function unserialize(s)
  expect(1, s, "string")
  local chunk = load("return " .. s, "unserialize", "t", {})
  if not chunk then return nil end
  local ok, value = pcall(chunk)
  if ok then return value end
  return nil
end

---------------------------------------------------------------------------------------------------------------
-- JSON out
---------------------------------------------------------------------------------------------------------------

local JSON_ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n",
  ["\r"] = "\\r", ["\t"] = "\\t" }

--- A code point as \uXXXX (a surrogate pair above U+FFFF).
---@param c integer
---@return string
local function u_escape(c)
  if c < 0x10000 then return ("\\u%04X"):format(c) end
  c = c - 0x10000
  return ("\\u%04X\\u%04X"):format(0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF))
end

--- A string in JSON: quotes, backslashes and control characters escaped; other bytes above 127 escaped as the
--- code point of that byte, or, with unicode_strings, the string read as UTF-8 and its code points escaped.
local function json_string(s, opts)
  local body
  if opts.unicode_strings and utf8.len(s) then
    local parts = {}
    for _, c in utf8.codes(s) do
      local ch = utf8.char(c)
      parts[#parts + 1] = JSON_ESCAPES[ch] or ((c < 0x20 or c >= 0x7F) and u_escape(c)) or ch
    end
    body = table.concat(parts)
  else
    body = s:gsub('[%c"\\\128-\255]', function(ch) return JSON_ESCAPES[ch] or u_escape(ch:byte()) end)
  end
  return '"' .. body .. '"'
end

local json_value

--- The length of `t` as a JSON array (its largest key; the holes are nulls), or nil when a key is no positive
--- whole number or `t` is empty.
local function list_length(t)
  local n = 0
  for k in next, t do
    if math.type(k) ~= "integer" or k < 1 then return nil end
    if k > n then n = k end
  end
  return n > 0 and n or nil
end

local function json_table(t, seen, opts)
  if t == json_null then return "null" end
  if t == empty_json_array then return "[]" end
  enter(t, seen)
  local out = {}
  local n = list_length(t)
  if n then
    for i = 1, n do out[i] = json_value(t[i], seen, opts) end
    leave(t, seen, opts)
    return "[" .. table.concat(out, ",") .. "]"
  end
  for k, v in next, t do
    local kind = type(k)
    if kind ~= "string" and kind ~= "number" then error("Cannot serialize key of type " .. kind, 0) end
    local key = kind == "number" and number_text(k) or k
    local name = opts.nbt_style and key:match("^[%w_]+$") and key or json_string(key, opts)
    out[#out + 1] = name .. ":" .. json_value(v, seen, opts)
  end
  leave(t, seen, opts)
  return "{" .. table.concat(out, ",") .. "}"
end

---@return string
function json_value(v, seen, opts)
  local kind = type(v)
  if kind == "table" then return json_table(v, seen, opts) end
  if kind == "string" then return json_string(v, opts) end
  if kind == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("Cannot serialize " .. tostring(v) .. " in JSON", 0) end
    return number_text(v)
  end
  if kind == "boolean" then return tostring(v) end
  if kind == "nil" then return "null" end
  error("Cannot serialize type " .. kind, 0)
end

--- The value as JSON (on one line). `options` is a table, or a boolean meaning nbt_style (the old form).
---@param t any
---@param options? boolean|{ nbt_style?: boolean, unicode_strings?: boolean, allow_repetitions?: boolean }
---@return string
function serializeJSON(t, options)
  expect(1, t, "table", "string", "number", "boolean")
  expect(2, options, "table", "boolean", "nil")
  local opts = type(options) == "table" and options or { nbt_style = options == true }
  field(opts, "nbt_style", "boolean", "nil")
  field(opts, "unicode_strings", "boolean", "nil")
  field(opts, "allow_repetitions", "boolean", "nil")
  return json_value(t, {}, opts)
end

---------------------------------------------------------------------------------------------------------------
-- JSON in
---------------------------------------------------------------------------------------------------------------

--- Raises a parse failure at byte `pos` of the text (caught by unserialiseJSON, which returns it).
local function fail(pos, what)
  error({ message = ("Malformed JSON at position %d: %s"):format(pos, what) }, 0)
end

local function skip_space(s, pos)
  return s:find("[^ \t\r\n]", pos) or #s + 1
end

local function describe(s, pos)
  if pos > #s then return "unexpected end of input" end
  return ("unexpected character %q"):format(s:sub(pos, pos))
end

local json_read

local STRING_ESCAPES = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }

--- Reads the string whose opening quote `q` is at `pos`: its text and the position after it.
local function read_string(s, pos, opts, q)
  local parts, i = {}, pos + 1
  while true do
    local j = s:find("[" .. q .. "\\%c]", i)
    if not j then fail(#s + 1, "unfinished string") end
    parts[#parts + 1] = s:sub(i, j - 1)
    local ch = s:sub(j, j)
    if ch == q then return table.concat(parts), j + 1 end
    if ch ~= "\\" then fail(j, "control character in string") end
    local e = s:sub(j + 1, j + 1)
    if e == "u" then
      local hex = s:match("^%x%x%x%x", j + 2)
      if not hex then fail(j, "bad \\u escape") end
      local c = tonumber(hex, 16)
      i = j + 6
      local low = c >= 0xD800 and c < 0xDC00 and s:match("^\\u(%x%x%x%x)", i)
      if low then
        c = 0x10000 + ((c - 0xD800) << 10) + (tonumber(low, 16) - 0xDC00)
        i = i + 6
      end
      parts[#parts + 1] = (c < 0x100 and not opts.unicode_strings) and string.char(c) or utf8.char(c)
    elseif STRING_ESCAPES[e] or (e == q) then
      parts[#parts + 1] = STRING_ESCAPES[e] or q
      i = j + 2
    else
      fail(j, "bad escape \\" .. e)
    end
  end
end

--- Reads a number at `pos` (with NBT's type suffixes when nbt_style): an integer when written as one and it
--- fits, otherwise a float.
local function read_number(s, pos, opts)
  local whole = s:match("^-?%d+", pos)
  if not whole then fail(pos, describe(s, pos)) end
  -- JSON writes no leading zero: "0" alone, or a digit 1-9 first
  if whole:match("^-?0%d") then fail(pos + #whole:match("^-?0"), describe(s, pos + #whole:match("^-?0"))) end
  local after = pos + #whole
  local fraction = s:match("^%.%d+", after) or ""
  after = after + #fraction
  local exponent = s:match("^[eE][-+]?%d+", after) or ""
  after = after + #exponent
  local text = whole .. fraction .. exponent
  local n = tonumber(text)
  if fraction ~= "" or exponent ~= "" then n = n + 0.0 end
  if opts.nbt_style and s:sub(after, after):match("[bBsSlLfFdD]") then after = after + 1 end
  return n, after
end

--- Reads the elements of a list whose "[" is at `pos`.
local function read_array(s, pos, opts)
  local i = skip_space(s, pos + 1)
  if opts.nbt_style and s:match("^[BIL];", i) then i = skip_space(s, i + 2) end
  if s:sub(i, i) == "]" then
    return opts.parse_empty_array == false and {} or empty_json_array, i + 1
  end
  local list, n = {}, 0
  while true do
    n = n + 1
    list[n], i = json_read(s, i, opts)
    i = skip_space(s, i)
    local ch = s:sub(i, i)
    if ch == "]" then return list, i + 1 end
    if ch ~= "," then fail(i, describe(s, i) .. ", expected ',' or ']'") end
    i = skip_space(s, i + 1)
  end
end

--- Reads the members of an object whose "{" is at `pos`.
local function read_object(s, pos, opts)
  local i = skip_space(s, pos + 1)
  local object = {}
  if s:sub(i, i) == "}" then return object, i + 1 end
  while true do
    local key
    local ch = s:sub(i, i)
    if ch == '"' or (opts.nbt_style and ch == "'") then
      key, i = read_string(s, i, opts, ch)
    elseif opts.nbt_style and s:match("^[%w_%-%.%+]", i) then
      key = s:match("^[%w_%-%.%+]+", i)
      i = i + #key
    else
      fail(i, describe(s, i) .. ", expected a key")
    end
    i = skip_space(s, i)
    if s:sub(i, i) ~= ":" then fail(i, describe(s, i) .. ", expected ':'") end
    object[key], i = json_read(s, skip_space(s, i + 1), opts)
    i = skip_space(s, i)
    ch = s:sub(i, i)
    if ch == "}" then return object, i + 1 end
    if ch ~= "," then fail(i, describe(s, i) .. ", expected ',' or '}'") end
    i = skip_space(s, i + 1)
  end
end

--- Reads the value at `pos` (after any space): the value and the position after it.
function json_read(s, pos, opts)
  local i = skip_space(s, pos)
  local ch = s:sub(i, i)
  if ch == "{" then return read_object(s, i, opts) end
  if ch == "[" then return read_array(s, i, opts) end
  if ch == '"' or (opts.nbt_style and ch == "'") then return read_string(s, i, opts, ch) end
  if ch:match("[-%d]") then return read_number(s, i, opts) end
  if s:sub(i, i + 3) == "true" then return true, i + 4 end
  if s:sub(i, i + 4) == "false" then return false, i + 5 end
  if s:sub(i, i + 3) == "null" then
    if opts.parse_null then return json_null, i + 4 end
    return nil, i + 4
  end
  fail(i, describe(s, i))
end

--- The value a JSON text stands for, or nil and why it is not JSON. Objects become tables with string keys,
--- arrays lists; null is nil (json_null with parse_null), [] is empty_json_array (a new {} with
--- parse_empty_array = false).
---@param s string
---@param options? { nbt_style?: boolean, parse_null?: boolean, parse_empty_array?: boolean, unicode_strings?: boolean }
---@return any value
---@return string|nil why
function unserializeJSON(s, options)
  expect(1, s, "string")
  expect(2, options, "table", "nil")
  local opts = options or {}
  field(opts, "nbt_style", "boolean", "nil")
  field(opts, "parse_null", "boolean", "nil")
  field(opts, "parse_empty_array", "boolean", "nil")
  field(opts, "unicode_strings", "boolean", "nil")
  local ok, value, after = pcall(json_read, s, 1, opts)
  if not ok then
    if type(value) == "table" then return nil, value.message end
    error(value, 0)
  end
  after = skip_space(s, after)
  if after <= #s then return nil, ("Malformed JSON at position %d: %s, expected end of input"):format(after, describe(s, after)) end
  return value
end

---------------------------------------------------------------------------------------------------------------
-- Text utilities
---------------------------------------------------------------------------------------------------------------

--- The string percent-encoded for a URL query: letters, digits and "-_." stay, spaces become "+", newlines
--- "\r\n"; a byte above 127 is taken as a code point and written as its UTF-8 bytes.
---@param str string
---@return string
function urlEncode(str)
  expect(1, str, "string")
  local text = str:gsub("\n", "\r\n"):gsub("[^%w %-_%.]", function(ch)
    local c = ch:byte()
    local bytes = c < 128 and ch or utf8.char(c)
    return (bytes:gsub(".", function(b) return ("%%%02X"):format(b:byte()) end))
  end)
  return (text:gsub(" ", "+"))
end

--- A time of day in hours (as os.time() gives) as "H:MM AM/PM", or "H:MM" with twentyFourHour.
---@param time number
---@param twentyFourHour? boolean
---@return string
function formatTime(time, twentyFourHour)
  expect(1, time, "number")
  expect(2, twentyFourHour, "boolean", "nil")
  local hour = math.floor(time)
  local minute = math.floor((time - hour) * 60)
  if twentyFourHour then return ("%d:%02d"):format(hour, minute) end
  local half = time >= 12 and "PM" or "AM"
  hour = hour % 12
  return ("%d:%02d %s"):format(hour == 0 and 12 or hour, minute, half)
end

--- Writes `text` a character at a time, `rate` characters a second (default 20): wrapped to the terminal's width
--- first (cc.strings.wrap), each character and each line break after a pause.
---@param text any
---@param rate? number
function slowWrite(text, rate)
  expect(2, rate, "number", "nil")
  rate = rate or 20
  if rate < 0 then error("Rate must be positive", 2) end
  local delay = 1 / rate
  local lines = require("cc.strings").wrap(tostring(text), (term.getSize()))
  for i, line in ipairs(lines) do
    if i > 1 then
      sleep(delay)
      print()
    end
    for n = 1, #line do
      sleep(delay)
      write(line:sub(n, n))
    end
  end
end

--- slowWrite followed by a new line.
---@param text any
---@param rate? number
function slowPrint(text, rate)
  slowWrite(text, rate)
  print()
end

--- A redirect target over the current terminal that pauses with "Press any key to continue" before a scroll
--- would push unread lines off the screen: `free_lines` scrolls are free before the first pause, then a
--- screenful (its height less the prompt's row) between pauses.
local function paging_terminal(free_lines)
  local target = term.current()
  local _, height = target.getSize()
  local budget = free_lines or 0
  local paged = setmetatable({}, { __index = target })
  function paged.scroll(n)
    for _ = 1, n do
      target.scroll(1)
      if budget <= 0 then
        local x, y = target.getCursorPos()
        local fg, bg = target.getTextColour(), target.getBackgroundColour()
        target.setTextColour(colors.white)
        target.setBackgroundColour(colors.black)
        target.setCursorPos(1, height)
        target.write("Press any key to continue")
        os.pullEvent("key")
        target.clearLine()
        target.setTextColour(fg)
        target.setBackgroundColour(bg)
        target.setCursorPos(x, y)
        budget = height - 1
      end
      budget = budget - 1
    end
  end
  return paged
end

--- Runs fn(...) with output paged, restoring the terminal even when it fails.
local function paged(free_lines, fn, ...)
  local previous = term.redirect(paging_terminal(free_lines))
  local result = table.pack(pcall(fn, ...))
  term.redirect(previous)
  if not result[1] then error(result[2], 0) end
  return table.unpack(result, 2, result.n)
end

--- print, pausing for a key press whenever a screenful has gone by; the number of lines printed.
---@param text any
---@param free_lines? integer scrolls before the first pause (the cursor's row - 2 fills the screen first)
---@return integer
function pagedPrint(text, free_lines)
  expect(2, free_lines, "number", "nil")
  return paged(free_lines, print, text)
end

--- Checks tabulate's arguments: numbers and lists of strings (or numbers); the error blames tabulate's caller.
local function check_rows(...)
  for i = 1, select("#", ...) do
    local arg = select(i, ...)
    if type(arg) ~= "number" and type(arg) ~= "table" then
      error(("bad argument #%d (number or table expected, got %s)"):format(i, type(arg)), 3)
    end
    if type(arg) == "table" then
      for j, item in ipairs(arg) do
        if type(item) ~= "string" and type(item) ~= "number" then
          error(("bad argument #%d.%d (string expected, got %s)"):format(i, j, type(item)), 3)
        end
      end
    end
  end
end

--- Lays out lists of strings in columns of one width; a number sets the text colour of what follows.
local function tabulate_to(...)
  local width = term.getSize()
  local widest = 0
  for i = 1, select("#", ...) do
    local arg = select(i, ...)
    if type(arg) == "table" then
      for _, item in ipairs(arg) do widest = math.max(widest, #tostring(item) + 1) end
    end
  end
  local columns = math.max(1, math.floor(width / math.max(widest, 1)))
  for i = 1, select("#", ...) do
    local arg = select(i, ...)
    if type(arg) == "number" then
      if term.isColour() then term.setTextColour(arg) end
    else
      local row = {}
      for j, item in ipairs(arg) do
        local cell = tostring(item)
        local last = j % columns == 0 or j == #arg
        row[#row + 1] = last and cell or cell .. (" "):rep(widest - #cell)
        if last then
          print(table.concat(row))
          row = {}
        end
      end
    end
  end
end

--- Prints lists of strings in columns as wide as the widest item; numbers among the arguments set the colour.
---@param ... table|number
function tabulate(...)
  check_rows(...)
  tabulate_to(...)
end

--- tabulate, pausing for a key press whenever a screenful has gone by.
---@param ... table|number
function pagedTabulate(...)
  check_rows(...)
  paged(0, tabulate_to, ...)
end

--- The possible endings of a Lua expression `text` naming a variable or field of `env` (default _G):
--- functions end in "(", non-empty tables in "." (or ":" after a method name is asked for).
---@param text string
---@param env? table
---@return string[]
function complete(text, env)
  expect(1, text, "string")
  expect(2, env, "table", "nil")
  local tbl = env or _G
  local start = 1
  local dot = text:find(".", start, true)
  while dot do
    local value = tbl[text:sub(start, dot - 1)]
    if type(value) ~= "table" then return {} end
    tbl, start = value, dot + 1
    dot = text:find(".", start, true)
  end
  local colon = text:find(":", start, true)
  local method = colon ~= nil
  if method then
    local value = tbl[text:sub(start, colon - 1)]
    if type(value) ~= "table" then return {} end
    tbl, start = value, colon + 1
  end
  local part = text:sub(start)
  local results, seen = {}, {}
  local function offer(k, v)
    if seen[k] or not is_identifier(k) or k:sub(1, #part) ~= part then return end
    seen[k] = true
    local rest = k:sub(#part + 1)
    if type(v) == "function" then
      results[#results + 1] = rest .. "("
    elseif method then
      local mt = getmetatable(v)
      if type(v) == "table" and mt and mt.__call then results[#results + 1] = rest .. "(" end
    elseif type(v) == "table" and next(v) ~= nil then
      results[#results + 1] = rest .. "."
    elseif rest ~= "" then
      results[#results + 1] = rest
    end
  end
  if not method and start == 1 then
    for word in pairs(KEYWORDS) do
      if word:sub(1, #part) == part and #word > #part then
        seen[word] = true
        results[#results + 1] = word:sub(#part + 1)
      end
    end
  end
  while type(tbl) == "table" do
    for k, v in pairs(tbl) do offer(k, v) end
    local mt = getmetatable(tbl)
    tbl = mt and type(mt.__index) == "table" and mt.__index or nil
  end
  table.sort(results)
  return results
end

serialise = serialize
unserialise = unserialize
serialiseJSON = serializeJSON
unserialiseJSON = unserializeJSON
