-- The craftos runtime's code from files: loadfile, dofile, load, os.run, os.loadAPI and os.unloadAPI
-- (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, type, error, pcall, setmetatable, rawequal = bios.G, bios.type, bios.error, bios.pcall, bios.setmetatable, bios.rawequal
local pairs, load, s_format, s_gsub, s_sub, POWER = bios.pairs, bios.load, bios.s_format, bios.s_gsub, bios.s_sub, bios.POWER
local arg, fs, got, os, printError = bios.arg, bios.fs, bios.got, bios.os, bios.printError

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

bios.dofile, bios.loadfile = dofile, loadfile
