-- The package library and require, loaded by the sandbox the first time a process uses either: Lua 5.4's
-- require over three searchers (preload, the program's own folder, the store's libraries); no C libraries.
---@param package table the process's (still empty) package table, filled here
---@param private table what the sandbox lends: load (text chunks), env, program_file, library, loaded, and lock,
--- unlock, pause, running, gone (for tasks that require at once)
local package, private = ...

local type, error, pcall, tostring = type, error, pcall, tostring
local raw_load, env, program_file, store_library = private.load, private.env, private.program_file, private.library
local raise_c = private.raise_c

local loaded = private.loaded -- the sandbox's, with the standard libraries (kept where Lua's C library finds it)
package.loaded = loaded
package.preload = {}
--- Templates relative to the folder of the program file (`thox run dir/main.lua` searches dir/), written as Lua's
--- own ./ templates, so that where a module was found reads as under lua5.4 run from that folder ('./helper.lua').
package.path = './?.lua;./?/init.lua'
package.cpath = ''
package.config = '/\n;\n?\n!\n-\n'

--- Lua's argument check for a string parameter, its error named as the call names the function (`qualified` when
--- no call does: from pcall).
local function check_string(v, i, qualified)
  if type(v) == 'number' then return tostring(v) end
  if type(v) ~= 'string' then
    raise_c(qualified, ("bad argument #%d to '?' (string expected, got %s)"):format(i, v == nil and 'no value' or type(v)), 2)
  end
  return v
end

--- What the last successful searchpath read (so the searcher does not read the file twice).
local found = {}

--- Looks for name in the program's folder along path: the first file that can be read, or fail and every place tried.
---@param name string
---@param path string
---@param sep? string
---@param rep? string
function package.searchpath(name, path, sep, rep)
  name, path = check_string(name, 1, 'package.searchpath'), check_string(path, 2, 'package.searchpath')
  sep = sep == nil and '.' or check_string(sep, 3, 'package.searchpath')
  rep = rep == nil and '/' or check_string(rep, 4, 'package.searchpath')
  if sep ~= '' then
    local parts, start = {}, 1
    while true do -- a plain replace of every sep by rep
      local i, j = name:find(sep, start, true)
      if not i then break end
      parts[#parts + 1] = name:sub(start, i - 1)
      start = j + 1
    end
    parts[#parts + 1] = name:sub(start)
    name = table.concat(parts, rep)
  end
  local tried = {}
  for template in (path .. ';'):gmatch('([^;]*);') do -- as Lua, an empty template is tried too (and listed)
    local file = template:gsub('%?', function() return name end)
    local source, chunkname = program_file(file)
    if source then
      found.source, found.chunkname = source, chunkname
      return file
    end
    tried[#tried + 1] = chunkname -- why not: "no file 'name'", and the reason when there is one
  end
  return nil, table.concat(tried, '\n\t')
end

--- Searcher 1: package.preload.
local function search_preload(name)
  local preload = package.preload
  if type(preload) ~= 'table' then error("'package.preload' must be a table", 2) end
  local loader = preload[name]
  if loader == nil then return "no field package.preload['" .. name .. "']" end
  return loader, ':preload:'
end

--- Searcher 2: Lua files in the program's folder along package.path (text chunks only).
local function search_folder(name)
  local path = package.path
  if type(path) ~= 'string' then error("'package.path' must be a string", 2) end
  local file, why = package.searchpath(name, path)
  if not file then return why end
  local chunk, err = raw_load(found.source, found.chunkname, 't', env)
  found.source = nil
  if not chunk then error(("error loading module '%s' from file '%s':\n\t%s"):format(name, file, err), 2) end
  return chunk, file
end

--- Searcher 3: the store's libraries (libraries/NAME.lua).
local function search_store(name)
  local source, where = store_library(name)
  if not source then return (where:gsub('^\n\t', '')) end
  local chunk, err = raw_load(source, '@' .. where, 't', env)
  if not chunk then error(("error loading module '%s' from file '%s':\n\t%s"):format(name, where, err), 2) end
  return chunk, where
end

package.searchers = { search_preload, search_folder, search_store }

--- Asks each searcher in turn: a loader and its data, or Lua's error listing every place tried.
local function find_loader(name)
  local searchers = package.searchers
  if type(searchers) ~= 'table' then error("'package.searchers' must be a table", 3) end
  local msg = {}
  for i = 1, math.huge do
    local searcher = searchers[i]
    if searcher == nil then break end
    local loader, data = searcher(name)
    if type(loader) == 'function' then return loader, data end
    if type(loader) == 'string' then msg[#msg + 1] = '\n\t' .. loader end
  end
  error(("module '%s' not found:%s"):format(name, table.concat(msg)), 3)
end

--- The task (thread) loading each module now. Tasks share it and may be preempted anywhere: a task checks and
--- claims a name holding `claims`'s lock (the sandbox's, as a buffer's), and waits while another task loads it.
local loading = {}
local claims = { lock = { true } }
local lock, unlock, pause, running, gone = private.lock, private.unlock, private.pause, private.running, private.gone

--- Claims a module for this task to load, after another task's load of it: false when it is loaded meanwhile.
---@param name string
local function claim(name)
  local me = running()
  if not lock(claims) then pause() end -- it cannot wait here: pause raises that
  while true do
    local owner = loading[name] -- read once: its loader clears it without the lock
    if not owner or owner == me or gone(owner) then break end
    unlock(claims)
    pause()
    lock(claims)
  end
  local cycle, done = loading[name] == me, loaded[name]
  if not cycle and not done then loading[name] = me end
  unlock(claims)
  if cycle then error("require: cycle detected while loading '" .. name .. "'", 3) end
  return not done
end

--- require: the module's value (loaded once per process) and, on its first load, where it came from. A name
--- ending in `.lua` is the name without it (`require 'greet.lua'` is `require 'greet'`).
---@param name string
local function require(name)
  name = check_string(name, 1, 'require')
  name = name:match('^(.-)%.lua$') or name
  local value = loaded[name]
  if value then return value end
  local loader, data = find_loader(name)
  if not claim(name) then return loaded[name] end
  local r = table.pack(pcall(loader, name, data))
  if r[1] then
    if r[2] ~= nil then loaded[name] = r[2] end
    if loaded[name] == nil then loaded[name] = true end
  end
  loading[name] = nil -- after loaded[name]: a task that waited for this load and runs in between finds the module
  if not r[1] then error(r[2], 0) end
  return loaded[name], data
end

return require
