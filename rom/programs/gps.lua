-- gps: `gps host [X Y Z]` answers GPS pings on a wireless modem with this computer's position (given, or found
-- with gps.locate); `gps locate` finds and prints this computer's position (docs/craftos/libraries-b.md).

local USAGE = { "Usages:", "gps host", "gps host <x> <y> <z>", "gps locate" }

local function usage()
  for _, line in ipairs(USAGE) do print(line) end
end

--- The first wireless modem's name, or nil.
local function wireless_modem()
  for _, name in ipairs(peripheral.getNames()) do
    if peripheral.getType(name) == "modem" and peripheral.call(name, "isWireless") then return name end
  end
end

--- Serves GPS requests forever from position (x, y, z).
local function host(x, y, z)
  if pocket then
    print("GPS Hosts must be stationary")
    return
  end
  local modem = wireless_modem()
  if not modem then
    print("No wireless modems found. 1 required.")
    return
  end
  if x == nil then
    x, y, z = gps.locate(2, true)
    if x == nil then
      print('Run "gps host <x> <y> <z>" to set position manually')
      return
    end
  end
  peripheral.call(modem, "open", gps.CHANNEL_GPS)
  print("Opened channel on " .. modem)
  print("Position is " .. tostring(x) .. "," .. tostring(y) .. "," .. tostring(z))
  print("Serving GPS requests")
  local served = 0
  while true do
    local _, side, channel, reply, message, distance = os.pullEvent("modem_message")
    if side == modem and channel == gps.CHANNEL_GPS and message == "PING" and distance then
      peripheral.call(modem, "transmit", reply, gps.CHANNEL_GPS, { x, y, z })
      served = served + 1
      local _, row = term.getCursorPos()
      if served > 1 then term.setCursorPos(1, row - 1) end
      print(served .. " GPS request" .. (served == 1 and "" or "s") .. " served")
    end
  end
end

local command, a, b, c = ...
if command == "locate" then
  gps.locate(2, true)
elseif command == "host" then
  if a == nil then
    host()
  else
    local x, y, z = tonumber(a), tonumber(b), tonumber(c)
    if x == nil or y == nil or z == nil then return usage() end
    host(x, y, z)
  end
else
  usage()
end
