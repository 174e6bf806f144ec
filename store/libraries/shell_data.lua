-- shell_data: what the shell keeps in its data stream (data/sh, the data context): the history and the outputs
-- saved with `> data:NAME`, as records appended one at a time, folded when read (docs/shell.md).

local data = os.rpc(0).data

--- Lines of history kept (the oldest go first).
local HISTORY = 500
--- A stream bigger than this is rewritten with only what it holds now, when it is read.
local COMPACT_AT = 256 * 1024

local M = {}

--- One record: `KIND NAME LENGTH\n` then the bytes and a newline. Kinds: `h` a history line (name `-`), `w` an
--- output saved under NAME, `a` output added to NAME, `r` NAME removed.
---@param kind string
---@param name string
---@param bytes string
---@return string
local function record(kind, name, bytes)
  return ('%s %s %d\n%s\n'):format(kind, name, #bytes, bytes)
end

--- The whole stream.
---@return string
local function read_all()
  local size = data.size()
  data.seek('set', 0)
  local parts, got = {}, 0
  while got < size do
    local part = data.read(size - got)
    if part == '' then break end
    parts[#parts + 1] = part
    got = got + #part
  end
  return table.concat(parts)
end

--- Folds the records of a stream into the history and the saved outputs.
---@param text string
---@return string[] history
---@return table<string, string> saved
local function fold(text)
  local history, saved, i = {}, {}, 1
  while i <= #text do
    local kind, name, length, start = text:match('^(%a) (%S+) (%d+)\n()', i)
    if not kind then break end -- a stream cut short: keep what came before
    local bytes = text:sub(start, start + tonumber(length) - 1)
    if kind == 'h' then
      history[#history + 1] = bytes
    elseif kind == 'w' then
      saved[name] = bytes
    elseif kind == 'a' then
      saved[name] = (saved[name] or '') .. bytes
    elseif kind == 'r' then
      saved[name] = nil
    end
    i = start + tonumber(length) + 1
  end
  return { table.unpack(history, math.max(1, #history - HISTORY + 1)) }, saved
end

--- Reads the stream (rewriting it when it grew big): the history, oldest first, and the saved outputs by name.
---@return string[] history
---@return table<string, string> saved
function M.load()
  local history, saved = fold(read_all())
  if data.size() > COMPACT_AT then
    data.lock()
    history, saved = fold(read_all())
    local parts = {}
    for _, line in ipairs(history) do parts[#parts + 1] = record('h', '-', line) end
    for name, bytes in pairs(saved) do parts[#parts + 1] = record('w', name, bytes) end
    data.truncate(0)
    data.write(table.concat(parts))
    data.unlock()
  end
  return history, saved
end

--- Adds a line to the history kept.
---@param line string
function M.remember(line)
  data.append(record('h', '-', line))
end

--- Saves output under `name`, replacing what it held, or added to it.
---@param name string
---@param bytes string
---@param append boolean
function M.save(name, bytes, append)
  data.append(record(append and 'a' or 'w', name, bytes))
end

--- Removes the output saved under `name`.
---@param name string
function M.forget(name)
  data.append(record('r', name, ''))
end

--- Whether `name` can name a saved output (store names: letters, digits, '_', '-', '.', not first).
---@param name string
---@return boolean
function M.valid_name(name)
  return name:match('^[%w_-][%w_.-]*$') ~= nil and #name <= 64
end

return M
