-- The craftos runtime's other devices: the peripheral natives, redstone/rs, http (disabled) and bit
-- (a part of runtimes/craftos.lua).

---@type table the bios's shared locals (runtimes/craftos.lua): natives and what earlier parts give
local bios = ...
local G, error, ipairs, unpack, floor, arg = bios.G, bios.error, bios.ipairs, bios.unpack, bios.floor, bios.arg
local arg_at, invoke = bios.arg_at, bios.invoke

--- The peripheral natives the Lua `peripheral` API (rom/apis/peripheral.lua) builds on.
local peripheral_native = {}
for _, name in ipairs({ 'getNames', 'isPresent', 'getType', 'getMethods', 'call' }) do
  local call = 'peripheral.' .. name
  peripheral_native[name] = function(...) return invoke(2, call, ...) end
end

local SIDES = { 'top', 'bottom', 'left', 'right', 'front', 'back' }
local is_side = {}
for _, side in ipairs(SIDES) do is_side[side] = true end

--- The computer's own redstone: outputs it sets (and reads back); no world drives its inputs (always off).
local outputs, bundled_outputs = {}, {}
local function side_arg(side)
  arg_at(4, 1, side, 'string')
  local lower = string.lower(side) -- sides are named in any case, as CC's option arguments
  if not is_side[lower] then error('bad argument #1 (unknown option ' .. side .. ')', 3) end
  return lower
end
local function level_arg(value)
  arg_at(4, 2, value, 'number')
  if value < 0 or value > 15 then error('Expected number in range 0-15', 3) end
  return floor(value)
end
local redstone = {
  getSides = function() return { unpack(SIDES) } end,
  setOutput = function(side, on)
    side = side_arg(side)
    arg(2, on, 'boolean')
    outputs[side] = on and 15 or 0
  end,
  getOutput = function(side) return (outputs[side_arg(side)] or 0) > 0 end,
  getInput = function(side)
    side_arg(side)
    return false
  end,
  setAnalogOutput = function(side, value)
    side = side_arg(side)
    outputs[side] = level_arg(value)
  end,
  getAnalogOutput = function(side) return outputs[side_arg(side)] or 0 end,
  getAnalogInput = function(side)
    side_arg(side)
    return 0
  end,
  setBundledOutput = function(side, value)
    side = side_arg(side)
    bundled_outputs[side] = arg(2, value, 'number')
  end,
  getBundledOutput = function(side) return bundled_outputs[side_arg(side)] or 0 end,
  getBundledInput = function(side)
    side_arg(side)
    return 0
  end,
  testBundledInput = function(side, mask)
    side_arg(side)
    arg(2, mask, 'number')
    return mask == 0
  end,
}
redstone.setAnalogueOutput, redstone.getAnalogueOutput, redstone.getAnalogueInput =
  redstone.setAnalogOutput, redstone.getAnalogOutput, redstone.getAnalogInput
G.redstone, G.rs = redstone, redstone

--- HTTP is disabled on thox: every request fails as CC's do when its config turns HTTP off.
local DISABLED = 'HTTP is disabled'
G.http = {
  checkURL = function(url)
    arg(1, url, 'string')
    return false, DISABLED
  end,
  checkURLAsync = function(url)
    arg(1, url, 'string')
    return false, DISABLED
  end,
  request = function() return false, DISABLED end,
  get = function() return nil, DISABLED end,
  post = function() return nil, DISABLED end,
  websocket = function() return false, DISABLED end,
  websocketAsync = function() return false, DISABLED end,
}

local bit32 = G.bit32
G.bit = {
  bnot = bit32.bnot, band = bit32.band, bor = bit32.bor, bxor = bit32.bxor,
  brshift = bit32.arshift, blshift = bit32.lshift, blogic_rshift = bit32.rshift,
}

bios.peripheral_native = peripheral_native
