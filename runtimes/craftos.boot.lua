-- The craftos runtime's boot: the last globals, rom/apis loaded, require per program, the
-- program found by name or run in the shell, and the runner the bios returns (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, n_exit, pcall, setmetatable, rawequal = bios.G, bios.n_exit, bios.pcall, bios.setmetatable, bios.rawequal
local ipairs, s_find, KEY, POWER, beside_rednet, dofile = bios.ipairs, bios.s_find, bios.KEY, bios.POWER, bios.beside_rednet, bios.dofile
local drive, fs, invoke, loadfile, os, peripheral_native = bios.drive, bios.fs, bios.invoke, bios.loadfile, bios.os, bios.peripheral_native
local printError, reset_terminal, term, take_power_request = bios.printError, bios.reset_terminal, bios.term, bios.take_power_request

G._HOST = 'ComputerCraft 1.113.1 (thox)'
G._CC_DEFAULT_SETTINGS = ''
G.require, G.package = nil, nil

--- The APIs of rom/apis, in name order, as os.loadAPI loads them.
local function load_apis()
  local ok, names = pcall(fs.list, 'rom/apis')
  if not ok then return end
  table.sort(names)
  for _, name in ipairs(names) do
    local path = 'rom/apis/' .. name
    if not fs.isDir(path) then os.loadAPI(path) end
  end
end

-- peripheral.lua asks for its natives once, when it loads; keys.lua for the kernel's key table (name → code)
G.peripheral = peripheral_native
G.keys = KEY
load_apis()
if G.peripheral == peripheral_native then G.peripheral = nil end
if G.keys == KEY then G.keys = nil end

--------------------------------------------------------------------------------
-- require and package per program (cc.require), and the runner
--------------------------------------------------------------------------------

--- Gives `env` its own `require` and `package` searching `dir` and /rom/modules (cc.require's make).
---@param env table
---@param dir string
local make_require = dofile('rom/modules/main/cc/require.lua').make
local function give_require(env, dir)
  env.require, env.package = make_require(env, dir)
end

--- The directories CC's shell searches for a program name without a slash.
local PROGRAM_PATH = { '.', '/rom/programs' }

--- A program's file, found as CC's shell does: a path as given (with or without .lua), else along the path.
---@param name string
---@return string|nil
local function resolve_program(name)
  local function file(path)
    for _, p in ipairs({ path, path .. '.lua' }) do
      if fs.exists(p) and not fs.isDir(p) then return p end
    end
  end
  if s_find(name, '[/\\]') then return file(fs.combine('', name)) end
  for _, dir in ipairs(PROGRAM_PATH) do
    local found = file(fs.combine(dir, name))
    if found then return found end
  end
end

--- The shell program, loaded with an environment of its own; when booting, multishell on a colour terminal (which
--- runs the shell in its first tab, as CC's advanced computers).
---@param booting boolean
---@return function
local function load_shell(booting)
  local shell_path = resolve_program('shell')
  if not shell_path then
    printError('No shell: /rom/programs/shell.lua is missing')
    n_exit(1)
  end
  -- a colour computer boots into multishell, which runs the shell in its first tab (as CC's advanced computers)
  local boot_path = booting and term.isColour() and resolve_program('/rom/programs/multishell') or shell_path
  local env = setmetatable({}, { __index = G })
  give_require(env, fs.getDir(boot_path))
  local fn, err = loadfile(boot_path, nil, env)
  if not fn then
    printError(err)
    n_exit(1)
  end
  return fn
end

--- The program the kernel left to the runtime: `name` found as CC's shell finds it and run by the shell, or the
--- shell itself when booting (in multishell on a colour terminal).
---@param name string
---@return function
local function find_program(name)
  local path = name ~= '' and resolve_program(name)
  if name ~= '' and not path then
    printError('No such program')
    n_exit(127)
  end
  local shell = load_shell(name == '')
  if name == '' then return shell end
  -- a program found by name runs in a shell (it has the shell API, as in CC); status 1 if it fails
  return function(...)
    if not shell('/' .. path, ...) then n_exit(1) end
  end
end

--- A program the kernel loaded (a host file): the shell runs it as the program `arg[0]`, as CC runs every program,
--- with the shell's program environment (shell, arg, require, package) as its globals.
---@param program function
---@return function
local function in_shell(program)
  local shell = load_shell(false)
  return function(...) shell(program, G.arg[0], ...) end
end

--- The runner: the kernel calls it with the program (or nil when the runtime finds it by name) and its arguments.
---@param program function|nil
return function(program, ...)
  give_require(G, '')
  program = beside_rednet(program and in_shell(program) or find_program(G.arg[0]))
  while true do
    take_power_request()
    local ok, err = drive(program, ...)
    if not ok and not rawequal(err, POWER) then
      printError(err)
      n_exit(1)
    end
    local request = take_power_request()
    if not request or request.kind == 'shutdown' then
      if request then invoke(2, 'computer.shutdown', request.code) end -- the host ends the process: the code or 0
      n_exit(0)
    end
    reset_terminal()
    if invoke(2, 'computer.reboot') then n_exit(0) end -- the host starts the program in a fresh process
  end
end
