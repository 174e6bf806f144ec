-- cc.completion: completion functions for read(): the endings of a partial word among fixed choices, or among
-- the names of peripherals, sides, settings or commands.

local expect = require("cc.expect").expect

--- The endings of `text` among `choices` (each with a space after it when `add_space`).
---@param text string
---@param choices string[]
---@param add_space? boolean
---@return string[]
local function choice(text, choices, add_space)
  expect(1, text, "string")
  expect(2, choices, "table")
  expect(3, add_space, "boolean", "nil")
  local endings = {}
  for _, option in ipairs(choices) do
    if #option + (add_space and 1 or 0) > #text and option:sub(1, #text) == text then
      endings[#endings + 1] = option:sub(#text + 1) .. (add_space and " " or "")
    end
  end
  return endings
end

--- The endings of `text` among the names of the attached peripherals.
---@param text string
---@param add_space? boolean
---@return string[]
local function peripheral_(text, add_space)
  expect(1, text, "string")
  expect(2, add_space, "boolean", "nil")
  return choice(text, peripheral.getNames(), add_space)
end

--- The endings of `text` among the computer's sides (redstone.getSides()).
---@param text string
---@param add_space? boolean
---@return string[]
local function side(text, add_space)
  expect(1, text, "string")
  expect(2, add_space, "boolean", "nil")
  return choice(text, redstone.getSides(), add_space)
end

--- The endings of `text` among the names of settings (settings.getNames()).
---@param text string
---@param add_space? boolean
---@return string[]
local function setting(text, add_space)
  expect(1, text, "string")
  expect(2, add_space, "boolean", "nil")
  return choice(text, settings.getNames(), add_space)
end

--- The endings of `text` among the commands of a command computer (none elsewhere: thox has no `commands`).
---@param text string
---@param add_space? boolean
---@return string[]
local function command(text, add_space)
  expect(1, text, "string")
  expect(2, add_space, "boolean", "nil")
  local commands = rawget(_G, "commands")
  if type(commands) ~= "table" or type(commands.list) ~= "function" then return {} end
  return choice(text, commands.list(), add_space)
end

return { choice = choice, peripheral = peripheral_, side = side, setting = setting, command = command }
