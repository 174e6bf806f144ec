-- The craftos runtime's `fs`: the file system device in CC's shapes and words, and its file handles
-- (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, type, select, error, tostring, rawequal = bios.G, bios.type, bios.select, bios.error, bios.tostring, bios.rawequal
local ipairs, s_gsub, s_sub, s_find, BAD_ARGUMENT, arg = bios.ipairs, bios.s_gsub, bios.s_sub, bios.s_find, bios.BAD_ARGUMENT, bios.arg
local invoke, number_text, try = bios.invoke, bios.number_text, bios.try

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

bios.fs = fs
