-- cc.require: builds a `require` and `package` for a CraftOS program, as CC's shell gives each program its own.
-- Modules are found on package.path (relative to the program's folder, then /rom/modules/main) in the file system.

local expect = require and package and package.loaded['cc.expect'] or dofile('rom/modules/main/cc/expect.lua')
local expect_arg = expect.expect

local SENTINEL = {} -- marks a module being loaded (a require cycle)

--- Makes a `require` function and a `package` table whose modules land in `env`'s world.
---@param env table the environment modules are loaded with
---@param dir string the folder relative paths on package.path start from
---@return function require
---@return table package
local function make(env, dir)
  expect_arg(1, env, 'table')
  expect_arg(2, dir, 'string')
  local package = {
    loaded = { _G = _G, bit32 = bit32, coroutine = coroutine, math = math, os = os, string = string, table = table,
      utf8 = utf8, ['cc.expect'] = expect },
    preload = {},
    config = '/\n;\n?\n!\n-',
    path = '?;?.lua;?/init.lua;/rom/modules/main/?;/rom/modules/main/?.lua;/rom/modules/main/?/init.lua',
  }
  if turtle then package.path = package.path .. ';/rom/modules/turtle/?;/rom/modules/turtle/?.lua;/rom/modules/turtle/?/init.lua' end

  --- Finds `name` on a path: the file, or nil and the places tried.
  local function searchpath(name, path, sep, rep)
    expect_arg(1, name, 'string')
    expect_arg(2, path, 'string')
    name = name:gsub(sep and sep:gsub('%p', '%%%0') or '%.', rep or '/')
    local tried = {}
    for template in path:gmatch('[^;]+') do
      local file = template:gsub('%?', name)
      if file:sub(1, 1) ~= '/' then file = fs.combine(dir, file) end
      if fs.exists(file) and not fs.isDir(file) then return file end
      tried[#tried + 1] = "\n  no file '" .. file .. "'"
    end
    return nil, table.concat(tried)
  end
  package.searchpath = searchpath

  package.loaders = {
    function(name)
      if package.preload[name] then return package.preload[name] end
      return nil, "\n  no field package.preload['" .. name .. "']"
    end,
    function(name)
      local file, tried = searchpath(name, package.path)
      if not file then return nil, tried end
      local fn, err = loadfile(file, nil, env)
      if not fn then return nil, "\n  " .. err end -- a file that does not compile is reported among the places tried
      return fn, file
    end,
  }
  package.searchers = package.loaders

  --- Loads a module once: package.loaded[name], else what its loader returns (true when nothing).
  local function require(name)
    expect_arg(1, name, 'string')
    local loaded = package.loaded[name]
    if loaded == SENTINEL then error("loop or previous error loading module '" .. name .. "'", 0) end
    if loaded ~= nil then return loaded end
    local why = { "module '" .. name .. "' not found:" }
    for _, search in ipairs(package.loaders) do
      local loader, extra = search(name)
      if loader then
        package.loaded[name] = SENTINEL
        -- a preloaded module gets only its name; a file's, its name and the file
        local ok, result
        if extra == nil then ok, result = pcall(loader, name) else ok, result = pcall(loader, name, extra) end
        if not ok then
          package.loaded[name] = nil
          error(result, 2)
        end
        if result == nil then result = true end
        package.loaded[name] = result
        return result
      end
      why[#why + 1] = extra
    end
    error(table.concat(why), 2)
  end

  return require, package
end

return { make = make }
