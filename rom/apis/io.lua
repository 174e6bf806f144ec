-- io: CraftOS's io library over `fs` handles and the terminal (stdin reads with read(), stdout writes with write()).
-- Files are handle objects with Lua's method names (read formats "l", "L", "n", "a" and counts; lines; write; seek).

local expect = dofile('rom/modules/main/cc/expect.lua').expect
local type_of = type -- this API's own `type` (io.type) is defined below

local Handle = {}
Handle.__index = Handle
Handle.__name = 'FILE*'

--- A Lua-style file over a CC handle table (`h` has readLine/readAll/read/write/... as the open mode gives).
local function wrap_handle(h)
  return setmetatable({ _handle = h, _closed = false }, Handle)
end

--- The CC handle of an open file, or the error Lua gives for a closed one.
local function live(self)
  if getmetatable(self) ~= Handle then error('bad argument #1 (FILE* expected, got ' .. type_of(self) .. ')', 3) end
  if self._closed then error('attempt to use a closed file', 3) end
  return self._handle
end

function Handle:__tostring()
  return self._closed and 'file (closed)' or ('file (%s)'):format(tostring(self._handle):match('0x%x+') or '?')
end

--- Closes the file (the standard files cannot be).
function Handle:close()
  local h = live(self)
  if self._std then return nil, 'attempt to close standard stream' end
  if h.close then h.close() end
  self._closed = true
  return true
end

function Handle:flush()
  local h = live(self)
  if h.flush then h.flush() end
  return self
end

--- Whether the file is at its end (what read(0) tells): a byte read and given back.
local function at_end(h)
  if not (h.read and h.seek) then return false end
  local here = h.seek('cur')
  if h.read(1) == nil then return true end
  h.seek('set', here)
  return false
end

--- One read format: 'l' (line), 'L' (line with its newline), 'n' (a number), 'a' (the rest), or a count of bytes
--- (0: "" before the end, nil at it).
local function read_one(h, format)
  if type_of(format) == 'number' then
    if not h.read then return nil end
    if format == 0 then return not at_end(h) and '' or nil end
    return h.read(format)
  end
  format = tostring(format):gsub('^%*', ''):sub(1, 1)
  if format == 'l' then return h.readLine and h.readLine(false) end
  if format == 'L' then return h.readLine and h.readLine(true) end
  if format == 'a' then return h.readAll and (h.readAll() or '') end
  if format == 'n' then
    local line = h.readLine and h.readLine(false)
    return line and tonumber(line)
  end
  error("bad argument #1 to 'read' (invalid format)", 3)
end

--- Reads by the formats given (default "l").
function Handle:read(...)
  local h = live(self)
  local n = select('#', ...)
  if n == 0 then return read_one(h, 'l') end
  local out = {}
  for i = 1, n do
    out[i] = read_one(h, (select(i, ...)))
    if out[i] == nil then return table.unpack(out, 1, i) end
  end
  return table.unpack(out, 1, n)
end

--- An iterator over the file's reads by the formats (default lines).
function Handle:lines(...)
  live(self)
  local formats = table.pack(...)
  return function() return self:read(table.unpack(formats, 1, formats.n)) end
end

--- Writes strings and numbers.
function Handle:write(...)
  local h = live(self)
  if not h.write then return nil, 'file is not writable' end
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    expect(i, v, 'string', 'number')
    h.write(tostring(v))
  end
  return self
end

function Handle:seek(whence, offset)
  local h = live(self)
  if not h.seek then return nil, 'file not seekable' end
  return h.seek(whence, offset)
end

function Handle:setvbuf() return true end

--- The terminal as a standard file: reading is read(), writing is write().
local terminal = {
  readLine = function(trailing)
    local line = _G.read()
    return trailing and line .. '\n' or line
  end,
  write = function(text) _G.write(text) end,
  flush = function() end,
}
terminal.readAll = function() return terminal.readLine(false) end

stdin = wrap_handle(terminal)
stdout = wrap_handle(terminal)
stderr = wrap_handle(terminal)
stdin._std, stdout._std, stderr._std = true, true, true

local input, output = stdin, stdout

--- Opens a file of the file system: a file, or nil and the reason (`/path: No such file`).
---@param path string
---@param mode? string
---@return table|nil, string|nil
function open(path, mode)
  expect(1, path, 'string')
  expect(2, mode, 'string', 'nil')
  local h, why = fs.open(path, mode or 'r') -- a mode fs does not know is an error there: "Unsupported mode"
  if not h then return nil, why end
  return wrap_handle(h)
end

--- 'file', 'closed file' or nil.
function type(value)
  if getmetatable(value) == Handle then return value._closed and 'closed file' or 'file' end
  return nil
end

function close(file) return (file or output):close() end
function flush() return output:flush() end

function read(...) return input:read(...) end
function write(...) return output:write(...) end

--- Lines of a file (closed at the end), or of the default input.
function lines(path, ...)
  expect(1, path, 'string', 'nil')
  if path == nil then return input:lines(...) end
  local file, why = open(path, 'r')
  if not file then error(why, 2) end
  local formats = table.pack(...)
  return function()
    if _ENV.type(file) == 'closed file' then error('file is already closed', 2) end
    local values = table.pack(file:read(table.unpack(formats, 1, formats.n)))
    if values[1] == nil then file:close() end
    return table.unpack(values, 1, values.n)
  end
end

local function choose(current, file, mode)
  if file == nil then return current end
  if _ENV.type(file) == 'file' then return file end
  expect(1, file, 'string', 'table')
  local opened, why = open(file, mode)
  if not opened then error(why, 3) end
  return opened
end

--- Sets (a file or a path) or gets the default input file.
function _ENV.input(file)
  input = choose(input, file, 'r')
  return input
end

--- Sets (a file or a path) or gets the default output file.
function _ENV.output(file)
  output = choose(output, file, 'w')
  return output
end
