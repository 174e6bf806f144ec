-- lua: the interactive Lua prompt: each line runs in one environment kept across lines (a `local` declared at the
-- start of a line stays too); an expression's values are printed with cc.pretty; exit() leaves.

local pretty = require('cc.pretty')

local running = true
local env = setmetatable({}, { __index = _ENV })
function env.exit() running = false end

--- The line with a leading `local` dropped, so what it declares lives in the prompt's environment.
---@param line string
---@return string
local function unlocal(line)
  return (line:gsub('^(%s*)local%s+function%s', '%1function '):gsub('^(%s*)local%s+([%a_][%w_%s,]*=)', '%1%2'))
end

--- Compiles a line: as an expression whose values are shown, else as a statement.
---@param line string
---@return function|nil, string|boolean
local function compile(line)
  local fn = load('return ' .. line, '=lua', 't', env)
  if fn then return fn, true end
  local err
  fn, err = load(unlocal(line), '=lua', 't', env)
  return fn, fn and false or err
end

local function colour(c)
  if term.isColour() then term.setTextColour(c) end
end

colour(colours.yellow)
print('Interactive Lua prompt.')
print('Call exit() to exit.')
colour(colours.white)

local history = {}
local function complete(line) -- the name being typed; nothing before one is started
  local word = line:match('[%w_.:]*$')
  if settings.get('lua.autocomplete') and word ~= '' then return textutils.complete(word, env) end
end
while running do
  colour(colours.yellow)
  write('lua> ')
  colour(colours.white)
  local line = read(nil, history, complete)
  if line:match('%S') then
    if history[#history] ~= line then history[#history + 1] = line end
    local fn, shown = compile(line)
    if not fn then
      printError(shown)
    else
      local result = table.pack(pcall(fn))
      if not result[1] then
        printError(result[2])
      elseif shown then
        for i = 2, result.n do pretty.pretty_print(result[i]) end
      end
    end
  end
end
