-- The craftos runtime ("bios"): builds CC: Tweaked's globals and APIs in the process over the native API (docs/craftos.md).
-- It keeps the natives in locals, replaces os/io/print/... with CraftOS's, loads rom/apis, and returns the runner.

local G = _ENV
local native = os
local n_call, n_pull, n_queue, n_exit, n_getenv, n_watchdog =
  native.call, native.pull, native.queue, native.exit, native.getenv, native.watchdog
local n_date = native.date
local type, select, error, pcall, tostring, tonumber, setmetatable, getmetatable, rawget, rawequal, next, pairs, ipairs, load =
  type, select, error, pcall, tostring, tonumber, setmetatable, getmetatable, rawget, rawequal, next, pairs, ipairs, load
local unpack, concat, floor, huge, mtype = table.unpack, table.concat, math.floor, math.huge, math.type
local s_format, s_gsub, s_match, s_sub, s_find, s_rep, s_gmatch =
  string.format, string.gsub, string.match, string.sub, string.find, string.rep, string.gmatch
local co_create, co_resume, co_status, co_yield, co_running =
  coroutine.create, coroutine.resume, coroutine.status, coroutine.yield, coroutine.running

--------------------------------------------------------------------------------
-- Calls on context 0, and CC's argument errors
--------------------------------------------------------------------------------

local OK, BAD_ARGUMENT = native.status.OK, native.status.BAD_ARGUMENT

--- The answer's message in CC's words: `bad argument #1 to 'term.write' (...)` loses its `to '...'`.
---@param message any
---@return string
local function cc_message(message)
  return (s_gsub(tostring(message), "^bad argument #(%d+) to '[^']*' ", 'bad argument #%1 '))
end

--- Calls NAME on context 0: its values, or its error raised at `level` as `error` counts from here (2 blames the
--- caller of a function that tail-calls invoke, 3 that of one that calls it otherwise).
---@param level integer
---@param name string
---@return any ...
local function invoke(level, name, ...)
  local answer = n_pull({ type = 'answer', cid = n_call(0, name, ...) })
  local args = answer.args
  if answer.status == OK then return unpack(args, 1, args.n) end
  error(cc_message(args[1] or 'failed'), level)
end

--- Calls NAME on context 0: true and its values, or false and its message (CC's words).
---@param name string
---@return boolean, any ...
local function try(name, ...)
  local answer = n_pull({ type = 'answer', cid = n_call(0, name, ...) })
  local args = answer.args
  if answer.status == OK then return true, unpack(args, 1, args.n) end
  return false, cc_message(args[1] or 'failed'), answer.status
end

--- What an argument error names: `nan`, `inf`, `-inf` for such numbers, the metatable's `__name`, else the type.
---@param value any
---@return string
local function got(value)
  if type(value) == 'number' then
    if value ~= value then return 'nan' end
    if value == huge then return 'inf' end
    if value == -huge then return '-inf' end
  end
  local mt = getmetatable(value)
  if type(mt) == 'table' and type(rawget(mt, '__name')) == 'string' then return rawget(mt, '__name') end
  return type(value)
end

--- CC's argument check of its native (Java) functions: `bad argument #N (T expected, got X)` raised at `level`.
---@param level integer
---@param n integer
---@param value any
---@param what string the expected type ('number', 'string', 'table', ...)
---@param optional? boolean
---@return any
local function arg_at(level, n, value, what, optional)
  if type(value) == what then
    if what ~= 'number' or (value == value and value ~= huge and value ~= -huge) then return value end
  elseif optional and value == nil then
    return nil
  end
  error(s_format('bad argument #%d (%s expected, got %s)', n, what, got(value)), level)
end

--- The argument check of a function called by its caller: the error blames the caller's caller.
---@param n integer
---@param value any
---@param what string
---@param optional? boolean
---@return any
local function arg(n, value, what, optional) return arg_at(3, n, value, what, optional) end

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

--------------------------------------------------------------------------------
-- The terminal: the native one over context 0, and CC's redirectable `term`
--------------------------------------------------------------------------------

local TERM_CALLS = {
  'write', 'blit', 'clear', 'clearLine', 'getCursorPos', 'setCursorPos', 'getCursorBlink', 'setCursorBlink',
  'getSize', 'scroll', 'setTextColour', 'getTextColour', 'setBackgroundColour', 'getBackgroundColour',
  'isColour', 'setPaletteColour', 'getPaletteColour', 'nativePaletteColour',
}

--- The computer's own terminal object (`term.native()`): each method one call on context 0.
local native_term = {}
for _, name in ipairs(TERM_CALLS) do
  local call = 'term.' .. name
  native_term[name] = function(...) return invoke(2, call, ...) end
end
function native_term.write(text)
  if type(text) == 'number' then text = number_text(text) end
  return invoke(2, 'term.write', text)
end
for _, name in ipairs(TERM_CALLS) do
  local us = s_gsub(name, 'Colour', 'Color')
  native_term[us] = native_term[name]
end
native_term.isColor, native_term.isColour = native_term.isColour, native_term.isColour

local redirect_target = native_term
local term = {}
for name in pairs(native_term) do
  term[name] = function(...) return redirect_target[name](...) end
end
-- the default palette is the computer's, not a method of redirect targets (windows have none)
term.nativePaletteColour, term.nativePaletteColor = native_term.nativePaletteColour, native_term.nativePaletteColour

--- Makes `target` (a terminal object) the target of `term.*`; returns the previous one.
---@param target table
---@return table
function term.redirect(target)
  arg(1, target, 'table')
  if rawequal(target, term) then error('term is not a recommended redirect target, try term.current() instead', 2) end
  for name in pairs(native_term) do
    if type(target[name]) ~= 'function' and not s_find(name, '^nativePalette') then
      error('Redirect object is missing method ' .. name .. '.', 2)
    end
  end
  local previous = redirect_target
  redirect_target = target
  return previous
end

--- The current redirect target.
---@return table
function term.current() return redirect_target end

--- The computer's own terminal object.
---@return table
function term.native() return native_term end

G.term = term

--------------------------------------------------------------------------------
-- write, print, printError, read
--------------------------------------------------------------------------------

--- CC's write: wraps words at the terminal's width, scrolls at its bottom; the number of lines it moved down.
---@param text any
---@return integer
local function write(text)
  if type(text) == 'number' then text = number_text(text) end
  if type(text) ~= 'string' then error(s_format('bad argument #1 (string or number expected, got %s)', got(text)), 2) end
  local width, height = term.getSize()
  local x, y = term.getCursorPos()
  local lines = 0
  local function newline()
    if y + 1 <= height then
      term.setCursorPos(1, y + 1)
    else
      term.setCursorPos(1, height)
      term.scroll(1)
    end
    x, y = term.getCursorPos()
    lines = lines + 1
  end
  local pos = 1
  while pos <= #text do
    local space = s_match(text, '^[ \t]+', pos)
    if space then
      space = s_gsub(space, '\t', ' ') -- a tab shows as one space
      term.write(space)
      x = x + #space
      pos = pos + #space
    elseif s_sub(text, pos, pos) == '\n' then
      newline()
      pos = pos + 1
    else
      local word = s_match(text, '^[^ \t\n]+', pos)
      pos = pos + #word
      if x + #word - 1 > width then newline() end
      while #word > width do -- a word longer than the line is cut
        term.write(s_sub(word, 1, width))
        word = s_sub(word, width + 1)
        newline()
      end
      term.write(word)
      x = x + #word
    end
  end
  return lines
end

--- CC's print: the values (tostring'd) joined by tabs, and a newline; the number of lines printed.
---@return integer
local function print(...)
  local n = select('#', ...)
  local parts = { ... }
  for i = 1, n do parts[i] = tostring(parts[i]) end
  return write(concat(parts, '\t', 1, n) .. '\n')
end

--- CC's printError: print in red on a colour terminal.
local function printError(...)
  local colour = term.isColour()
  local previous
  if colour then
    previous = term.getTextColour()
    term.setTextColour(0x4000) -- colours.red
  end
  local lines = print(...)
  if colour then term.setTextColour(previous) end
  return lines
end

G.write, G.print, G.printError = write, print, printError

local KEY = {}
do
  local ok, codes = try('input.keys')
  if ok then KEY = codes end
end

--- CC's read: a line typed at the cursor (enter ends it), shown with `replace` for each character if given; up and
--- down walk `history`; `complete(text)` offers completions while the cursor is at the line's end: the chosen one is
--- drawn in grey after the cursor, up and down cycle them (in place of the history), tab accepts it; `default` is
--- the initial text.
---@param replace? string
---@param history? table
---@param complete? function
---@param default? string
---@return string
local function read(replace, history, complete, default)
  arg(1, replace, 'string', true)
  arg(2, history, 'table', true)
  arg(3, complete, 'function', true)
  arg(4, default, 'string', true)
  if replace then replace = s_sub(replace, 1, 1) end
  local line = default or ''
  local pos = #line
  local start_x, start_y = term.getCursorPos()
  local shown = 0
  local item = history and #history + 1
  local options, chosen -- the completions of the line, and the one shown
  local function find_completions()
    options, chosen = nil, nil
    if complete and pos == #line then
      options = complete(line)
      if type(options) == 'table' and options[1] then chosen = 1 else options = nil end
    end
  end
  local function redraw(hint)
    local width = term.getSize()
    local scroll = pos + start_x > width and pos + start_x - width or 0
    term.setCursorPos(start_x, start_y)
    local text = s_sub(line, scroll + 1)
    if replace then text = s_rep(replace, #text) end
    term.write(text)
    local suffix = hint and chosen and options[chosen] or ''
    if suffix ~= '' then
      local colour = term.getTextColour()
      term.setTextColour(0x80) -- colours.grey
      term.write(suffix)
      term.setTextColour(colour)
    end
    term.write(s_rep(' ', math.max(0, shown - #text - #suffix)))
    shown = #text + #suffix
    term.setCursorPos(start_x + pos - scroll, start_y)
  end
  term.setCursorBlink(true)
  find_completions()
  redraw(true)
  while true do
    local event, p1 = G.os.pullEvent() -- CC's read asks whatever os.pullEvent is now
    local changed = false -- the line or the cursor moved: the completions are found again
    if event == 'char' or event == 'paste' then
      line = s_sub(line, 1, pos) .. p1 .. s_sub(line, pos + 1)
      pos = pos + #p1
      changed = true
    elseif event == 'key' then
      if p1 == KEY.enter or p1 == KEY.numPadEnter then
        break
      elseif p1 == KEY.backspace and pos > 0 then
        line = s_sub(line, 1, pos - 1) .. s_sub(line, pos + 1)
        pos = pos - 1
        changed = true
      elseif p1 == KEY.delete then
        line = s_sub(line, 1, pos) .. s_sub(line, pos + 2)
        changed = true
      elseif p1 == KEY.left and pos > 0 then
        pos = pos - 1
        changed = true
      elseif p1 == KEY.right and pos < #line then
        pos = pos + 1
        changed = true
      elseif p1 == KEY.home then
        pos = 0
        changed = true
      elseif p1 == KEY['end'] then
        pos = #line
        changed = true
      elseif (p1 == KEY.up or p1 == KEY.down) and options then
        chosen = (chosen + (p1 == KEY.up and -2 or 0)) % #options + 1
      elseif (p1 == KEY.up or p1 == KEY.down) and history and #history > 0 then
        item = math.min(math.max(item + (p1 == KEY.up and -1 or 1), 1), #history + 1)
        line = history[item] or ''
        pos = #line
        changed = true
      elseif p1 == KEY.tab and options then
        line = line .. options[chosen]
        pos = #line
        changed = true
      end
    elseif event == 'term_resize' then
      shown = 0
    end
    if changed then find_completions() end
    redraw(true)
  end
  redraw(false) -- the line as typed, without the hint
  term.setCursorBlink(false)
  local _, y = term.getCursorPos()
  local _, height = term.getSize()
  if y >= height then
    term.scroll(1)
    term.setCursorPos(1, height)
  else
    term.setCursorPos(1, y + 1)
  end
  return line
end

G.read = read

--------------------------------------------------------------------------------
-- os
--------------------------------------------------------------------------------

local os = {}
G.os = os

--- The plain values an event carries as they are (nil aside); functions, coroutines and userdata it cannot carry.
local PLAIN = { boolean = true, number = true, string = true }
--- Levels of tables an event argument may nest: the kernel copies an event no deeper (docs/native-api.md, Limits).
local EVENT_DEPTH = 200

--- A deep copy of event argument `i` (a table `depth` levels down): tables copied with their sharing and cycles;
--- entries holding what an event cannot carry (functions, coroutines, userdata) left out, as CC leaves them out.
--- Past EVENT_DEPTH levels, an error at queueEvent's caller.
---@param value any
---@param seen table
---@param depth integer
---@param i integer
---@return any
local function copy(value, seen, depth, i)
  if type(value) ~= 'table' then
    if PLAIN[type(value)] then return value end
    return nil
  end
  if seen[value] then return seen[value] end
  if depth > EVENT_DEPTH then
    error(s_format("bad argument #%d to 'queueEvent' (table nested too deeply to copy)", i + 1), depth + 2)
  end
  local t = {}
  seen[value] = t
  for k, v in next, value do
    k = copy(k, seen, depth + 1, i)
    if k ~= nil then t[k] = copy(v, seen, depth + 1, i) end
  end
  return t
end

--- Queues an event (name and arguments, each table argument deep-copied on its own) for this computer. The
--- arguments go into the event as they are; tables among them are replaced by copies, and what an event cannot
--- carry by nil (CC passes a function as nil); a nil among them sets `n`, which keeps the holes.
---@param name string
function os.queueEvent(name, ...)
  if type(name) ~= 'string' then arg(1, name, 'string') end
  local event = { type = name, ... }
  local n = select('#', ...)
  for i = 1, n do
    local kind = type(event[i])
    if kind == 'table' then
      event[i] = copy(event[i], {}, 1, i)
    elseif not PLAIN[kind] then
      event[i] = nil
      event.n = n
    end
  end
  n_queue(event) -- past the queue's limit the event is lost, as CC loses it
end

--- CPU seconds the program may run without waiting for an event before CC's error (7 s, as CC's soft abort).
local YIELD_TIMEOUT = tonumber(n_getenv('CRAFTOS_YIELD_TIMEOUT') or '') or 7
local TOO_LONG = 'Too long without yielding'

--- The program's coroutine (see drive): the top level of the running program.
local top_co

--- The daemon beside the program (rednet.run, see beside_rednet): its coroutine, and the filter it waits with.
local daemon, daemon_filter
--- The events rednet.run acts on (timers: its prune timer, which forgets old message ids); it does nothing with the
--- others, so it is not resumed for them.
local DAEMON_EVENTS = { modem_message = true, rednet_message = true, timer = true }

--- Hands an event to the daemon, as CraftOS's `parallel.waitForAny(rednet.run, shell)` resumes each of its routines
--- in turn; an error in the daemon is raised in the program, as parallel raises it.
---@param e table
local function feed_daemon(e)
  if daemon_filter ~= nil and daemon_filter ~= e.type then return end
  local ok, filter = co_resume(daemon, e.type, unpack(e, 1, e.n or #e))
  if not ok then
    daemon = nil
    error(filter, 0)
  end
  daemon_filter = filter
  if co_status(daemon) == 'dead' then daemon = nil end
end

--- The next event the program waits for: the native queue's, as CC's; a string `filter` drops the others (but
--- terminate), any other filter none. The daemon sees each event it acts on first. Each event pulled kicks the
--- kernel's watchdog (see drive), as CC's runner resets its timer at each yield.
---@param filter any
---@return table
local function next_event(filter)
  while true do
    local e = n_pull()
    local name = e.type
    if daemon and DAEMON_EVENTS[name] then feed_daemon(e) end
    if name == filter or name == 'terminate' or type(filter) ~= 'string' then return e end
  end
end

-- The program's top level waits for its events itself (what the runner would do for it, without a coroutine
-- switch); code in a coroutine of its own yields to its resumer, as in CC.

--- The next event (name, values...) matching `filter`, terminate included.
---@param filter? string
---@return string, any ...
function os.pullEventRaw(filter)
  if co_running() ~= top_co then return co_yield(filter) end
  local e = next_event(filter)
  return e.type, unpack(e, 1, e.n or #e)
end

--- An event's values, unless it is `terminate`: then the error "Terminated".
local function unless_terminated(name, ...)
  if name == 'terminate' then error('Terminated', 0) end
  return name, ...
end

--- The next event matching `filter`; a `terminate` event raises "Terminated".
---@param filter? string
---@return string, any ...
function os.pullEvent(filter)
  if co_running() ~= top_co then return unless_terminated(co_yield(filter)) end
  local e = next_event(filter)
  local name = e.type
  if name == 'terminate' then error('Terminated', 0) end
  return name, unpack(e, 1, e.n or #e)
end

function os.startTimer(seconds) return invoke(2, 'clock.startTimer', arg(1, seconds, 'number')) end
function os.cancelTimer(id) invoke(3, 'clock.cancel', arg(1, id, 'number')) end
function os.setAlarm(hour) return invoke(2, 'clock.setAlarm', arg(1, hour, 'number')) end
function os.cancelAlarm(id) invoke(3, 'clock.cancel', arg(1, id, 'number')) end

--- Seconds the computer has been running (CC counts ticks of 1/20 s): since this process started, so a reboot's
--- fresh process counts from 0 again.
local START_TICKS = invoke(3, 'clock.ticks')
---@return number
function os.clock() return (invoke(3, 'clock.ticks') - START_TICKS) * 0.05 end

local HOUR_MS, DAY_MS = 3600000, 86400000

--- The locale argument of time/day/epoch: 'ingame' (default), 'utc' or 'local'; anything else is refused.
local function locale(value)
  if value == nil then return 'ingame' end
  if type(value) ~= 'string' then error(s_format('bad argument #1 (string expected, got %s)', got(value)), 3) end
  local l = value:lower()
  if l ~= 'ingame' and l ~= 'utc' and l ~= 'local' then error('Unsupported operation', 3) end
  return l
end

--- The time of day in hours: the in-game clock's, or the real clock's ('utc', 'local'); os.time(table) as Lua's.
---@param l? string|table
---@return number
function os.time(l)
  if type(l) == 'table' then return native.time(l) end
  local which = locale(l)
  if which == 'ingame' then return invoke(2, 'clock.time') end
  return (invoke(3, 'clock.epoch', which) % DAY_MS) / HOUR_MS
end

--- The day: the in-game one (from 1) or days since 1970 ('utc', 'local').
---@param l? string
---@return integer
function os.day(l)
  local which = locale(l)
  if which == 'ingame' then return invoke(2, 'clock.day') end
  return floor(invoke(3, 'clock.epoch', which) / DAY_MS)
end

--- Milliseconds: in-game since day 0 (default), or since the Unix epoch ('utc', 'local').
---@param l? string
---@return integer
function os.epoch(l) return invoke(2, 'clock.epoch', locale(l)) end

--- C's strftime over the real clock (as Lua's os.date); '%c' by default.
---@param format? string
---@param time? number
---@return string|table
function os.date(format, time)
  arg(1, format, 'string', true)
  arg(2, time, 'number', true)
  return n_date(format or '%c', time)
end

--- Waits `seconds`, discarding the other events meanwhile (as CC's sleep).
---@param seconds? number
function os.sleep(seconds)
  local id = os.startTimer(arg(1, seconds, 'number', true) or 0)
  repeat
    local _, fired = os.pullEvent('timer')
  until fired == id
end

function os.version() return 'CraftOS 1.9' end
function os.getComputerID() return invoke(2, 'computer.getID') end
function os.getComputerLabel() return invoke(2, 'computer.getLabel') end
function os.setComputerLabel(label) invoke(3, 'computer.setLabel', arg(1, label, 'string', true)) end
os.computerID, os.computerLabel = os.getComputerID, os.getComputerLabel

--- Unwinds to the runner: shutdown ends the process; reboot ends it too when the host starts a fresh one (thox run),
--- else runs the program again in this process.
local POWER = setmetatable({}, { __tostring = function() return 'power' end })
local power_request

--- Turns the computer off: the process ends (with `code` as its status when thox run has --exit-on-shutdown).
---@param code? integer
function os.shutdown(code)
  power_request = { kind = 'shutdown', code = code }
  error(POWER, 0)
end

--- Turns the computer off and on: the program runs again from its start (in a fresh process under thox run).
function os.reboot()
  power_request = { kind = 'reboot' }
  error(POWER, 0)
end

G.sleep = os.sleep

--------------------------------------------------------------------------------
-- fs
--------------------------------------------------------------------------------

local fs = {}
G.fs = fs

for _, name in ipairs({ 'getSize', 'getFreeSpace', 'getCapacity', 'getDrive', 'makeDir', 'find' }) do
  local call = 'fs.' .. name
  fs[name] = function(...) return invoke(2, call, ...) end
end
for _, name in ipairs({ 'exists', 'isDir', 'isReadOnly' }) do
  local call = 'fs.' .. name
  fs[name] = function(path)
    arg(1, path, 'string')
    local ok, answer, status = try(call, path)
    if ok then return answer end
    if status == BAD_ARGUMENT then error(answer, 2) end
    return false -- an invalid path is answered false, as CC does
  end
end

--- The path as CC's messages show it: `/` and the normalised path.
---@param path string
---@return string
local function shown(path) return '/' .. fs.combine(path) end

--- CC's words where the devices' file system has others: listing a missing folder is `/p: No such file`.
---@param path string
---@return string[]
function fs.list(path)
  arg(1, path, 'string')
  local ok, names = try('fs.list', path)
  if ok then return names end
  if s_find(names, ': Not a directory$') and not fs.exists(path) then names = shown(path) .. ': No such file' end
  error(names, 2)
end

--- A file's attributes, with `modification` beside `modified` as CC gives both.
---@param path string
---@return table
function fs.attributes(path)
  local attributes = invoke(3, 'fs.attributes', arg(1, path, 'string'))
  attributes.modification = attributes.modified
  return attributes
end

--- Deleting on a read-only drive is refused even where nothing is there (`/rom/x: Access denied`).
---@param path string
function fs.delete(path)
  arg(1, path, 'string')
  if fs.isReadOnly(path) and not fs.exists(path) then error(shown(path) .. ': Access denied', 2) end
  local ok, why = try('fs.delete', path)
  if not ok then error(why, 2) end
end

--- CC's fs.move: a read-only source or target is refused first, and its messages name no path.
---@param from string
---@param to string
function fs.move(from, to)
  arg(1, from, 'string')
  arg(2, to, 'string')
  if fs.exists(from) and (fs.isReadOnly(from) or fs.isReadOnly(to)) then error('Access denied', 2) end
  local ok, why = try('fs.move', from, to)
  if not ok then error((s_gsub(why, '^/[^:]*: ', '')), 2) end
end

--- CC's fs.copy: a read-only target is refused first (`/to: Access denied`); copying a folder inside itself names
--- the folder.
---@param from string
---@param to string
function fs.copy(from, to)
  arg(1, from, 'string')
  arg(2, to, 'string')
  if fs.exists(from) and fs.isReadOnly(to) then error(shown(to) .. ': Access denied', 2) end
  local ok, why = try('fs.copy', from, to)
  if not ok then
    if s_find(why, '^Can\'t copy') then why = shown(from) .. ': ' .. why end
    error(why, 2)
  end
end

--- fs.combine(path, ...): the paths joined and normalised (keeps `*`, `?` and leading `..`).
function fs.combine(...)
  for i = 1, select('#', ...) do arg(i, (select(i, ...)), 'string') end
  return invoke(2, 'fs.combine', ...)
end
function fs.getName(path) return invoke(2, 'fs.getName', arg(1, path, 'string')) end
function fs.getDir(path) return invoke(2, 'fs.getDir', arg(1, path, 'string')) end

--- Whether `path` is the root of a drive (a mount point, or the root).
---@param path string
---@return boolean
function fs.isDriveRoot(path)
  arg(1, path, 'string')
  local dir = fs.getDir(path)
  local drive = fs.getDrive(path)
  return dir == '..' or (drive ~= nil and drive ~= fs.getDrive(dir))
end

--- The completions of a partial path `path` relative to `location` (CC's fs.complete).
---@param path string
---@param location string
---@param include_files? boolean|table
---@param include_dirs? boolean
---@return string[]
function fs.complete(path, location, include_files, include_dirs)
  arg(1, path, 'string')
  arg(2, location, 'string')
  local hidden = false
  if type(include_files) == 'table' then
    local options = include_files
    include_files, include_dirs, hidden = options.include_files, options.include_dirs, options.include_hidden
  else
    arg(3, include_files, 'boolean', true)
    arg(4, include_dirs, 'boolean', true)
  end
  if include_files == nil then include_files = true end
  if include_dirs == nil then include_dirs = true end
  local dir, partial = location, path
  local slash = s_find(path, '[/\\][^/\\]*$')
  if slash then
    dir = fs.combine(location, s_sub(path, 1, slash))
    partial = s_sub(path, slash + 1)
  end
  if s_sub(path, 1, 1) == '/' then dir = fs.combine('', s_sub(path, 1, slash or 1)) end
  local results = {}
  if not fs.isDir(dir) then return results end
  -- the parent folder, for a name typed from a folder below the root
  if not slash and s_sub('..', 1, #partial) == partial and fs.combine(location) ~= '' then
    results[#results + 1] = s_sub('..', #partial + 1) .. '/'
  end
  for _, name in ipairs(fs.list(dir)) do
    if #name >= #partial and s_sub(name, 1, #partial) == partial and (hidden or partial ~= '' or s_sub(name, 1, 1) ~= '.') then
      local is_dir = fs.isDir(fs.combine(dir, name))
      local rest = s_sub(name, #partial + 1)
      if is_dir then
        results[#results + 1] = rest .. '/'
        if include_dirs and rest ~= '' then results[#results + 1] = rest end
      elseif include_files and rest ~= '' then
        results[#results + 1] = rest
      end
    end
  end
  return results
end

local MODES = { r = true, w = true, a = true, ['r+'] = true, ['w+'] = true, ['a+'] = true }

--- The methods of an open file, CC's shapes: `h.readLine()` (and `h:readLine()`), closed files refuse.
---@param id integer
---@param binary boolean
---@param reading boolean
---@param writing boolean
---@return table
local function file_handle(id, binary, reading, writing)
  local h = {}
  local open = true
  --- Calls fs.NAME on the handle (its own self skipped when called with ':'): a closed file is an error.
  local function method(fn)
    return function(first, ...)
      if not open then error('attempt to use a closed file', 2) end
      if rawequal(first, h) then return fn(...) end
      return fn(first, ...)
    end
  end
  if reading then
    -- a line ends at "\n" or "\r\n", both kept only when asked for
    h.readLine = method(function(trailing)
      local line = invoke(3, 'fs.readLine', id, true)
      if line == nil or trailing then return line end
      return (s_gsub(line, '\r?\n$', ''))
    end)
    h.readAll = method(function() return invoke(2, 'fs.readAll', id) end)
    h.read = method(function(count)
      arg(1, count, 'number', true)
      if count == nil and binary then
        local byte = invoke(3, 'fs.read', id, 1)
        return byte and byte:byte()
      end
      if count and count < 0 then error('Cannot read a negative number of bytes', 2) end
      return invoke(2, 'fs.read', id, count or 1)
    end)
  end
  if writing then
    h.write = method(function(value)
      if binary and type(value) == 'number' then value = string.char(value % 256) end
      if type(value) == 'number' then value = number_text(value) end
      if type(value) ~= 'string' then value = tostring(value) end
      invoke(3, 'fs.write', id, value)
    end)
    h.writeLine = method(function(value)
      if type(value) == 'number' then value = number_text(value) end
      invoke(3, 'fs.writeLine', id, tostring(value))
    end)
    h.flush = method(function() invoke(3, 'fs.flush', id) end)
  end
  h.seek = method(function(whence, offset) return invoke(2, 'fs.seek', id, whence, offset) end)
  h.close = method(function()
    open = false
    invoke(3, 'fs.close', id)
  end)
  return h
end

--- Opens a file: a handle, or nil and the reason (`/path: No such file`).
---@param path string
---@param mode string
---@return table|nil, string|nil
function fs.open(path, mode)
  arg(1, path, 'string')
  arg(2, mode, 'string')
  local binary = s_find(mode, 'b', 1, true) ~= nil
  local plain = s_gsub(mode, 'b', '', 1)
  if not MODES[plain] then error('Unsupported mode', 2) end
  local ok, id, status = try('fs.open', path, mode)
  if not ok then
    if status == BAD_ARGUMENT then error(id, 2) end
    return nil, (s_gsub(id, ': Is a directory$', ': Not a file'))
  end
  local first = s_sub(plain, 1, 1)
  return file_handle(id, binary, first == 'r' or s_sub(plain, 2, 2) == '+', first ~= 'r' or s_sub(plain, 2, 2) == '+')
end

--------------------------------------------------------------------------------
-- loadfile, dofile, os.run, os.loadAPI / unloadAPI
--------------------------------------------------------------------------------

--- The text of a file of the file system, or nil and the reason.
---@param path string
---@return string|nil, string|nil
local function read_file(path)
  local h, why = fs.open(path, 'r')
  if not h then return nil, why end
  local text = h.readAll() or ''
  h.close()
  return text
end

--- Compiles a file of the file system (chunk name `@/path`), with `env` (default _G) as its environment.
---@param path string
---@param mode? string
---@param env? table
---@return function|nil, string|nil
local function loadfile(path, mode, env)
  arg(1, path, 'string')
  if type(mode) == 'table' and env == nil then mode, env = nil, mode end
  arg(2, mode, 'string', true)
  arg(3, env, 'table', true)
  local text = read_file(path)
  if not text then return nil, 'File not found' end
  return load(text, '@/' .. fs.combine(path), mode or 't', env or G)
end

--- Runs a file of the file system with the arguments; its results.
---@param path string
---@return any ...
local function dofile(path, ...)
  arg(1, path, 'string')
  local fn, err = loadfile(path, nil, G)
  if not fn then error(err, 2) end
  return fn(...)
end

G.loadfile, G.dofile = loadfile, dofile

--- CC's load: its arguments checked in CC's words, then Lua's (an environment only when one is given).
---@param chunk string|function
---@return function|nil, string|nil
function G.load(chunk, ...)
  if type(chunk) ~= 'string' and type(chunk) ~= 'function' then
    error(s_format('bad argument #1 (function or string expected, got %s)', got(chunk)), 2)
  end
  local name, mode, env = ...
  arg(2, name, 'string', true)
  arg(3, mode, 'string', true)
  arg(4, env, 'table', true)
  return load(chunk, ...)
end

--- Runs a program file with `env` (its globals fall back to _G); false after printing its error.
---@param env table
---@param path string
---@return boolean
function os.run(env, path, ...)
  arg(1, env, 'table')
  arg(2, path, 'string')
  setmetatable(env, { __index = G })
  local fn, err = loadfile(path, nil, env)
  if not fn then
    printError(err)
    return false
  end
  local ok, why = pcall(fn, ...)
  if not ok then
    if rawequal(why, POWER) then error(why, 0) end
    if why and why ~= '' then printError(why) end
    return false
  end
  return true
end

local loading = {}

--- Loads an API file: it runs with its own environment, whose fields become the global named after the file.
---@param path string
---@return boolean
function os.loadAPI(path)
  arg(1, path, 'string')
  local name = s_gsub(fs.getName(path), '%.lua$', '')
  if loading[name] then
    printError('API ' .. name .. ' is already being loaded')
    return false
  end
  loading[name] = true
  local env = setmetatable({}, { __index = G })
  local fn, err = loadfile(path, nil, env)
  local ok = fn ~= nil
  if fn then
    ok, err = pcall(fn)
  end
  loading[name] = nil
  if not ok then
    printError(err)
    return false
  end
  local api = {}
  for k, v in pairs(env) do
    if type(k) ~= 'string' or s_sub(k, 1, 1) ~= '_' then api[k] = v end
  end
  G[name] = api
  return true
end

--- Removes an API loaded by loadAPI.
---@param name string
function os.unloadAPI(name)
  arg(1, name, 'string')
  if name ~= '_G' and type(G[name]) == 'table' then G[name] = nil end
end

--------------------------------------------------------------------------------
-- peripheral natives, redstone, http, bit
--------------------------------------------------------------------------------

--- The peripheral natives the Lua `peripheral` API (rom/apis/peripheral.lua) builds on.
local peripheral_native = {}
for _, name in ipairs({ 'getNames', 'isPresent', 'getType', 'getMethods', 'call' }) do
  local call = 'peripheral.' .. name
  peripheral_native[name] = function(...) return invoke(2, call, ...) end
end

local SIDES = { 'top', 'bottom', 'left', 'right', 'front', 'back' }
local is_side = {}
for _, side in ipairs(SIDES) do is_side[side] = true end

--- The computer's own redstone: outputs it sets (and reads back); no world drives its inputs (always off).
local outputs, bundled_outputs = {}, {}
local function side_arg(side)
  arg_at(4, 1, side, 'string')
  local lower = string.lower(side) -- sides are named in any case, as CC's option arguments
  if not is_side[lower] then error('bad argument #1 (unknown option ' .. side .. ')', 3) end
  return lower
end
local function level_arg(value)
  arg_at(4, 2, value, 'number')
  if value < 0 or value > 15 then error('Expected number in range 0-15', 3) end
  return floor(value)
end
local redstone = {
  getSides = function() return { unpack(SIDES) } end,
  setOutput = function(side, on)
    side = side_arg(side)
    arg(2, on, 'boolean')
    outputs[side] = on and 15 or 0
  end,
  getOutput = function(side) return (outputs[side_arg(side)] or 0) > 0 end,
  getInput = function(side)
    side_arg(side)
    return false
  end,
  setAnalogOutput = function(side, value)
    side = side_arg(side)
    outputs[side] = level_arg(value)
  end,
  getAnalogOutput = function(side) return outputs[side_arg(side)] or 0 end,
  getAnalogInput = function(side)
    side_arg(side)
    return 0
  end,
  setBundledOutput = function(side, value)
    side = side_arg(side)
    bundled_outputs[side] = arg(2, value, 'number')
  end,
  getBundledOutput = function(side) return bundled_outputs[side_arg(side)] or 0 end,
  getBundledInput = function(side)
    side_arg(side)
    return 0
  end,
  testBundledInput = function(side, mask)
    side_arg(side)
    arg(2, mask, 'number')
    return mask == 0
  end,
}
redstone.setAnalogueOutput, redstone.getAnalogueOutput, redstone.getAnalogueInput =
  redstone.setAnalogOutput, redstone.getAnalogOutput, redstone.getAnalogInput
G.redstone, G.rs = redstone, redstone

--- HTTP is disabled on thox: every request fails as CC's do when its config turns HTTP off.
local DISABLED = 'HTTP is disabled'
G.http = {
  checkURL = function(url)
    arg(1, url, 'string')
    return false, DISABLED
  end,
  checkURLAsync = function(url)
    arg(1, url, 'string')
    return false, DISABLED
  end,
  request = function() return false, DISABLED end,
  get = function() return nil, DISABLED end,
  post = function() return nil, DISABLED end,
  websocket = function() return false, DISABLED end,
  websocketAsync = function() return false, DISABLED end,
}

local bit32 = G.bit32
G.bit = {
  bnot = bit32.bnot, band = bit32.band, bor = bit32.bor, bxor = bit32.bxor,
  brshift = bit32.arshift, blshift = bit32.lshift, blogic_rshift = bit32.rshift,
}

--------------------------------------------------------------------------------
-- The rest of the globals
--------------------------------------------------------------------------------

G._HOST = 'ComputerCraft 1.113.1 (thox)'
G._CC_DEFAULT_SETTINGS = ''
G.require, G.package = nil, nil

--- The APIs of rom/apis, in name order, as os.loadAPI loads them.
local function load_apis()
  local ok, names = pcall(fs.list, 'rom/apis')
  if not ok then return end
  table.sort(names)
  for _, name in ipairs(names) do
    local path = 'rom/apis/' .. name
    if not fs.isDir(path) then os.loadAPI(path) end
  end
end

-- peripheral.lua asks for its natives once, when it loads; keys.lua for the kernel's key table (name → code)
G.peripheral = peripheral_native
G.keys = KEY
load_apis()
if G.peripheral == peripheral_native then G.peripheral = nil end
if G.keys == KEY then G.keys = nil end

--------------------------------------------------------------------------------
-- require and package per program (cc.require), and the runner
--------------------------------------------------------------------------------

--- Gives `env` its own `require` and `package` searching `dir` and /rom/modules (cc.require's make).
---@param env table
---@param dir string
local make_require = dofile('rom/modules/main/cc/require.lua').make
local function give_require(env, dir)
  env.require, env.package = make_require(env, dir)
end

--- Runs the program as CC's top level runs a computer's coroutine: resumed with each event it asks for; the
--- kernel's watchdog, kicked at each event, raises "Too long without yielding" in code that runs on too long.
---@param program function
---@return boolean, any
local function drive(program, ...)
  local co = co_create(program)
  top_co = co
  n_watchdog(YIELD_TIMEOUT, TOO_LONG, true) -- kicked by the kernel at each event next_event pulls
  local ok, value = co_resume(co, ...)
  while co_status(co) ~= 'dead' do
    local e = next_event(value)
    ok, value = co_resume(co, e.type, unpack(e, 1, e.n or #e))
  end
  return ok, value
end

--- The directories CC's shell searches for a program name without a slash.
local PROGRAM_PATH = { '.', '/rom/programs' }

--- A program's file, found as CC's shell does: a path as given (with or without .lua), else along the path.
---@param name string
---@return string|nil
local function resolve_program(name)
  local function file(path)
    for _, p in ipairs({ path, path .. '.lua' }) do
      if fs.exists(p) and not fs.isDir(p) then return p end
    end
  end
  if s_find(name, '[/\\]') then return file(fs.combine('', name)) end
  for _, dir in ipairs(PROGRAM_PATH) do
    local found = file(fs.combine(dir, name))
    if found then return found end
  end
end

--- The shell program, loaded with an environment of its own; when booting, multishell on a colour terminal (which
--- runs the shell in its first tab, as CC's advanced computers).
---@param booting boolean
---@return function
local function load_shell(booting)
  local shell_path = resolve_program('shell')
  if not shell_path then
    printError('No shell: /rom/programs/shell.lua is missing')
    n_exit(1)
  end
  -- a colour computer boots into multishell, which runs the shell in its first tab (as CC's advanced computers)
  local boot_path = booting and term.isColour() and resolve_program('/rom/programs/multishell') or shell_path
  local env = setmetatable({}, { __index = G })
  give_require(env, fs.getDir(boot_path))
  local fn, err = loadfile(boot_path, nil, env)
  if not fn then
    printError(err)
    n_exit(1)
  end
  return fn
end

--- The program the kernel left to the runtime: `name` found as CC's shell finds it and run by the shell, or the
--- shell itself when booting (in multishell on a colour terminal).
---@param name string
---@return function
local function find_program(name)
  local path = name ~= '' and resolve_program(name)
  if name ~= '' and not path then
    printError('No such program')
    n_exit(127)
  end
  local shell = load_shell(name == '')
  if name == '' then return shell end
  -- a program found by name runs in a shell (it has the shell API, as in CC); status 1 if it fails
  return function(...)
    if not shell('/' .. path, ...) then n_exit(1) end
  end
end

--- A program the kernel loaded (a host file): the shell runs it as the program `arg[0]`, as CC runs every program,
--- with the shell's program environment (shell, arg, require, package) as its globals.
---@param program function
---@return function
local function in_shell(program)
  local shell = load_shell(false)
  return function(...) shell(program, G.arg[0], ...) end
end

--- The program with rednet.run beside it, as CraftOS runs its shell (`parallel.waitForAny(shell, rednet.run)`), so
--- that rednet_message events arrive without the program running the daemon; rom/apis/rednet.lua is loaded afresh
--- each time (a reboot starts a new daemon). The daemon is resumed by next_event, so the program keeps the top
--- level's direct wait for events (no switch through a parallel loop per event).
---@param program function
---@return function
local function beside_rednet(program)
  return function(...)
    daemon = nil
    if fs.exists('rom/apis/rednet.lua') and os.loadAPI('rom/apis/rednet.lua') then
      -- the daemon first: it is running before the program starts, so the program's own rednet.run is refused
      daemon = co_create(G.rednet.run)
      local ok, filter = co_resume(daemon)
      if not ok then error(filter, 0) end
      daemon_filter = filter
    end
    return program(...)
  end
end

--- The terminal as a computer turns on: the default palette, white on black, cleared, the cursor home and still.
local function reset_terminal()
  for i = 0, 15 do native_term.setPaletteColour(1 << i, native_term.nativePaletteColour(1 << i)) end
  native_term.setTextColour(0x1) -- colours.white
  native_term.setBackgroundColour(0x8000) -- colours.black
  native_term.setCursorBlink(false)
  native_term.clear()
  native_term.setCursorPos(1, 1)
  redirect_target = native_term
end

--- The runner: the kernel calls it with the program (or nil when the runtime finds it by name) and its arguments.
---@param program function|nil
return function(program, ...)
  give_require(G, '')
  program = beside_rednet(program and in_shell(program) or find_program(G.arg[0]))
  while true do
    power_request = nil
    local ok, err = drive(program, ...)
    if not ok and not rawequal(err, POWER) then
      printError(err)
      n_exit(1)
    end
    local request = power_request
    if not request or request.kind == 'shutdown' then
      if request then invoke(2, 'computer.shutdown', request.code) end -- the host ends the process: the code or 0
      n_exit(0)
    end
    reset_terminal()
    if invoke(2, 'computer.reboot') then n_exit(0) end -- the host starts the program in a fresh process
  end
end
