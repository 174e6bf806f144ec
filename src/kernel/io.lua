-- The io library, loaded by the sandbox the first time a process uses `io`: Lua 5.4's io over the process's
-- streams (descriptors 0-2 and pipes, src/kernel/streams.ts); files wait for the system's file system.
---@param io table the process's (still empty) io table, filled here
---@param write_fd fun(fd: integer, ...): any
---@param read_fd fun(fd: integer, format: string|integer): any
---@param close_fd fun(fd: integer): any
local io, write_fd, read_fd, close_fd = ...

local type, error, select, tostring, tonumber, setmetatable, getmetatable = type, error, select, tostring, tonumber, setmetatable, getmetatable
local math_type = math.type

--- Every open file's descriptor (false once closed), by file object; standard files cannot be closed.
local fd_of = setmetatable({}, { __mode = 'k' })
local standard = setmetatable({}, { __mode = 'k' })

local FILE = {}
local META = { __name = 'FILE*', __index = FILE }

--- A file object over a descriptor.
---@param fd integer
local function new_file(fd)
  local f = setmetatable({}, META)
  fd_of[f] = fd
  return f
end

--- The descriptor of an open file argument, or Lua's error at the caller's caller.
---@param f any
---@param fname string
local function open_fd(f, fname)
  local fd = getmetatable(f) == META and fd_of[f]
  if fd == nil then
    error(("bad argument #1 to '%s' (FILE* expected, got %s)"):format(fname, f == nil and 'no value' or type(f)), 3)
  end
  if fd == false then error('attempt to use a closed file', 3) end
  return fd
end

---------------------------------------------------------------------------------------------------
-- Files: the system's file system is not there yet. Wiring it is this table: each function over the `fs`
-- native context (docs/native-api.md, "io").
---------------------------------------------------------------------------------------------------

local NO_FS = 'no file system (thox has no files yet: io works on the standard streams and pipes)'
local files = {}

--- io.open's work once the mode is checked: a file object, or fail, message, code.
function files.open(name, _mode) return nil, name .. ': ' .. NO_FS, 2 end
function files.remove(name) return nil, name .. ': ' .. NO_FS, 2 end
function files.rename(from, _to) return nil, from .. ': ' .. NO_FS, 2 end
function files.tmpname() error('unable to generate a unique filename: ' .. NO_FS, 2) end
function files.tmpfile() return nil, NO_FS, 2 end

---------------------------------------------------------------------------------------------------
-- File methods
---------------------------------------------------------------------------------------------------

--- Writes strings and numbers; returns the file, or fail, message, code.
function FILE:write(...)
  local fd = open_fd(self, 'write')
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    local t = type(v)
    if t ~= 'string' and t ~= 'number' then
      error(("bad argument #%d to 'write' (string expected, got %s)"):format(i, v == nil and 'nil' or t), 2)
    end
  end
  local ok, err = write_fd(fd, ...)
  if not ok then return nil, err, 32 end
  return self
end

--- One read: a format ('l', 'L', 'n', 'a', with or without Lua 5.3's '*') or a byte count.
---@param fd integer
---@param format any
---@param i integer the argument's position, for its error
local function read_one(fd, format, i)
  if math_type(format) == 'integer' then
    return read_fd(fd, format >= 0 and format or 0)
  end
  if type(format) == 'number' then error(("bad argument #%d to 'read' (number has no integer representation)"):format(i), 3) end
  local f = type(format) == 'string' and format:gsub('^%*', ''):sub(1, 1)
  if f == 'n' then
    local text = read_fd(fd, 'n')
    return text and tonumber(text)
  end
  if f ~= 'l' and f ~= 'L' and f ~= 'a' then error(("bad argument #%d to 'read' (invalid format)"):format(i), 3) end
  return read_fd(fd, f)
end

--- Reads by formats; at the end of input, fail for the first format that finds nothing (and no more).
---@param fd integer
local function read(fd, ...)
  local n = select('#', ...)
  if n == 0 then return read_fd(fd, 'l') end
  local out = {}
  for i = 1, n do
    local v, err = read_one(fd, (select(i, ...)), i)
    if err then return nil, err, 9 end
    out[i] = v
    if v == nil then return table.unpack(out, 1, i) end
  end
  return table.unpack(out, 1, n)
end

function FILE:read(...)
  return read(open_fd(self, 'read'), ...)
end

--- An iterator over reads by the given formats (default 'l'); it raises when the file was closed meanwhile.
function FILE:lines(...)
  open_fd(self, 'lines')
  local formats = table.pack(...)
  if formats.n > 250 then error("bad argument #250 to 'lines' (too many arguments)", 2) end
  return function()
    local fd = fd_of[self]
    if not fd then error('file is already closed', 2) end
    return read(fd, table.unpack(formats, 1, formats.n))
  end
end

--- Closes a file: true; a standard file cannot be closed (fail and why, as Lua).
function FILE:close()
  local fd = open_fd(self, 'close')
  if standard[self] then return nil, 'cannot close standard file' end
  fd_of[self] = false
  close_fd(fd)
  return true
end

function FILE:flush()
  open_fd(self, 'flush')
  return self
end

local VBUF = { no = true, full = true, line = true }
--- Accepted and checked as Lua does; output reaches the host after each slice whatever the mode.
function FILE:setvbuf(mode)
  open_fd(self, 'setvbuf')
  if not VBUF[mode] then error(("bad argument #1 to 'setvbuf' (invalid option '%s')"):format(tostring(mode)), 2) end
  return true
end

local WHENCE = { set = true, cur = true, ['end'] = true }
--- Streams and pipes cannot seek (as a pipe in Lua: fail, 'Illegal seek', 29).
function FILE:seek(whence, offset)
  open_fd(self, 'seek')
  whence = whence or 'cur'
  if not WHENCE[whence] then error(("bad argument #1 to 'seek' (invalid option '%s')"):format(tostring(whence)), 2) end
  if offset ~= nil and math_type(offset) ~= 'integer' then
    error("bad argument #2 to 'seek' (number has no integer representation)", 2)
  end
  return nil, 'Illegal seek', 29
end

function META.__tostring(f)
  if fd_of[f] == false then return 'file (closed)' end
  return 'file (' .. tostring(fd_of):match('0x%x+$') .. ':' .. fd_of[f] .. ')'
end

function META.__close(f)
  if fd_of[f] and not standard[f] then f:close() end
end

---------------------------------------------------------------------------------------------------
-- The io table
---------------------------------------------------------------------------------------------------

io.stdin, io.stdout, io.stderr = new_file(0), new_file(1), new_file(2)
standard[io.stdin], standard[io.stdout], standard[io.stderr] = true, true, true
local input, output = io.stdin, io.stdout

--- Checks io.open's mode as Lua does: [rwa]%+?b*
local function valid_mode(mode)
  return type(mode) == 'string' and mode:match('^[rwa]%+?b*$') ~= nil
end

--- Opens a file of the system's file system.
---@param name string
---@param mode? string
function io.open(name, mode)
  if type(name) ~= 'string' then error("bad argument #1 to 'open' (string expected, got " .. (name == nil and 'no value' or type(name)) .. ')', 2) end
  mode = mode == nil and 'r' or mode
  if not valid_mode(mode) then error("bad argument #2 to 'open' (invalid mode)", 2) end
  return files.open(name, mode)
end

--- io.input/io.output: the default file, set by a file or (once there are files) a name.
local function default_file(current, f, mode, fname)
  if f == nil then return current end
  if type(f) == 'string' then
    local opened, err = files.open(f, mode)
    if not opened then error(err, 3) end
    return opened
  end
  open_fd(f, fname)
  return f
end

function io.input(f)
  input = default_file(input, f, 'r', 'input')
  return input
end

function io.output(f)
  output = default_file(output, f, 'w', 'output')
  return output
end

function io.write(...) return output:write(...) end
function io.read(...) return input:read(...) end
function io.flush() return output:flush() end

function io.close(f)
  if f == nil then return output:close() end
  return f:close()
end

--- io.lines(): the default input's lines (not closed at its end); io.lines(name) opens a file.
function io.lines(name, ...)
  if name == nil then return input:lines(...) end
  local f, err = io.open(name)
  if not f then error(err, 2) end
  return f:lines(...)
end

function io.type(f)
  if getmetatable(f) ~= META or fd_of[f] == nil then return nil end
  return fd_of[f] and 'file' or 'closed file'
end

function io.tmpfile() return files.tmpfile() end

---------------------------------------------------------------------------------------------------
-- What the sandbox needs from here (os.remove and friends, os.run's pipes)
---------------------------------------------------------------------------------------------------

--- File objects for the descriptors os.run gives back ({stdin = 3, ...} -> {stdin = FILE*, ...}).
function files.wrap(fds)
  local out = {}
  for name, fd in pairs(fds) do out[name] = new_file(fd) end
  return out
end

--- os.run's options with file objects replaced by their descriptors (a copy; the caller's table is left alone).
function files.descriptors(options)
  local copy = {}
  for k, v in pairs(options) do
    if getmetatable(v) == META then v = fd_of[v] or v end
    copy[k] = v
  end
  return copy
end

return files
