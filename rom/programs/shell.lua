-- shell: a minimal CraftOS shell (prompt, programs by name or path with arguments, cd, exit); the full shell with
-- completion, aliases and multishell comes later (docs/craftos.md). At the top level it runs /startup.lua first.

local parent = shell
local dir = parent and parent.dir() or ''
local path = parent and parent.path() or '.:/rom/programs'
local running = {}
local exiting = false

local shell = {}

--- The shell's current folder (no leading slash).
function shell.dir() return dir end

--- Changes the current folder; it must exist.
---@param new string
function shell.setDir(new)
  if not fs.isDir(new) then error('Not a directory', 2) end
  dir = fs.combine(new, '')
end

function shell.path() return path end
function shell.setPath(new) path = new end

--- A path relative to the current folder (a leading slash starts from the root).
---@param name string
---@return string
function shell.resolve(name)
  if name:sub(1, 1) == '/' or name:sub(1, 1) == '\\' then return fs.combine('', name) end
  return fs.combine(dir, name)
end

--- The file of a program: a path (with or without .lua), else found along the shell's path.
---@param name string
---@return string|nil
function shell.resolveProgram(name)
  local function file(p)
    for _, candidate in ipairs({ p, p .. '.lua' }) do
      if fs.exists(candidate) and not fs.isDir(candidate) then return candidate end
    end
  end
  if name:find('[/\\]') then return file(shell.resolve(name)) end
  for entry in path:gmatch('[^:]+') do
    local found = file(shell.resolve(entry == '.' and name or fs.combine(entry, name)))
    if found then return found end
  end
end

--- Runs a program by name with arguments; true when it ran to its end.
---@param command string
---@return boolean
function shell.execute(command, ...)
  local file = shell.resolveProgram(command)
  if not file then
    printError('No such program')
    return false
  end
  local env = { shell = shell }
  env.require, env.package = require('cc.require').make(setmetatable(env, { __index = _G }), fs.getDir(file))
  running[#running + 1] = file
  local ok = os.run(env, file, ...)
  running[#running] = nil
  return ok
end

--- Splits a command line into words (double quotes group) and runs it.
---@param line string
---@return boolean
function shell.run(line, ...)
  local words = {}
  for quoted, word in (table.concat({ line, ... }, ' ') .. ' '):gmatch('(%"?)(.-)%1%s+') do
    if quoted ~= '' or word ~= '' then words[#words + 1] = word end
  end
  if #words == 0 then return false end
  return shell.execute(table.unpack(words))
end

function shell.exit() exiting = true end
function shell.getRunningProgram() return running[#running] end

local args = { ... }
if #args > 0 then return shell.run(table.unpack(args)) end

if not parent and fs.exists('startup.lua') and not fs.isDir('startup.lua') then shell.execute('/startup.lua') end

local history = {}
while not exiting do
  if term.isColour() then term.setTextColour(colours and colours.yellow or 16) end
  write(shell.dir() .. '> ')
  if term.isColour() then term.setTextColour(colours and colours.white or 1) end
  local line = read(nil, history)
  if line:match('%S') then history[#history + 1] = line end
  local command, rest = line:match('^%s*(%S+)%s*(.-)%s*$')
  if command == 'exit' then
    exiting = true
  elseif command == 'cd' then
    local target = shell.resolve(rest)
    if fs.isDir(target) then dir = target else print('Not a directory') end
  elseif command then
    shell.run(line)
  end
end
