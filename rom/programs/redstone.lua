-- redstone (rs): shows the redstone inputs (probe), sets an output (set SIDE [COLOUR] VALUE) or pulses one
-- (pulse SIDE COUNT PERIOD).

local args = { ... }
local command = args[1]

local function usage()
  print('Usages:')
  print('redstone probe')
  print('redstone set <side> <value>')
  print('redstone set <side> <color> <value>')
  print('redstone pulse <side> <count> <period>')
end

--- The sides whose value is set, as "side, side" or "None".
local function listed(test)
  local found = {}
  for _, side in ipairs(redstone.getSides()) do
    if test(side) then found[#found + 1] = side end
  end
  return #found > 0 and table.concat(found, ', ') or 'None'
end

if command == 'probe' then
  print('Redstone inputs: ' .. listed(redstone.getInput))
  print('Bundled inputs: ' .. listed(function(side) return redstone.getBundledInput(side) > 0 end))
elseif command == 'set' and #args == 3 then
  local side, value = args[2], args[3]
  local strength = tonumber(value)
  if strength then
    redstone.setAnalogOutput(side, math.max(0, math.min(15, math.floor(strength))))
  else
    redstone.setOutput(side, value == 'true')
  end
elseif command == 'set' and #args == 4 then
  local side, colour, value = args[2], colours[args[3]] or colors[args[3]], args[4]
  if type(colour) ~= 'number' then
    print('Invalid colour "' .. args[3] .. '"')
    return
  end
  local now = redstone.getBundledOutput(side)
  redstone.setBundledOutput(side, value == 'true' and colours.combine(now, colour) or colours.subtract(now, colour))
elseif command == 'pulse' and #args == 4 then
  local side, count, period = args[2], tonumber(args[3]) or 1, tonumber(args[4]) or 0.5
  for i = 1, count do
    redstone.setOutput(side, true)
    sleep(period / 2)
    redstone.setOutput(side, false)
    if i < count then sleep(period / 2) end
  end
else
  usage()
end
