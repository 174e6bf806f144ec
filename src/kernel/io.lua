-- The io library, loaded by the sandbox the first time a process uses `io`: Lua 5.4's io over the process's
-- streams (descriptors 0-2 and pipes, src/kernel/streams.ts) and over the system's file system (the fs context's handles).
---@param io table the process's (still empty) io table, filled here
---@param read_fd fun(fd: integer, max: integer): any
---@param close_fd fun(fd: integer): any
---@param flush_buffer fun(fd: integer, b: table): any the sandbox's: writes a buffer out
---@param buffer_write fun(fd: integer, b: table, s: string): any the sandbox's: adds to a buffer, written out as its mode says
---@param stdout_buffer table standard output's buffer, shared with print and os.write
---@param find function Lua's own string.find (plain searches and anchored spaces only)
---@param fs_call fun(name: string, ...): boolean, ... the sandbox's: calls fs.NAME, answers whether it succeeded and its values
---@param new_userdata fun(mt: table): userdata the sandbox's: a new userdata with that metatable (files are userdata, as Lua's)
---@param buffer_mode fun(b: table, mode: string) the sandbox's: sets a buffer's mode (and standard output's sink's)
---@param sink fun(result: any, fallback: function): function makes a sink function (VmState.setSink), io.write's fast path
---@param split_lines fun(s: string, p: integer): integer, ... the whole lines from p (VmState.setLineSplitter), io.lines()'s
---@param as_c fun(f: function): function the sandbox's: f given as a C function (a tail call keeps the caller's frame)
---@param raise_c fun(qualified: string, msg: string) the sandbox's: raises a C function's error as Lua would (its name as called)
---@param new_buffer fun(mode: string): table the sandbox's: a new output buffer (shared by the process's tasks: its rules are there)
local io, read_fd, close_fd, flush_buffer, buffer_write, stdout_buffer, find, fs_call, new_userdata, buffer_mode, sink, split_lines,
  as_c, raise_c, new_buffer = ...

local type, error, select, tostring, tonumber, setmetatable, getmetatable = type, error, select, tostring, tonumber, setmetatable, getmetatable
local math_type, format, sub, unpack = math.type, string.format, string.sub, table.unpack

--- Every open file's descriptor (false once closed), by file object: a stream's number, or the port of a file of
--- the file system (below); standard files cannot be closed.
local fd_of = setmetatable({}, { __mode = 'k' })
local standard = setmetatable({}, { __mode = 'k' })
--- Each file's output buffer: its pieces (1..n), their size, and the mode.
local out = setmetatable({}, { __mode = 'k' })
--- Each file's input buffer: what the stream gave (s), the next byte (p), and the lines io.lines() split ahead from
--- there ({next position, line, line...} or NONE) with the index of the next one to hand out (i).
local inp = setmetatable({}, { __mode = 'k' })

local FILE = {}
local META = { __name = 'FILE*', __index = FILE }

--- A file object over a descriptor.
---@param fd integer
---@param buffer table its output buffer (new_buffer's)
local function new_file(fd, buffer)
  local f = new_userdata(META)
  fd_of[f] = fd
  out[f] = buffer
  return f
end

--- A new output buffer ('full', 'line' or 'no').
local buffer = new_buffer

--- Lua's message for argument 1 of fname that is not a file: a value is named by its metatable's __name, as Lua does.
---@param fname string
---@param v any
local function not_a_file(fname, v)
  local mt = getmetatable(v)
  local name = type(mt) == 'table' and rawget(mt, '__name')
  if type(name) ~= 'string' then name = v == nil and 'no value' or type(v) end
  return ("bad argument #1 to '%s' (FILE* expected, got %s)"):format(fname, name)
end

--- Raises a bad argument as Lua's C function would (luaL_argerror): `i` counted as C counts it (a method's file is
--- argument 1), the function named as the call names it (`qualified` when no call does: 'io.write', or '?' for a
--- method), at the program's line, which is frame `level` of the caller (as error's level there).
---@param qualified? string
---@param i integer
---@param why string
---@param level integer
local function arg_error(qualified, i, why, level)
  raise_c(qualified or '?', ("bad argument #%d to '?' (%s)"):format(i, why), level)
end

--- The descriptor of an open file argument, or Lua's error at the caller's caller.
---@param f any
---@param fname string
local function open_fd(f, fname)
  if getmetatable(f) ~= META or fd_of[f] == nil then error(not_a_file(fname, f), 3) end
  if not fd_of[f] then error('attempt to use a closed file', 3) end
  return fd_of[f]
end

---------------------------------------------------------------------------------------------------
-- Files of the file system: a file object's descriptor is a port, its handle in the fs context (owned by the
-- process, closed at its end, counted by its 'files' limit). Failures come back in C's words, as Lua gives them.
---------------------------------------------------------------------------------------------------

--- errno of a failure that C has no words for (EIO): the message is the file system's, with its path.
local EIO = 5
--- C's strerror text and errno for the file system's reasons.
local ERRNO = {
  ['No such file'] = { 'No such file or directory', 2 },
  ['Not a directory'] = { 'Not a directory', 20 },
  ['Is a directory'] = { 'Is a directory', 21 },
  ['Cannot write to directory'] = { 'Is a directory', 21 },
  ['Access denied'] = { 'Permission denied', 13 },
  ['File exists'] = { 'File exists', 17 },
  ['Out of space'] = { 'No space left on device', 28 },
  ['File too large'] = { 'File too large', 27 },
  ['Position is negative'] = { 'Invalid argument', 22 },
  ['too many open files'] = { 'Too many open files', 24 },
}
--- An fs answer: its values when it succeeded, nil and the reason otherwise.
local function answer(ok, ...)
  if ok then return ... end
  return nil, (...)
end

--- Lua's fail, message, code for an fs reason: C's words after the name when they are known, the reason as it
--- is (with its path) and EIO otherwise.
---@param name? string the name the program gave (Lua's messages start with it)
---@param reason string
local function failure(name, reason)
  local known = ERRNO[reason:match('^too many open files') or reason:match(': ([^:]*)$') or reason]
  if not known then return nil, reason, EIO end
  return nil, name and name .. ': ' .. known[1] or known[1], known[2]
end

local PORT = {}
PORT.__index = PORT

--- Calls fs.NAME on the port's handle: its value, or fail, message, code.
function PORT:call(name, ...)
  local v, reason = answer(fs_call(name, self.id, ...))
  if reason then return failure(nil, reason) end
  return v
end
function PORT:read(max) return self:call('read', max) end
--- Writes to the handle; unbuffered and line-buffered files (setvbuf) reach the file at once, as C's writes do.
function PORT:write(s)
  local v, err, code = self:call('write', s)
  if v == nil or not self.through then return v, err, code end
  return self:call('flush')
end

--- A handle open for reading only sees the file as it was when opened: a seek opens it again, so that what was
--- written to the file since can be read, as in C (the old handle is kept when the file cannot be opened now).
function PORT:refresh()
  local id = answer(fs_call('open', self.name, 'r'))
  if not id then return end
  self:call('close')
  self.id = id
end

local BAD_FD = 'Bad file descriptor'
local files = {}

--- Opens a file as fs.open does (mode normalised: 'b' changes nothing): a file object, or fail, C's words, code.
--- A writing mode makes the file (and 'w' empties it) at once, as C's fopen does: the handle is flushed.
---@param name string
---@param mode string a valid io.open mode
local function open_file(name, mode)
  local plain = sub(mode, 1, 1) .. (find(mode, '+', 1, true) and '+' or '')
  local folder = plain ~= 'r' and plain ~= 'r+' and name:match('^(.*[^/])/+[^/]+/*$')
  if folder and not answer(fs_call('isDir', folder)) then -- C's fopen makes no folder (the fs context would)
    if answer(fs_call('exists', folder)) then return nil, 'Not a directory', 20 end
    return nil, 'No such file or directory', 2
  end
  local id, reason = answer(fs_call('open', name, plain))
  if reason then return failure(nil, reason) end
  local port = setmetatable({ id = id, name = name, readable = plain == 'r' or #plain == 2, writable = plain ~= 'r' }, PORT)
  if port.writable then
    local ok, why, code = port:call('flush')
    if not ok then
      port:call('close')
      return nil, why, code
    end
  end
  return new_file(port, buffer('full'))
end

--- io.open's work once the mode is checked: a file object, or fail, message, code.
function files.open(name, mode)
  local f, why, code = open_file(name, mode)
  if f then return f end
  return nil, code == EIO and why or name .. ': ' .. why, code
end

--- Whether a path exists, and whether it is a folder (nil and the reason when the path is refused).
local function kind_of(name)
  local exists, reason = answer(fs_call('exists', name))
  if reason then return nil, reason end
  return exists and (answer(fs_call('isDir', name)) and 'folder' or 'file') or 'none'
end

--- os.remove: a file or an empty folder; fail, message, code otherwise.
function files.remove(name)
  local kind, reason = kind_of(name)
  if not kind then return failure(name, reason) end
  if kind == 'none' then return nil, name .. ': No such file or directory', 2 end
  if kind == 'folder' and next(answer(fs_call('list', name)) or {}) then return nil, name .. ': Directory not empty', 39 end
  local ok, why = answer(fs_call('delete', name))
  if not ok then return failure(name, why) end
  return true
end

--- os.rename: moves a file or folder, replacing a file at `to` as C's rename does; its messages have no name.
function files.rename(from, to)
  local kind, reason = kind_of(from)
  if not kind then return failure(nil, reason) end
  if kind == 'none' then return nil, 'No such file or directory', 2 end
  if kind_of(to) == 'file' then
    local ok, why = answer(fs_call('delete', to))
    if not ok then return failure(nil, why) end
  end
  local ok, why = answer(fs_call('move', from, to))
  if not ok then return failure(nil, why) end
  return true
end

--- The number of the last temporary name tried: names are tried in order, and the kernel runs one call at a time,
--- so the first missing one is this process's.
local tmp_count = 0
--- os.tmpname: a new empty file's name, /tmp/lua_N.
function files.tmpname()
  local name, kind
  if not answer(fs_call('isDir', '/tmp')) then fs_call('makeDir', '/tmp') end -- as a Unix system, thox has /tmp
  repeat
    tmp_count = tmp_count + 1
    name = '/tmp/lua_' .. tmp_count
    kind = kind_of(name)
  until kind ~= 'file' and kind ~= 'folder'
  local f = kind and open_file(name, 'w')
  if not f or not f:close() then error('unable to generate a unique filename', 2) end
  return name
end

--- io.tmpfile: a file open for reading and writing, deleted when it is closed.
function files.tmpfile()
  local name = files.tmpname()
  local f, why, code = open_file(name, 'w+')
  if not f then return nil, why, code end
  fd_of[f].temporary = name
  return f
end

---------------------------------------------------------------------------------------------------
-- Buffers: writes wait in the file's buffer (as C's stdio: full, line or no buffering) and reads take from a
-- buffer of what the stream gave, so most calls never leave Lua. Every buffer is written out before the
-- process blocks (a pipe's reader waits for what its writer holds), by flush and close, and at its end.
---------------------------------------------------------------------------------------------------

--- Bytes asked of a stream at once when a read buffer runs dry.
local CHUNK = 65536

--- Writes out a file's buffer: true, or fail and why.
---@param how? 'leave'|'end' as the sandbox's flush_buffer: after a write in flight by another task (default), or not
local function flush(f, how)
  return flush_buffer(fd_of[f], out[f], how)
end

--- Reads up to max bytes from a file's stream or port.
local function read_from(f, max)
  local fd = fd_of[f]
  if type(fd) == 'number' then return read_fd(fd, max) end
  flush(f) -- what it wrote comes first (r+, w+, a+)
  local data = fd:read(max)
  if data == nil and not fd.writable then -- at the end of what the handle saw: the file may have grown since
    local at = fd:call('seek', 'cur', 0)
    fd:refresh()
    if at then fd:call('seek', 'set', at) end
    data = fd:read(max)
  end
  return data
end

--- Writes out every file's buffer (before the process blocks, and at its end).
---@param how 'leave'|'end'
local function flush_all(how)
  for f in pairs(out) do
    if fd_of[f] then flush(f, how) end
  end
end

--- Adds strings and numbers to a file's buffer, written out as its mode says (Lua's g_write: one by one).
---@param level integer where a bad argument's error points (the program's call)
---@param qualified? string 'io.write', or nil for the method (whose arguments C counts from the file)
---@return boolean|nil ok
---@return string? err
local function buffered_write(f, level, qualified, ...)
  local fd, b = fd_of[f], out[f]
  local first = ...
  if type(first) == 'string' and select('#', ...) == 1 then return buffer_write(fd, b, first) end
  for i = 1, select('#', ...) do
    local v = select(i, ...)
    local t = type(v)
    if t == 'number' then
      v = math_type(v) == 'integer' and tostring(v) or format('%.14g', v)
    elseif t ~= 'string' then
      arg_error(qualified, qualified and i or i + 1, 'string expected, got ' .. (v == nil and 'nil' or t), level)
    end
    local ok, err = buffer_write(fd, b, v)
    if not ok then return ok, err end
  end
  return true
end

--- Takes the next chunk of the stream into a file's input buffer: false at its end (or an error, with why).
local function refill(f, r)
  local chunk, err = read_from(f, CHUNK)
  if not chunk then return false, err end
  r.s = r.p > #r.s and chunk or sub(r.s, r.p) .. chunk
  r.p = 1
  return true
end

--- A line (with its end when keep), or nil at the end of the stream.
local function read_line(f, r, keep)
  while true do
    local e = find(r.s, '\n', r.p, true)
    if e then
      local line = sub(r.s, r.p, keep and e or e - 1)
      r.p = e + 1
      return line
    end
    local more, err = refill(f, r)
    if not more then
      if err then return nil, err end
      if r.p > #r.s then return nil end
      local line = sub(r.s, r.p)
      r.s, r.p = '', 1
      return line
    end
  end
end

--- Makes sure n bytes wait in the buffer (fewer at the stream's end); returns how many do.
local function fill(f, r, n)
  while #r.s - r.p + 1 < n do
    if not refill(f, r) then break end
  end
  return #r.s - r.p + 1
end

--- Up to n bytes; '' for n = 0 unless at the end; nil at the end.
local function read_count(f, r, n)
  local have = fill(f, r, n > 0 and n or 1)
  if have == 0 then return nil end
  local s = sub(r.s, r.p, r.p + n - 1)
  r.p = r.p + #s
  return s
end

--- Everything to the end of the stream ('' when nothing is left).
local function read_all(f, r)
  while refill(f, r) do end
  local s = sub(r.s, r.p)
  r.s, r.p = '', 1
  return s
end

--- A numeral as Lua's read('n') takes it (at most 200 characters, white space first), converted; fail otherwise.
local function read_number(f, r)
  repeat
    fill(f, r, 1)
    local _, e = find(r.s, '^[ \t\n\v\f\r]*', r.p)
    r.p = e + 1
  until r.p <= #r.s or fill(f, r, 1) == 0
  fill(f, r, 201)
  local s, p = r.s, r.p
  local start, too_long = p, false
  local function accept(set) -- as Lua's, at most 200 characters are taken (L_MAXLENNUM); past them the read fails
    local c = sub(s, p, p)
    if c == '' or not find(set, c, 1, true) then return false end
    if p - start >= 200 then too_long = true return false end
    p = p + 1
    return true
  end
  local function digits(hex)
    local n = 0
    while accept(hex and '0123456789abcdefABCDEF' or '0123456789') do n = n + 1 end
    return n
  end
  accept('+-')
  local count, hex = 0, false
  if accept('0') then
    if accept('xX') then hex = true else count = 1 end
  end
  count = count + digits(hex)
  if accept('.') then count = count + digits(hex) end
  if count > 0 and accept(hex and 'pP' or 'eE') then
    accept('+-')
    digits(false)
  end
  r.p = p
  if too_long then return nil end
  return tonumber(sub(s, start, p - 1))
end

--- No lines split ahead (an input buffer's `lines` then; never filled).
local NONE = {}

--- Moves an input buffer's position past the lines io.lines() handed out from its split, and drops the split: every
--- read but the lines iterator's works on the settled buffer.
local function settle(r)
  local lines = r.lines
  if lines ~= NONE then
    local p = r.p
    for k = 2, r.i - 1 do p = p + #lines[k] + 1 end
    r.p, r.lines = p, NONE
  end
  return r
end

--- The input buffer of a file open for reading, settled.
local function input_of(f)
  local r = inp[f]
  if not r then
    r = { s = '', p = 1, lines = NONE, i = 2 }
    inp[f] = r
    return r
  end
  return settle(r)
end

--- A file's input buffer, settled, if it has one.
local function input_if_any(f)
  local r = inp[f]
  return r and settle(r)
end

---------------------------------------------------------------------------------------------------
-- File methods
---------------------------------------------------------------------------------------------------

--- Writes strings and numbers to a file; returns it, or fail, message, code.
---@param level integer where a bad argument's error points (the program's call)
---@param qualified? string as buffered_write's
local function write_file(f, level, qualified, ...)
  local fd = fd_of[f]
  if type(fd) == 'table' then
    if not fd.writable then return nil, BAD_FD, 9 end
    local r = input_if_any(f)
    if r and r.p <= #r.s then -- what was read ahead goes back: the write goes where the program's reads stopped
      fd:call('seek', 'cur', r.p - #r.s - 1)
      r.s, r.p = '', 1
    end
  end
  local ok, err, code = buffered_write(f, level, qualified, ...)
  if not ok then return nil, err, code or 32 end
  return f
end

--- file:write, whose own frame stays (no tail call), so that its errors name it as the program called it.
function FILE:write(...)
  if not fd_of[self] then open_fd(self, 'write') end
  local r, err, code = write_file(self, 4, nil, ...)
  if r then return r end
  return nil, err, code
end

--- One read by a format ('l', 'L', 'n', 'a', with or without Lua 5.3's '*') or a byte count.
---@param i integer the argument's position, for its error
local function read_one(f, r, how, i)
  if math_type(how) == 'integer' then return read_count(f, r, how) end
  if type(how) == 'number' then error(("bad argument #%d to 'read' (number has no integer representation)"):format(i), 3) end
  local c = type(how) == 'string' and sub(how, 1, 1) == '*' and sub(how, 2, 2) or type(how) == 'string' and sub(how, 1, 1)
  if c == 'l' then return read_line(f, r, false) end
  if c == 'L' then return read_line(f, r, true) end
  if c == 'n' then return read_number(f, r) end
  if c == 'a' then return read_all(f, r) end
  error(("bad argument #%d to 'read' (invalid format)"):format(i), 3)
end

--- Reads by formats; at the end of input, fail for the first format that finds nothing (and no more).
local function read(f, ...)
  local fd = fd_of[f]
  if type(fd) == 'table' and not fd.readable then return nil, BAD_FD, 9 end
  local r = input_of(f)
  local n = select('#', ...)
  if n == 0 then return read_line(f, r, false) end
  if n == 1 then
    local v, err = read_one(f, r, (...), 1) -- not a tail call: read_one's errors count levels from here
    if err ~= nil then return nil, err end
    return v
  end
  local results = {}
  for i = 1, n do
    local v, err = read_one(f, r, (select(i, ...)), i)
    if err then return nil, err end
    results[i] = v
    if v == nil then return unpack(results, 1, i) end
  end
  return unpack(results, 1, n)
end

function FILE:read(...)
  open_fd(self, 'read')
  return read(self, ...)
end

--- What a lines iterator gives for a read: its values, or (as Lua's) the read's failure raised at the iterator's caller.
local function raise_failure(v, err, ...)
  if v == nil and type(err) == 'string' then error(err, 2) end
  return v, err, ...
end

--- An iterator over reads by the given formats (default 'l'); it raises when the file was closed meanwhile, and
--- when a read fails.
function FILE:lines(...)
  local fd = open_fd(self, 'lines')
  local formats = table.pack(...)
  if formats.n > 250 then error("bad argument #250 to 'lines' (too many arguments)", 2) end
  if formats.n == 0 and (type(fd) ~= 'table' or fd.readable) then
    local r = input_of(self)
    --- The next line when none is split ahead: the whole lines the buffer holds are split at once, else one is
    --- read on (from the stream's next chunks).
    local function next_line()
      if not fd_of[self] then error('file is already closed', 2) end
      settle(r)
      local lines = { split_lines(r.s, r.p) }
      if lines[2] then
        r.lines, r.i = lines, 3
        return lines[2]
      end
      return read_line(self, r, false)
    end
    return function()
      local b = r
      local i = b.i
      local line = b.lines[i]
      if line then -- the hot case, a line split ahead (close drops the split: a closed file has none)
        b.i = i + 1
        return line
      end
      return next_line()
    end
  end
  return function()
    if not fd_of[self] then error('file is already closed', 2) end
    return raise_failure(read(self, unpack(formats, 1, formats.n)))
  end
end

--- Closes a file: true; a standard file cannot be closed (fail and why, as Lua).
function FILE:close()
  local fd = open_fd(self, 'close')
  if standard[self] then return nil, 'cannot close standard file' end
  local flushed, err, code = flush(self)
  fd_of[self] = false
  local r = inp[self]
  if r then r.s, r.p, r.lines = '', 1, NONE end -- its lines iterators find no line there, and raise
  if type(fd) == 'number' then
    close_fd(fd)
    return true
  end
  local closed, why, why_code = fd:call('close')
  if fd.temporary then fs_call('delete', fd.temporary) end
  if not flushed then return nil, err, code end
  return closed, why, why_code
end

--- Writes the buffer out; a file of the file system is written to the file then (others see it from there).
function FILE:flush()
  local fd = open_fd(self, 'flush')
  local ok, err, code = flush(self)
  if ok and type(fd) == 'table' then ok, err, code = fd:call('flush') end
  if not ok then return nil, err, code or 32 end
  return true
end

local VBUF = { no = true, full = true, line = true }
--- Sets how the file's writes are buffered (the size is Lua's to choose: BUFSIZE).
function FILE:setvbuf(mode)
  open_fd(self, 'setvbuf')
  if not VBUF[mode] then arg_error(nil, 2, ("invalid option '%s'"):format(tostring(mode)), 2) end
  flush(self)
  buffer_mode(out[self], mode)
  local fd = fd_of[self]
  if type(fd) == 'table' then fd.through = mode ~= 'full' end
  return true
end

local WHENCE = { set = true, cur = true, ['end'] = true }
--- Moves a file's position; returns the new one. Streams and pipes cannot seek (as a pipe in Lua: fail,
--- 'Illegal seek', 29).
function FILE:seek(whence, offset)
  local fd = open_fd(self, 'seek')
  whence = whence or 'cur'
  if not WHENCE[whence] then arg_error(nil, 2, ("invalid option '%s'"):format(tostring(whence)), 2) end
  if offset ~= nil and math_type(offset) ~= 'integer' then arg_error(nil, 3, 'number has no integer representation', 2) end
  if type(fd) == 'number' then return nil, 'Illegal seek', 29 end
  local ok, err, code = flush(self)
  if not ok then return nil, err, code end
  offset = offset or 0
  local r = input_if_any(self)
  if r then -- the position the program sees is where its reads stopped, not how far the buffer read ahead
    if whence == 'cur' then offset = offset - (#r.s - r.p + 1) end
    r.s, r.p = '', 1
  end
  if not fd.writable then -- opened again (PORT:refresh): a position from the current one is taken first
    if whence == 'cur' then
      local at, why, why_code = fd:call('seek', 'cur', 0)
      if not at then return nil, why, why_code end
      whence, offset = 'set', at + offset
    end
    fd:refresh()
  end
  return fd:call('seek', whence, offset)
end

function META.__tostring(f)
  if fd_of[f] == false then return 'file (closed)' end
  local fd = fd_of[f]
  return 'file (' .. tostring(fd_of):match('0x%x+$') .. ':' .. (type(fd) == 'table' and 'fs' .. fd.id or fd) .. ')'
end

function META.__close(f)
  if fd_of[f] and not standard[f] then f:close() end
end

--- Lua's file finalizer: closes an open file that became garbage (run as ordinary code, as every finalizer in thox).
function META.__gc(f)
  if getmetatable(f) ~= META or fd_of[f] == nil then error(not_a_file('__gc', f), 2) end
  if fd_of[f] then f:close() end
end

---------------------------------------------------------------------------------------------------
-- The io table
---------------------------------------------------------------------------------------------------

io.stdin, io.stdout, io.stderr = new_file(0, buffer('full')), new_file(1, stdout_buffer), new_file(2, buffer('no'))
standard[io.stdin], standard[io.stdout], standard[io.stderr] = true, true, true
local input, output, standard_output = io.stdin, io.stdout, io.stdout

--- Checks io.open's mode as Lua does: [rwa]%+?b*
local function valid_mode(mode)
  return type(mode) == 'string' and mode:match('^[rwa]%+?b*$') ~= nil
end

--- Opens a file of the system's file system (a C function to the program: its errors are raised past that frame).
---@param name string
---@param mode? string
io.open = as_c(function(...)
  local name, mode = ...
  if type(name) == 'number' then name = tostring(name) end
  if type(name) ~= 'string' then
    raise_c('io.open', "bad argument #1 to 'open' (string expected, got " .. (select('#', ...) == 0 and 'no value' or type(name)) .. ')')
  end
  mode = mode == nil and 'r' or mode
  if not valid_mode(mode) then raise_c('io.open', "bad argument #2 to 'open' (invalid mode)") end
  return files.open(name, mode)
end)

--- io.input/io.output: the default file, set by a file or (once there are files) a name.
local function default_file(current, f, mode, fname)
  if f == nil then return current end
  if type(f) == 'string' or type(f) == 'number' then -- a name (a number too, as Lua's lua_tostring takes it)
    local opened, why = open_file(tostring(f), mode)
    if not opened then error(("cannot open file '%s' (%s)"):format(f, why), 3) end
    return opened
  end
  if getmetatable(f) ~= META or fd_of[f] == nil then raise_c('io.' .. fname, not_a_file(fname, f), 2) end
  if not fd_of[f] then error('attempt to use a closed file', 3) end
  return f
end

function io.input(f)
  input = default_file(input, f, 'r', 'input')
  return input
end

--- io.write: a sink function, whose fast path (strings into standard output's sink, which joins its buffer) is on
--- while the default output is standard output; every other call is write_default's. Its errors point two levels
--- up: the sink function is between.
local function write_default(...)
  if not fd_of[output] then error('default output file is closed', 3) end
  return write_file(output, 4, 'io.write', ...)
end
io.write = sink(io.stdout, write_default)

function io.output(f)
  output = default_file(output, f, 'w', 'output')
  stdout_buffer.elsewhere = output ~= standard_output
  buffer_mode(stdout_buffer, stdout_buffer.mode)
  return output
end

--- The default input or output file, or Lua's error at the caller's caller when it was closed.
---@param f table
---@param what string 'input' or 'output'
local function default(f, what)
  if not fd_of[f] then error('default ' .. what .. ' file is closed', 3) end
  return f
end

function io.read(...) return default(input, 'input'):read(...) end
function io.flush() return default(output, 'output'):flush() end

local close = FILE.close
function io.close(f)
  if f == nil then return output:close() end
  return close(f)
end

--- io.lines(): the default input's lines (not closed at its end); io.lines(name) opens a file, closed at its end
--- (and by a to-be-closed variable: the file is the fourth value, as in Lua 5.4).
io.lines = as_c(function(name, ...)
  if name == nil then return input:lines(...) end
  if type(name) == 'number' then name = tostring(name) end
  if type(name) ~= 'string' then raise_c('io.lines', "bad argument #1 to 'lines' (string expected, got " .. type(name) .. ')') end
  local f, err = files.open(name, 'r')
  if not f then -- Lua's words (its opencheckfile), raised past the C frame
    local why = err:sub(1, #name + 2) == name .. ': ' and err:sub(#name + 3) or err
    error(("cannot open file '%s' (%s)"):format(name, why), 3)
  end
  local next_read = f:lines(...)
  local function close_at_end(...)
    if (...) == nil and fd_of[f] then f:close() end
    return ...
  end
  return function() return close_at_end(next_read()) end, nil, nil, f
end)

function io.type(...)
  if select('#', ...) == 0 then error("bad argument #1 to 'type' (value expected)", 2) end
  local f = ...
  if getmetatable(f) ~= META or fd_of[f] == nil then return nil end
  return fd_of[f] and 'file' or 'closed file'
end

function io.tmpfile() return files.tmpfile() end

---------------------------------------------------------------------------------------------------
-- What the sandbox needs from here (os.remove and friends, os.run's pipes)
---------------------------------------------------------------------------------------------------

--- File objects for the descriptors os.run gives back ({stdin = 3, ...} -> {stdin = FILE*, ...}).
function files.wrap(fds)
  local files_of = {}
  for name, fd in pairs(fds) do files_of[name] = new_file(fd, buffer('full')) end
  return files_of
end

--- os.run's options with file objects replaced by their descriptors (a copy; the caller's table is left alone).
function files.descriptors(options)
  local copy = {}
  for k, v in pairs(options) do
    if getmetatable(v) == META and type(fd_of[v]) == 'number' then v = fd_of[v] end
    copy[k] = v
  end
  return copy
end

files.flush_all = flush_all
return files
