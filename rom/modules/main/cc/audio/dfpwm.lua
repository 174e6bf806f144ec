-- cc.audio.dfpwm: the DFPWM1a audio codec (one bit a sample: a charge predictor of adaptive strength, and on
-- decoding an anti-jerk step and a low-pass filter) between strings of DFPWM and tables of amplitudes -128..127.

local expect = require("cc.expect").expect

local floor, char, byte = math.floor, string.char, string.byte

local SCALE = 1024 -- the strength is a fixed-point fraction of SCALE (10 bits)
local STRENGTH_MAX, STRENGTH_MIN = 1023, 8 -- SCALE - 1, SCALE / 128
local LOW_PASS = 140 -- the decoder's post-filter strength, out of 256

--- The predictor both sides share: its charge follows the bits, faster while they repeat.
---@return fun(bit: boolean): number, number the new charge and the previous one
local function make_predictor()
  local charge, strength, previous = 0, 0, false
  return function(bit)
    local target = bit and 127 or -128
    local next_charge = charge + floor((strength * (target - charge) + 512) / SCALE)
    if next_charge == charge and next_charge ~= target then next_charge = next_charge + (bit and 1 or -1) end
    local aim = bit == previous and STRENGTH_MAX or 0
    if strength ~= aim then strength = strength + (bit == previous and 1 or -1) end
    if strength < STRENGTH_MIN then strength = STRENGTH_MIN end
    local last = charge
    charge, previous = next_charge, bit
    return next_charge, last
  end
end

--- Makes an encoder: a function from a table of amplitudes (-128..127; rounded down and clamped) to a DFPWM
--- string, 8 samples a byte, the first in the lowest bit. It keeps its state from one call to the next.
---@return fun(input: number[]): string
local function make_encoder()
  local predict = make_predictor()
  local charge = 0
  return function(input)
    expect(1, input, "table")
    local out = {}
    for i = 1, #input, 8 do
      local value = 0
      for j = 0, 7 do
        local level = floor(input[i + j] or 0)
        if level > 127 then level = 127 elseif level < -128 then level = -128 end
        local bit = level > charge or (level == charge and level == 127)
        if bit then value = value + (1 << j) end
        charge = predict(bit)
      end
      out[#out + 1] = char(value)
    end
    return table.concat(out)
  end
end

--- Makes a decoder: a function from a DFPWM string to a table of amplitudes (-128..127), 8 a byte. It keeps its
--- state from one call to the next.
---@return fun(input: string): number[]
local function make_decoder()
  local predict = make_predictor()
  local previous_bit, filtered = false, 0
  return function(input)
    expect(1, input, "string")
    local out, n = {}, 0
    for i = 1, #input do
      local value = byte(input, i)
      for _ = 1, 8 do
        local bit = value % 2 == 1
        value = floor(value / 2)
        local charge, last = predict(bit)
        local level = bit == previous_bit and charge or floor((charge + last + 1) / 2)
        filtered = filtered + floor((LOW_PASS * (level - filtered) + 0x80) / 256)
        previous_bit = bit
        n = n + 1
        out[n] = filtered
      end
    end
    return out
  end
end

--- Encodes a whole stream of amplitudes with a fresh encoder.
---@param input number[]
---@return string
local function encode(input)
  expect(1, input, "table")
  return make_encoder()(input)
end

--- Decodes a whole DFPWM stream with a fresh decoder.
---@param input string
---@return number[]
local function decode(input)
  expect(1, input, "string")
  return make_decoder()(input)
end

return { make_encoder = make_encoder, make_decoder = make_decoder, encode = encode, decode = decode }
