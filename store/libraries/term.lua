-- term: the terminal for native programs, thin wrappers over the `term` native context (docs/devices.md).
-- `local term = require('term')` draws on the process's current terminal; term.open/wrap give others.

--- The calls every terminal object has (each one RPC call; errors are raised at the caller).
local CALLS = {
  'write', 'blit', 'clear', 'clearLine', 'getCursorPos', 'setCursorPos', 'getCursorBlink', 'setCursorBlink',
  'getSize', 'scroll', 'setTextColour', 'getTextColour', 'setBackgroundColour', 'getBackgroundColour',
  'isColour', 'setPaletteColour', 'getPaletteColour', 'nativePaletteColour', 'getLine', 'resize',
}

--- CraftOS's colours: palette entry i is 2^i (blit digit i in hex).
local colours = {
  white = 1, orange = 2, magenta = 4, lightBlue = 8, yellow = 16, lime = 32, pink = 64, grey = 128,
  lightGrey = 256, cyan = 512, purple = 1024, blue = 2048, brown = 4096, green = 8192, red = 16384, black = 32768,
}

--- A terminal object for a context: 0 (the caller's current terminal) or a terminal's own context.
---@param ctx integer
---@return table
local function wrap(ctx)
  if math.type(ctx) ~= 'integer' then error("bad argument #1 to 'wrap' (context expected, got " .. type(ctx) .. ')', 2) end
  local proxy = os.rpc(ctx).term
  local t = { ctx = ctx }
  for _, name in ipairs(CALLS) do
    local call = proxy[name]
    t[name] = function(...) return call(...) end
    local us = name:gsub('Colour', 'Color') -- CraftOS's US spellings
    t[us] = t[name]
  end
  return t
end

local root = os.rpc(0).term

--- Calls term.NAME on the root context; its error is raised at the caller of the library function.
---@param name string
local function root_call(name, ...)
  local ok, result = pcall(root[name], ...)
  -- the error names the line here: name the caller's instead
  if not ok then error((tostring(result):gsub('^[^:]*:%d+: ', '')), 3) end
  return result
end

local term = wrap(0)
term.wrap = wrap
term.colours, term.colors = colours, colours

--- Opens a new terminal, owned by the caller (it closes when the caller ends); share it with os.share(t.ctx).
---@param width? integer
---@param height? integer
---@param colour? boolean
---@return table
function term.open(width, height, colour)
  return wrap(root_call('open', width, height, colour))
end

--- The caller's current terminal as an object over its own context.
---@return table
function term.current()
  return wrap(root_call('current'))
end

--- Makes `target` (a terminal object or context) the caller's current terminal: what `term.*` and the
--- children it starts from now on draw on. Returns the previous one (nil when it was closed).
---@param target table|integer
---@return table|nil
function term.redirect(target)
  local ctx = type(target) == 'table' and target.ctx or target
  local previous = root_call('redirect', ctx)
  return previous and wrap(previous)
end

return term
