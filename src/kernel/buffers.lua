-- Output buffers (a kernel chunk the sandbox loads with the process's first output): its buffers of bytes on their
-- way to a descriptor, shared by its tasks, each under a lock with one writer at a time; standard output's among them.
---@param deps table the sandbox's values these functions use (its task locks: lock, unlock, gone)
local deps = ...
local raw_running, raw_isyieldable, raw_yield = deps.running, deps.isyieldable, deps.yield
local FORWARD, CANNOT_BLOCK, write_fd, sink_take = deps.FORWARD, deps.CANNOT_BLOCK, deps.write_fd, deps.sink_take
local lock, unlock, gone = deps.lock, deps.unlock, deps.gone
local c_find, c_concat, type = deps.c_find, deps.c_concat, type

--- Bytes a buffer holds before it is written out (C's BUFSIZ).
local BUFSIZE = 8192

---------------------------------------------------------------------------------------------------
-- Output buffers are shared by the tasks of a process, and a task can be preempted at any instruction, in the
-- middle of these functions too. So each buffer ({n, size, mode, lock, pieces 1..n}) keeps three rules:
-- * its pieces change only under its lock: a token in the list `lock`, taken by table.remove (a C function, so
--   no task comes between its test and its take) and given back by storing it. The holder never yields, and
--   changes the pieces in steps that leave them whole at every instruction (a piece first, then its count): the
--   process's end, which takes no lock (its tasks are gone), finds them whole. A task that finds the lock taken
--   waits its turn (the holder was preempted and is ready); where it cannot wait it does not flush (between
--   slices), or fails as a blocking call there does;
-- * one task at a time writes a buffer out, its `writer`: it takes the pieces under the lock, writes them with the
--   lock given back (others add to the buffer meanwhile), and goes on until the buffer is empty. A flush that finds
--   a writer leaves the bytes to it (before a task blocks), or waits for it to finish (flush, close, seek). So the
--   bytes go out in the order they joined the buffer, each task's in its own order;
-- * what the writer took is `flight` until its write returns: the process's end writes it, should the writer
--   have been dropped before (in the instruction after its write returns, that would write it twice).
---------------------------------------------------------------------------------------------------

local c_remove, c_pcall = table.remove, pcall

--- A new output buffer.
---@param mode? string 'no', 'line' or 'full'
local function new_buffer(mode) return { n = 0, size = 0, mode = mode, lock = { true } } end

--- Standard output's buffer, shared by print, os.write and io.stdout (so their order is kept), as C's stdio: by
--- line on the host's terminal, fully otherwise. Its mode is learned on first use, when the kernel is also given
--- the functions that write the buffers out: after each slice while standard output is the host's (so output is
--- never held back), and at the process's end (not at a kill). While it buffers fully, strings written by print,
--- os.write and io.write that leave it short of BUFSIZE go to the state's sink (VmState.setSink: no host call and
--- no Lua code, the fast path) and join the buffer, after what it holds, at its next change.
local stdout_buffer = new_buffer()

--- Adds a piece to a locked buffer (whole at every instruction: the piece, then its count, then the size).
local function add_piece(b, s)
  local n = b.n + 1
  b[n] = s
  b.n = n
  b.size = b.size + #s
end

--- Moves what the sink holds into standard output's buffer (locked); with a limit, sets the sink's.
---@param b table standard output's buffer
---@param limit? integer
local function take_sink(b, limit)
  local s = sink_take(limit)
  if s ~= '' then add_piece(b, s) end
end

--- Writes a string to a descriptor (a number, or a file of the file system: src/kernel/io.lua).
local function write_out(fd, s)
  if type(fd) == 'table' then return fd:write(s) end
  return write_fd(fd, s)
end

--- Whether a task other than this one is writing the buffer out.
local function other_writer(b)
  local w = b.writer
  return w and w ~= raw_running() and not gone(w)
end

--- The process's end: its tasks are gone, with the lock and the write they held; what a dropped writer took
--- is written first.
local function release(fd, b)
  b.writer, b.holder = nil, nil
  b.lock[1] = true
  local s = b.flight
  b.flight = nil
  if s then return write_out(fd, s) end
  return true
end

--- Writes out a buffer to a descriptor, as its one writer: true, or nil and why.
---@param fd integer|table
---@param b table
---@param how? 'leave'|'end' nil: wait for another task's write to finish and write what is left (flush, close,
--- seek); 'leave': leave the bytes to that write (before a task blocks, between slices); 'end': the process's end
local function flush_buffer(fd, b, how)
  if how == 'end' then
    local ok, err = release(fd, b)
    if not ok then return ok, err end
  end
  if not lock(b) then return true end -- between slices, a task preempted while changing the buffer holds it
  while other_writer(b) do
    if how == 'leave' or not raw_isyieldable() then
      unlock(b)
      return true
    end
    unlock(b)
    raw_yield(FORWARD)
    lock(b)
  end
  b.writer = raw_running()
  if b == stdout_buffer then take_sink(b) end
  while b.n > 0 do
    local n = b.n
    local s = n == 1 and b[1] or c_concat(b, '', 1, n)
    b.flight = s
    b.n = 0
    b.size = 0
    for i = 1, n do b[i] = nil end
    unlock(b)
    local done, ok, err = c_pcall(write_out, fd, s)
    b.flight = nil
    if not done or not ok then
      b.writer = nil
      if not done then error(ok, 0) end -- cannot block here, or the process was killed
      return ok, err
    end
    if not lock(b) then -- where it cannot wait, the rest waits for the next flush
      b.writer = nil
      return true
    end
    if b == stdout_buffer then take_sink(b) end
  end
  b.writer = nil
  unlock(b)
  return true
end

--- Adds a string to a descriptor's buffer, written out when full or as its mode says ('no', 'line', 'full').
---@param fd integer|table
---@param b table
---@param s string
local function buffer_write(fd, b, s)
  local token = b.lock
  if c_remove(token) then -- lock(b) and unlock(b) written out here: this is every write's path
    b.holder = raw_running()
  elseif not lock(b) then
    error(CANNOT_BLOCK, 0) -- another task changes the buffer, and this code cannot wait
  end
  if b == stdout_buffer then take_sink(b) end
  local n, size = b.n + 1, b.size + #s
  b[n] = s -- the piece, then its count: whole at every instruction
  b.n = n
  b.size = size
  b.holder = nil
  token[1] = true
  if size >= BUFSIZE then return flush_buffer(fd, b) end -- a full buffer waits for a write in flight
  if b.mode == 'no' or b.mode == 'line' and c_find(s, '\n', 1, true) then return flush_buffer(fd, b, 'leave') end
  return true
end

--- Sets how a buffer's writes are buffered ('no', 'line', 'full'). Standard output's sink takes writes only while it
--- buffers fully and is io's default output (io.lua sets `elsewhere` while it is not: io.write is a sink function).
---@param b table
---@param mode string
local function buffer_mode(b, mode)
  if b == stdout_buffer then
    if not lock(b) then error(CANNOT_BLOCK, 0) end
    take_sink(b, mode == 'full' and not b.elsewhere and BUFSIZE or 0)
    unlock(b)
  end
  b.mode = mode
end

return {
  new_buffer = new_buffer, stdout_buffer = stdout_buffer, flush_buffer = flush_buffer, buffer_write = buffer_write,
  buffer_mode = buffer_mode,
}
