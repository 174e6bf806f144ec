-- shell: the CraftOS shell: the `shell` API (programs found over the path, aliases, completion, the current folder)
-- and the prompt reading command lines; at the top level it prints the version, the motd and runs rom/startup.lua.

local expect = require('cc.expect').expect
local make_require = require('cc.require').make

local parent = shell
local dir = parent and parent.dir() or ''
local path = parent and parent.path() or '.:/rom/programs:/rom/programs/http:/rom/programs/rednet'
local aliases = {}
local completions = {}
local running = { parent and parent.getRunningProgram() or 'rom/programs/shell.lua' }
local exiting = false

if parent then
  for name, program in pairs(parent.aliases()) do aliases[name] = program end
  for program, info in pairs(parent.getCompletionInfo()) do completions[program] = info end
else
  aliases = { ls = 'list', dir = 'list', cp = 'copy', mv = 'move', rm = 'delete', clr = 'clear', rs = 'redstone',
    sh = 'shell' }
end

local shell = {}

--- The shell's current folder (no leading slash).
---@return string
function shell.dir() return dir end

--- Changes the current folder; it must exist.
---@param new string
function shell.setDir(new)
  expect(1, new, 'string')
  if not fs.isDir(new) then error('Not a directory', 2) end
  dir = fs.combine(new, '')
end

--- The program path: folders separated by colons ("." is the current folder).
---@return string
function shell.path() return path end

---@param new string
function shell.setPath(new)
  expect(1, new, 'string')
  path = new
end

--- A path relative to the current folder (a leading slash starts from the root).
---@param name string
---@return string
function shell.resolve(name)
  expect(1, name, 'string')
  local first = name:sub(1, 1)
  if first == '/' or first == '\\' then return fs.combine('', name) end
  return fs.combine(dir, name)
end

--- The file at `p` or `p.lua`, if either is a file.
---@param p string
---@return string|nil
local function program_file(p)
  for _, candidate in ipairs({ p, p .. '.lua' }) do
    if fs.exists(candidate) and not fs.isDir(candidate) then return candidate end
  end
end

--- The file of a program: an alias's program, a path (with or without .lua), else found along the shell's path.
---@param name string
---@return string|nil
function shell.resolveProgram(name)
  expect(1, name, 'string')
  name = aliases[name] or name
  if name:find('[/\\]') then return program_file(shell.resolve(name)) end
  for entry in path:gmatch('[^:]+') do
    local found = program_file(fs.combine(shell.resolve(entry), name))
    if found then return found end
  end
end

--- The names of the programs on the path (without .lua), sorted; names starting with "." only if asked.
---@param include_hidden? boolean
---@return string[]
function shell.programs(include_hidden)
  expect(1, include_hidden, 'boolean', 'nil')
  local seen = {}
  for entry in path:gmatch('[^:]+') do
    local folder = shell.resolve(entry)
    if fs.isDir(folder) then
      for _, file in ipairs(fs.list(folder)) do
        if not fs.isDir(fs.combine(folder, file)) and (include_hidden or file:sub(1, 1) ~= '.') then
          seen[(file:gsub('%.lua$', ''))] = true
        end
      end
    end
  end
  local names = {}
  for name in pairs(seen) do names[#names + 1] = name end
  table.sort(names)
  return names
end

--- Splits a command line into words: spaces separate them, double quotes group.
---@param line string
---@return string[]
local function tokenise(line)
  local words = {}
  local quoted = false
  for part in (line .. '"'):gmatch('(.-)"') do
    if quoted then
      words[#words + 1] = part
    else
      for word in part:gmatch('%S+') do words[#words + 1] = word end
    end
    quoted = not quoted
  end
  return words
end

--- The program's own environment: the shell, `arg` (arg[0] the command as given), and a `require`/`package`
--- starting from its file's folder.
---@param command string
---@param file string
---@return table
local function program_env(command, file, ...)
  local env = { shell = shell, multishell = multishell, arg = { [0] = command, ... } }
  setmetatable(env, { __index = _G })
  env.require, env.package = make_require(env, fs.getDir(file))
  return env
end

--- Under multishell, names this shell's tab after the program running in it.
---@param file string
local function title(file)
  if multishell then multishell.setTitle(multishell.getCurrent(), (fs.getName(file):gsub('%.lua$', ''))) end
end

--- How many `#!` programs may run one another in a row (a file naming itself would go on for ever).
local MAX_HASHBANGS = 16
local hashbangs = 0

--- The command a file's first line names (`#!program args`), as words, or nil.
---@param file string
---@return string[]|nil
local function hashbang(file)
  local h = fs.open(file, 'r')
  if not h then return nil end
  local first = h.readLine()
  h.close()
  if first and first:sub(1, 2) == '#!' then return tokenise(first:sub(3)) end
  return nil
end

--- Runs a program by name with arguments; true when it ran to its end. A file whose first line is `#!command`
--- runs that command with the file's name and the arguments after the command's own (`#!shell ...` runs the rest
--- in this shell, where the count of nested #! programs is kept).
---@param command string
---@return boolean
function shell.execute(command, ...)
  expect(1, command, 'string')
  local file = shell.resolveProgram(command)
  if not file then
    printError('No such program')
    return false
  end
  local words = hashbang(file)
  if words and #words > 0 then
    if hashbangs >= MAX_HASHBANGS then
      printError('Too many nested #! programs')
      return false
    end
    words[#words + 1] = command
    for i = 1, select('#', ...) do words[#words + 1] = select(i, ...) end
    if shell.resolveProgram(words[1]) == shell.resolveProgram('shell') then table.remove(words, 1) end
    hashbangs = hashbangs + 1
    local ok = shell.execute(table.unpack(words))
    hashbangs = hashbangs - 1
    return ok
  end
  running[#running + 1] = file
  title(file)
  local ok = os.run(program_env(command, file, ...), file, ...)
  running[#running] = nil
  title(running[#running])
  return ok
end

--- Runs a program the runtime loaded from outside the file system (`thox run --runtime craftos FILE`) as the
--- program `name`: its globals become the program environment, as a file's would.
---@param fn function
---@param name string
local function execute_loaded(fn, name, ...)
  debug.setupvalue(fn, 1, program_env(name, name, ...))
  running[#running + 1] = name
  fn(...)
  running[#running] = nil
end

--- Splits a command line into words and runs it (the arguments are joined with spaces first).
---@param ... string
---@return boolean
function shell.run(...)
  local words = tokenise(table.concat({ ... }, ' '))
  if #words == 0 then return false end
  return shell.execute(table.unpack(words))
end

if multishell then
  --- Runs a command line in a new tab (a shell of its own, this one's folder, path and aliases); returns its number.
  ---@return integer
  function shell.openTab(...)
    local env = { shell = shell, multishell = multishell }
    return multishell.launch(env, 'rom/programs/shell.lua', table.unpack(tokenise(table.concat({ ... }, ' '))))
  end

  --- Shows tab `n`.
  ---@param n integer
  function shell.switchTab(n)
    expect(1, n, 'number')
    multishell.setFocus(n)
  end
end

--- Makes the shell leave once the program running now ends.
function shell.exit() exiting = true end

--- The path of the program running now.
---@return string
function shell.getRunningProgram() return running[#running] end

--- Makes `name` run `program`.
---@param name string
---@param program string
function shell.setAlias(name, program)
  expect(1, name, 'string')
  expect(2, program, 'string')
  aliases[name] = program
end

---@param name string
function shell.clearAlias(name)
  expect(1, name, 'string')
  aliases[name] = nil
end

--- A copy of the aliases: name → program.
---@return table
function shell.aliases()
  local copy = {}
  for name, program in pairs(aliases) do copy[name] = program end
  return copy
end

--- Completes a program's name: programs and aliases on the path, folders of the current folder, or files of a path.
---@param prefix string
---@return string[]
function shell.completeProgram(prefix)
  expect(1, prefix, 'string')
  if prefix:find('[/\\]') then return fs.complete(prefix, dir, true, true) end
  local found, results = {}, {}
  local function add(result)
    if not found[result] then
      found[result] = true
      results[#results + 1] = result
    end
  end
  local names = shell.programs()
  for name in pairs(aliases) do names[#names + 1] = name end
  for _, name in ipairs(names) do
    if #name > #prefix and name:sub(1, #prefix) == prefix then add(name:sub(#prefix + 1)) end
  end
  for _, folder in ipairs(fs.complete(prefix, dir, false, true)) do
    if folder:sub(-1) == '/' then add(folder) end
  end
  table.sort(results)
  return results
end

--- Completions of a command line's last word: a program's name, or its argument by the program's completer.
---@param line string
---@return string[]|nil
function shell.complete(line)
  expect(1, line, 'string')
  local words = tokenise(line)
  local index = #words + (line:match('%s$') and 1 or 0)
  if index <= 1 then
    local results = shell.completeProgram(words[1] or '')
    for i, result in ipairs(results) do
      if result:sub(-1) ~= '/' then results[i] = result .. ' ' end
    end
    return results
  end
  local file = shell.resolveProgram(words[1])
  local info = file and completions[file]
  if not info then return nil end
  local previous = { table.unpack(words, 1, index - 1) }
  return info.fnComplete(shell, index - 1, words[index] or '', previous)
end

--- Sets how a program's arguments complete: fn(shell, index, text, previous) returns the endings of `text`.
---@param program string the program's path (as resolveProgram gives it)
---@param fn function
function shell.setCompletionFunction(program, fn)
  expect(1, program, 'string')
  expect(2, fn, 'function')
  completions[program] = { fnComplete = fn }
end

--- The completers: program path → { fnComplete = fn }.
---@return table
function shell.getCompletionInfo()
  local copy = {}
  for program, info in pairs(completions) do copy[program] = info end
  return copy
end

--- The completers of the programs shipped in /rom/programs.
local function set_rom_completions()
  local c = require('cc.shell.completion')
  local function choices(list)
    return function(_, text) return require('cc.completion').choice(text, list) end
  end
  local by_name = {
    cd = c.build(c.dir), list = c.build(c.dir), mkdir = c.build({ c.dir, many = true }),
    delete = c.build({ c.dirOrFile, many = true }), type = c.build(c.dirOrFile),
    copy = c.build({ c.dirOrFile, true }, c.dirOrFile), move = c.build({ c.dirOrFile, true }, c.dirOrFile),
    rename = c.build({ c.dirOrFile, true }, c.dirOrFile), edit = c.build(c.file),
    help = c.build(function(_, text) return help.completeTopic(text) end),
    set = c.build({ c.setting, true }), label = c.build(choices({ 'get', 'set ', 'clear' })),
    alias = c.build(nil, c.program), redstone = c.build(choices({ 'probe', 'set ', 'pulse ' }), c.side), shell = c.build({ c.programWithArgs, 2, many = true }),
    bg = c.build({ c.programWithArgs, 2, many = true }), fg = c.build({ c.programWithArgs, 2, many = true }),
    paint = c.build(c.file), chat = c.build(choices({ 'host ', 'join ' })),
  }
  for name, fn in pairs(by_name) do shell.setCompletionFunction('rom/programs/' .. name .. '.lua', fn) end
end

--- The settings the shell and its programs read, with CC's defaults.
local function define_settings()
  settings.define('shell.autocomplete', { default = true, type = 'boolean',
    description = 'Autocomplete program and arguments in the shell.' })
  settings.define('shell.allow_startup', { default = true, type = 'boolean',
    description = 'Run startup files when the computer turns on.' })
  settings.define('shell.allow_disk_startup', { default = true, type = 'boolean',
    description = 'Run startup files from disks in drives when the computer turns on.' })
  settings.define('list.show_hidden', { default = false, type = 'boolean',
    description = 'Show hidden files (those starting with ".") in the Lua REPL.' })
  settings.define('motd.enable', { default = false, type = 'boolean',
    description = 'Display a random message when the computer starts up.' })
  settings.define('motd.path', { default = '/rom/motd.txt:/motd.txt', type = 'string',
    description = 'The files motd takes its messages from, separated by colons.' })
  settings.define('lua.autocomplete', { default = true, type = 'boolean',
    description = 'Autocomplete in the Lua REPL.' })
end

--- Sets the text colour on colour terminals.
---@param c integer
local function colour(c)
  if term.isColour() then term.setTextColour(c) end
end

if not parent then
  define_settings()
  settings.load('/.settings') -- the computer's saved settings, as CC loads them when it turns on
  set_rom_completions()
end

local args = { ... }
if type(args[1]) == 'function' then return execute_loaded(...) end
if #args > 0 then return shell.execute(table.unpack(args)) end

colour(colours.yellow)
print(os.version())
colour(colours.white)
if not parent then
  if settings.get('motd.enable') then shell.run('motd') end
  if fs.exists('rom/startup.lua') then shell.run('/rom/startup.lua') end
end

local history = {}
local function complete(line) -- nothing for an empty line (no hint at a bare prompt)
  if settings.get('shell.autocomplete') and line ~= '' then return shell.complete(line) end
end
while not exiting do
  term.setBackgroundColour(colours.black)
  colour(colours.yellow)
  write(dir .. '> ')
  colour(colours.white)
  local line = read(nil, history, complete)
  if line:match('%S') and history[#history] ~= line then history[#history + 1] = line end
  shell.run(line)
end
