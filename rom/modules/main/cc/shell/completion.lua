-- cc.shell.completion: ready-made argument completers for shell.setCompletionFunction (files, folders, programs,
-- peripherals, sides, settings, commands) and `build`, which makes a program's completer from one per argument.

local expect = require("cc.expect").expect

--- Adds a space after each completion that is not a folder (ends in "/"), when `add_space` is set.
local function spaced(results, add_space)
  if add_space then
    for i, result in ipairs(results) do
      if result:sub(-1) ~= "/" then results[i] = result .. " " end
    end
  end
  return results
end

--- Completes the name of a file relative to the shell's folder.
---@param shell table
---@param text string
---@return string[]
local function file(shell, text)
  return fs.complete(text, shell.dir(), true, false)
end

--- Completes the name of a folder relative to the shell's folder.
---@param shell table
---@param text string
---@return string[]
local function dir(shell, text)
  return fs.complete(text, shell.dir(), false, true)
end

--- Completes the name of a file or folder relative to the shell's folder.
---@param shell table
---@param text string
---@param previous table
---@param add_space? boolean add a space after a completed file name
---@return string[]
local function dirOrFile(shell, text, _, add_space)
  return spaced(fs.complete(text, shell.dir(), true, true), add_space)
end

--- Completes the name of a program.
---@param shell table
---@param text string
---@return string[]
local function program(shell, text)
  return shell.completeProgram(text)
end

--- Completes a program's name at argument `starting`, then the later arguments with that program's own completer.
---@param shell table
---@param text string
---@param previous table the arguments before this one (the program running the completion at [1])
---@param starting number the argument the program's name is
---@return string[]|nil
local function programWithArgs(shell, text, previous, starting)
  if #previous + 1 == starting then return spaced(shell.completeProgram(text), true) end
  local name = previous[starting]
  local path = name and shell.resolveProgram(name)
  local info = path and shell.getCompletionInfo()[path]
  if not info then return nil end
  local args = { name, table.unpack(previous, starting + 1, #previous) }
  return info.fnComplete(shell, #previous - starting + 1, text, args)
end

--- A shell completer over the cc.completion function `name` (looked up when called): (shell, text, previous, ...)
--- passes (text, ...).
local function over(name)
  return function(_, text, _, ...)
    return require("cc.completion")[name](text, ...)
  end
end

--- Makes a program's completer from one completer per argument: each is nil (no completion), a function
--- (shell, text, previous), or a table { fn, extra... } passing the extras after `previous`; `many = true` in the
--- last one completes every argument after it too.
---@param ... function|table|nil
---@return fun(shell: table, index: number, text: string, previous: table): string[]|nil
local function build(...)
  local n = select("#", ...)
  local specs = table.pack(...)
  for i = 1, n do
    local spec = specs[i]
    if spec ~= nil then
      expect(i, spec, "table", "function")
      if type(spec) == "table" then expect(i, spec[1], "function") end
    end
  end
  return function(shell, index, text, previous)
    local spec = specs[index]
    if index > n and n > 0 and type(specs[n]) == "table" and specs[n].many then spec = specs[n] end
    if type(spec) == "function" then return spec(shell, text, previous) end
    if type(spec) == "table" then return spec[1](shell, text, previous, table.unpack(spec, 2)) end
    return nil
  end
end

return {
  file = file,
  dir = dir,
  dirOrFile = dirOrFile,
  program = program,
  programWithArgs = programWithArgs,
  choice = over("choice"),
  peripheral = over("peripheral"),
  side = over("side"),
  setting = over("setting"),
  command = over("command"),
  build = build,
}
