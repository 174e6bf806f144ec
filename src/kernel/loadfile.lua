-- loadfile and dofile (a kernel chunk, loaded by the sandbox on their first call): Lua's, over the system's file
-- system through io (a file the program names is a file of its computer, never the host's), and standard input.
---@param io table the process's io library
---@param load function the sandbox's load (binary chunks only when string.dump made them)
local io, load = ...

local type, error, select, tostring = type, error, select, tostring

--- Lua's check of an optional string argument (a number is converted).
local function opt_string(v, i, fname)
  if type(v) == 'number' then return tostring(v) end
  if v ~= nil and type(v) ~= 'string' then
    error(("bad argument #%d to '%s' (string expected, got %s)"):format(i, fname, type(v)), 3)
  end
  return v
end

--- A file's text as luaL_loadfilex reads it: a UTF-8 byte-order mark skipped, a first line starting with `#` emptied
--- (its newline kept, so line numbers do not move, but before a binary chunk); and its chunk name. Nil and Lua's
--- message when it cannot be read.
---@param name? string nil: standard input
local function file_text(name)
  local f = io.stdin
  if name then
    local opened, err = io.open(name, 'r')
    if not opened then return nil, 'cannot open ' .. err end
    f = opened
  end
  local text = f:read('a') or ''
  if name then f:close() end
  if text:sub(1, 3) == '\239\187\191' then text = text:sub(4) end
  if text:sub(1, 1) == '#' then
    local nl = text:find('\n', 1, true)
    text = nl and text:sub(nl) or ''
    if text:byte(2) == 27 then text = text:sub(2) end -- a binary chunk keeps no newline
  end
  return text, name and '@' .. name or '=stdin'
end

--- loadfile([name [, mode [, env]]]): the file compiled as a function, or nil and the message.
local function loadfile(...)
  local name, mode = opt_string((...), 1, 'loadfile'), opt_string(select(2, ...), 2, 'loadfile')
  local text, chunkname = file_text(name)
  if not text then return nil, chunkname end
  if select('#', ...) >= 3 then return load(text, chunkname, mode, (select(3, ...))) end
  return load(text, chunkname, mode)
end

--- dofile([name]): runs the file (standard input without a name) and returns what it returns; errors pass through.
local function dofile(name)
  name = opt_string(name, 1, 'dofile')
  local text, chunkname = file_text(name)
  if not text then error(chunkname, 0) end
  local f, err = load(text, chunkname)
  if not f then error(err, 0) end
  return f()
end

return { loadfile = loadfile, dofile = dofile }
